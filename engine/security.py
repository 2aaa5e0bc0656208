"""Sign-in security: throttling and lockout, the password policy, token revocation and security events.

Failed sign-ins are counted per user name and per client address in the database, so the limits hold
across every gunicorn worker and process. An attempt is charged before the password is checked and
refunded when it succeeds, so parallel guesses cannot overrun the limit. An unknown user name, a
disabled user and a wrong password get the same answer after the same work (one argon2 verification),
and a lockout answers the same whether the name exists or not.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from .db.models import SecurityEvent, SignInThrottle, User
from .errors import TooManyAttempts, Unauthenticated, ValidationFailed
from .identity import Actor, is_reserved_username
from .paging import check_page

EVENT_TYPES = ("sign_in", "sign_in_failed", "lockout", "sign_out", "password_changed", "user_created",
               "user_disabled", "user_enabled")
_hasher = PasswordHasher()
# Verified when the user does not exist or has no password, so that answer costs the same work.
_DUMMY_HASH = _hasher.hash("pressdesk: no such user")
_COMMON = frozenset(word for line in Path(__file__).with_name("common_passwords.txt")
                    .read_text(encoding="utf-8").splitlines() if not line.startswith("#")
                    for word in line.split())
WRONG = "wrong user name or password"


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in: who, and the token generation the issued token must carry."""

    actor: Actor
    generation: int


def record_event(session, at: datetime, type_: str, username: str | None = None, *,
                 address: str | None = None, actor: str | None = None, **data: Any) -> None:
    """Add one security event to the caller's unit of work."""
    session.add(SecurityEvent(at=at, type=type_, username=username, address=(address or "")[:100] or None,
                              actor=actor, data=data))


def password_problems(username: str, password: str, min_length: int) -> list[str]:
    """What is wrong with a new password (empty when it is acceptable)."""
    problems = []
    if len(password) < min_length:
        problems.append(f"a password needs at least {min_length} characters")
    lowered = password.casefold()
    if username and username.casefold() in lowered:
        problems.append("a password must not contain the user name")
    if lowered in _COMMON or lowered.rstrip("0123456789!.") in _COMMON or len(set(password)) < 4:
        problems.append("this password is too common or too easy to guess")
    return problems


class SecurityService:
    def __init__(self, engine) -> None:
        self._engine = engine
        self._settings = engine.settings

    # --- sign-in -----------------------------------------------------------------------------------
    def sign_in(self, username: str, password: str, address: str | None) -> SignedIn:
        """The user's actor and token generation; raises Unauthenticated (any wrong credential) or
        TooManyAttempts (locked: the same for every user name, known or not)."""
        keys = [("user", username[:100])] + ([("address", address[:100])] if address else [])
        self._charge(keys)
        found = self._verify(username, password)
        with self._engine.uow() as uow:
            now = self._engine.clock.now()
            rows = self._rows(uow, keys)
            if found is None:
                record_event(uow.session, now, "sign_in_failed", username, address=address)
                for row in rows:
                    limit = self._limit(row.scope)
                    if row.failures >= limit:
                        row.locked_until = now + timedelta(seconds=self._settings.signin_lockout_seconds)
                        row.failures, row.window_started_at = 0, now
                        record_event(uow.session, now, "lockout", username, address=address,
                                     scope=row.scope, failures=limit)
                uow.commit()
                raise Unauthenticated(WRONG)
            for row in rows:  # a success refunds the attempt; the user name starts afresh
                row.failures = 0 if row.scope == "user" else max(0, row.failures - 1)
            record_event(uow.session, now, "sign_in", username, address=address)
            uow.commit()
        return found

    def sign_out(self, username: str, address: str | None = None) -> None:
        """Revoke every token of the user (the next request with one of them gets 401)."""
        with self._engine.uow() as uow:
            revoke_tokens(uow.session, username)
            record_event(uow.session, self._engine.clock.now(), "sign_out", username, address=address)
            uow.commit()

    def _limit(self, scope: str) -> int:
        s = self._settings
        return s.signin_max_failures if scope == "user" else s.signin_address_max_failures

    def _rows(self, uow, keys: list[tuple[str, str]]) -> list[SignInThrottle]:
        stmt = (select(SignInThrottle).where(tuple_(SignInThrottle.scope, SignInThrottle.key).in_(keys))
                .order_by(SignInThrottle.scope, SignInThrottle.key).with_for_update())
        return list(uow.session.execute(stmt).scalars())

    def _charge(self, keys: list[tuple[str, str]]) -> None:
        """Count this attempt before the password is checked; refuse it while a key is locked or its
        window already holds as many attempts as the limit allows."""
        with self._engine.uow() as uow:
            now = self._engine.clock.now()
            dialect = postgresql if self._engine.is_postgres else sqlite
            for scope, key in keys:
                uow.session.execute(dialect.insert(SignInThrottle)
                                    .values(scope=scope, key=key, failures=0, window_started_at=now)
                                    .on_conflict_do_nothing())
            rows = self._rows(uow, keys)
            window = timedelta(seconds=self._settings.signin_window_seconds)
            wait = 0
            for row in rows:
                if row.locked_until is not None and row.locked_until > now:
                    wait = max(wait, int((row.locked_until - now).total_seconds()) + 1)
                    continue
                if row.locked_until is not None or now - row.window_started_at >= window:
                    row.failures, row.window_started_at, row.locked_until = 0, now, None
                if row.failures >= self._limit(row.scope):
                    wait = max(wait, int((row.window_started_at + window - now).total_seconds()) + 1)
            if wait:
                uow.commit()
                raise TooManyAttempts("too many failed sign-ins; try again later", wait)
            for row in rows:
                row.failures += 1
            uow.commit()

    def _verify(self, username: str, password: str) -> SignedIn | None:
        with self._engine.reader() as uow:
            user = uow.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
            usable = user is not None and user.active and bool(user.password_hash) \
                and not is_reserved_username(username)  # the engine's own actors never sign in
            try:
                _hasher.verify(user.password_hash if usable else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
            if not usable:
                return None
            return SignedIn(Actor(user.username, frozenset(user.roles), frozenset(user.groups)),
                            user.token_generation)

    # --- events ------------------------------------------------------------------------------------
    def events(self, page: int = 1, per_page: int = 50, type_: str | None = None,
               username: str | None = None) -> tuple[list[dict[str, Any]], int]:
        """A page of security events, newest first, and how many match."""
        offset = check_page(page, per_page)
        if type_ is not None and type_ not in EVENT_TYPES:
            raise ValidationFailed(f"unknown event type: {type_}")
        query = select(SecurityEvent)
        if type_:
            query = query.where(SecurityEvent.type == type_)
        if username:
            query = query.where(SecurityEvent.username == username)
        with self._engine.reader() as uow:
            total = uow.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
            rows = uow.session.execute(query.order_by(SecurityEvent.id.desc()).offset(offset)
                                       .limit(per_page)).scalars()
            return [{"id": e.id, "at": e.at, "type": e.type, "username": e.username, "address": e.address,
                     "actor": e.actor, "data": e.data or {}} for e in rows], total

    def check_password(self, username: str, password: str) -> None:
        problems = password_problems(username, password, self._settings.password_min_length)
        if problems:
            raise ValidationFailed(problems[0], [{"field": "password", "location": "json", "message": p}
                                                 for p in problems])


def revoke_tokens(session, username: str) -> None:
    """Make every token issued so far to the user unusable (in the caller's unit of work)."""
    session.execute(update(User).where(User.username == username)
                    .values(token_generation=User.token_generation + 1))
