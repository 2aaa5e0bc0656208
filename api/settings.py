"""Web settings, read from PRESSDESK_* environment variables (documented in the README)."""
from __future__ import annotations

from pydantic import Field

from engine.config import PressdeskSettings


class ApiSettings(PressdeskSettings):
    # Lifetime of an access token issued by POST /api/v1/auth/token.
    token_ttl_seconds: int = Field(3600, gt=0)
    # Largest request body accepted (413 above it); a little more than the largest model file.
    max_request_bytes: int = Field(6 * 1024 * 1024, gt=0)
    # Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: use the socket address).
    # Sign-in throttling per address needs the real client address.
    proxy_hops: int = Field(0, ge=0)
    # Deepest nesting of arrays/objects accepted in a JSON body (400 beyond it, before parsing).
    max_json_depth: int = Field(32, gt=0)
    # How long a user's roles and groups, once read, are trusted without reading them again. A user who
    # is disabled or loses a role is refused at most this long after the change.
    actor_cache_seconds: int = Field(5, ge=0)
    # Issuer written into and required from local tokens.
    token_issuer: str = "pressdesk"
