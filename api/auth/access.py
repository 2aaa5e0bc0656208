"""Authentication and the role gate of every endpoint.

`@access(roles)` on a view: a missing or bad bearer token answers 401, a user without one of the roles
403; otherwise the caller's engine `Actor` is available as `actor()`. Which objects the actor may see or
change (an agency's tasks, the instances they touch) is the engine's business, not this gate's.
"""
from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from functools import wraps
from typing import Any

from flask import current_app, g, request
from flask_smorest import abort

from engine.errors import NotFound
from engine.identity import Actor

from .tokens import InvalidToken

# Role groups used by the endpoints (admin passes every gate: Actor.has_role).
ANYONE = ()
WORKERS = ("officer", "spokesperson", "supervisor")
READERS = ("officer", "spokesperson", "supervisor", "auditor")
SUPERVISORS = ("supervisor",)
ANALYSTS = ("analyst",)
AUDITORS = ("auditor",)
ADMINS = ("admin",)


def actor() -> Actor:
    return g.actor


def _unauthorized(message: str, code: str) -> None:
    abort(401, message=message, code=code, headers={"WWW-Authenticate": 'Bearer realm="pressdesk"'})


def authenticate() -> Actor:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        _unauthorized("this endpoint needs an 'Authorization: Bearer <token>' header", "unauthorized")
    ext = current_app.extensions["pressdesk_auth"]
    try:
        claims = ext.verifier.verify(token.strip())
    except InvalidToken as exc:
        _unauthorized(exc.message, exc.code)
    try:
        return current_app.extensions["pressdesk"].identity.actor(claims.subject)
    except NotFound:
        _unauthorized("the user of this token no longer exists or is disabled", "invalid_token")
    raise AssertionError("unreachable")


def access(*roles: str) -> Callable:
    """Require a valid token and, if roles are given, one of them."""
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            who = authenticate()
            if roles and not who.has_role(*roles):
                abort(403, code="forbidden",
                      message=f"this needs one of the roles: {', '.join(roles)}")
            g.actor = who
            return view(*args, **kwargs)
        # Published in the OpenAPI document as an extension of the operation.
        wrapper._apidoc = deepcopy(getattr(view, "_apidoc", {}))
        wrapper._apidoc.setdefault("manual_doc", {})["x-roles"] = [*roles, "admin"] if roles else ["any"]
        return wrapper
    return decorate
