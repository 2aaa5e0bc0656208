"""Who is looking at a page: the bearer token the sign-in page stored in the `pd_token` cookie.

Pages never change anything themselves (their scripts call the JSON API with the same token as a
bearer header), so a cookie is enough to decide whether to render a page or send the user to sign-in.
"""
from __future__ import annotations

from flask import current_app, request

from engine.errors import NotFound
from engine.identity import Actor

TOKEN_COOKIE = "pd_token"


def token_actor(token: str | None) -> Actor | None:
    """The actor a bearer token stands for, or None when it is missing, forged, expired or revoked."""
    auth = current_app.extensions.get("pressdesk_auth")  # the API's verifier (api/auth/tokens.py)
    if not token or auth is None:
        return None
    from api.auth.access import token_actor as verified_actor
    from api.auth.tokens import InvalidToken

    try:
        return verified_actor(token)
    except (InvalidToken, NotFound):
        return None


def page_actor() -> Actor | None:
    return token_actor(request.cookies.get(TOKEN_COOKIE))


def bearer_actor() -> Actor | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token_actor(token.strip()) if scheme.lower() == "bearer" else None
