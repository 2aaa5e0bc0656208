"""Authentication and the role gate of every endpoint.

`@access(roles)` on a view: a missing or bad bearer token answers 401, a user without one of the roles
403; otherwise the caller's engine `Actor` is available as `actor()`. Which objects the actor may see or
change (an agency's tasks, the instances they touch) is the engine's business, not this gate's.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from copy import deepcopy
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from flask import current_app, g, request
from flask_smorest import abort

from engine.clock import Clock
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


def token_actor(token: str) -> Actor:
    """The actor a bearer token stands for; InvalidToken when it is forged, expired or revoked, or its
    user is unknown or disabled."""
    ext = current_app.extensions["pressdesk_auth"]
    claims = ext.verifier.verify(token)
    try:
        who, generation = ext.actors.get(claims.subject)
    except NotFound:
        raise InvalidToken("the user of this token no longer exists or is disabled") from None
    if claims.generation is not None and claims.generation != generation:
        raise InvalidToken("the bearer token was revoked (signed out, password changed or user disabled)",
                           "token_revoked")
    return who


def authenticate() -> Actor:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        _unauthorized("this endpoint needs an 'Authorization: Bearer <token>' header", "unauthorized")
    try:
        return token_actor(token.strip())
    except InvalidToken as exc:
        _unauthorized(exc.message, exc.code)
    raise AssertionError("unreachable")


class ActorCache:
    """Users' roles, groups and token generation for a few seconds (by the engine clock), so a request
    does not read them every time. A change made in another worker is seen within `ttl_seconds`."""

    def __init__(self, identity, ttl_seconds: float, clock: Clock | None = None) -> None:
        self._identity, self._ttl, self._clock = identity, ttl_seconds, clock or Clock()
        self._known: dict[str, tuple[datetime, tuple[Actor, int]]] = {}
        self._lock = threading.Lock()

    def get(self, username: str) -> tuple[Actor, int]:
        now = self._clock.now()
        hit = self._known.get(username)
        if hit is not None and timedelta(0) <= now - hit[0] < timedelta(seconds=self._ttl):
            return hit[1]
        found = self._identity.signed_in(username)  # NotFound for unknown or disabled users: never cached
        if self._ttl > 0:
            with self._lock:
                if len(self._known) > 10_000:
                    self._known.clear()
                self._known[username] = (now, found)
        return found

    def forget(self, username: str) -> None:
        """Drop a user at once (this worker changed them); other workers see it within the ttl."""
        with self._lock:
            self._known.pop(username, None)


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
