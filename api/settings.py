"""Web settings, read from PRESSDESK_* environment variables (documented in the README)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from engine.config import _int


@dataclass
class ApiSettings:
    # Lifetime of an access token issued by POST /api/v1/auth/token.
    token_ttl_seconds: int = field(default_factory=lambda: _int("PRESSDESK_TOKEN_TTL_SECONDS", 3600))
    # Largest request body accepted (413 above it); a little more than the largest model file.
    max_request_bytes: int = field(
        default_factory=lambda: _int("PRESSDESK_MAX_REQUEST_BYTES", 6 * 1024 * 1024))
    # Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: use the socket address).
    # Sign-in throttling per address needs the real client address.
    proxy_hops: int = field(default_factory=lambda: _int("PRESSDESK_PROXY_HOPS", 0))
    # Deepest nesting of arrays/objects accepted in a JSON body (400 beyond it, before parsing).
    max_json_depth: int = field(default_factory=lambda: _int("PRESSDESK_MAX_JSON_DEPTH", 32))
    # How long a user's roles and groups, once read, are trusted without reading them again. A user who
    # is disabled or loses a role is refused at most this long after the change.
    actor_cache_seconds: int = field(default_factory=lambda: _int("PRESSDESK_ACTOR_CACHE_SECONDS", 5))
    # Issuer written into and required from local tokens.
    token_issuer: str = field(default_factory=lambda: os.environ.get("PRESSDESK_TOKEN_ISSUER", "pressdesk"))
