"""Identity: users, groups (agencies by stable code) and roles.

Roles are orthogonal to groups: an officer of so-tttt works the tasks of so-tttt; a supervisor reads
everything. Passwords are hashed with argon2.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import bindparam, func, select

from .db.models import Group, Membership, User
from .errors import NotFound, ValidationFailed
from .organisation import Directory, Organisation, OrgGroup, configured_directory
from .paging import check_page

# An active user's roles with each of their groups (one row per group; one row with no group if none).
_ACTOR = (select(User.roles, Membership.group_code, User.token_generation)
          .outerjoin(Membership, Membership.user_id == User.id)
          .where(User.username == bindparam("username"), User.active.is_(True)))
_GROUPS = select(Group.code, Group.name_vi, Group.name_en, Group.kind, Group.parent, Group.functions) \
    .order_by(Group.code)
# How long a process trusts the organisation it read from the groups table (it changes only at seeding;
# a seeding in this process refreshes it at once).
DIRECTORY_TTL_SECONDS = 60.0
ROLES = ("officer", "spokesperson", "supervisor", "analyst", "auditor", "admin")
_hasher = PasswordHasher()
# Names the engine's own actors use; no user may take one (engine/permissions.py has the rules).
SYSTEM_USERNAMES = frozenset({"system", "timer", "engine", "connector", "dispatcher"})


def is_reserved_username(username: str) -> bool:
    return username.strip().lower() in SYSTEM_USERNAMES


@dataclass(frozen=True)
class Actor:
    """Who is calling an engine service: a user name with roles and groups, or one of the engine's own
    actors (`system=True`, built in code only: no user row, no sign-in, see engine/permissions.py)."""

    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    groups: frozenset[str] = field(default_factory=frozenset)
    system: bool = False

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles)) or "admin" in self.roles

    @property
    def sees_everything(self) -> bool:
        return self.has_role("supervisor", "auditor")


SYSTEM = Actor("system", frozenset({"admin"}), system=True)


class IdentityService:
    def __init__(self, engine) -> None:
        self._engine = engine
        self._directory: tuple[float, Directory] | None = None

    def ensure_group(self, code: str, name_vi: str, name_en: str = "", *, kind: str = "",
                     parent: str | None = None, functions: Iterable[str] = ()) -> None:
        with self._engine.uow() as uow:
            _upsert_group(uow.session, OrgGroup(code, name_vi, name_en, kind, parent, tuple(functions)))
            uow.commit()
        self._directory = None

    def seed_organisation(self, org: Organisation) -> None:
        """Write the organisation's groups (one transaction). A group the file no longer has stays (tasks
        and members may name it) but loses its kind and functions, so models stop finding it."""
        with self._engine.uow() as uow:
            for group in uow.session.execute(select(Group).where(Group.code.not_in(org.codes))).scalars():
                group.kind, group.functions = "", []
            for group in org.groups:
                _upsert_group(uow.session, group)
            uow.commit()
        self._directory = None

    def directory(self, session=None) -> Directory:
        """The organisation this engine's database was seeded with (kinds, leaders, functions), read
        with `session` when given (inside a step's transaction) and kept for DIRECTORY_TTL_SECONDS.
        A database seeded without an organisation file (groups without kinds) falls back to the
        configured one (PRESSDESK_ORGANISATION)."""
        cached = self._directory
        if cached is not None and time.monotonic() - cached[0] < DIRECTORY_TTL_SECONDS:
            return cached[1]
        if session is None:
            with self._engine.reader() as uow:
                rows = uow.session.execute(_GROUPS).all()
        else:
            rows = session.execute(_GROUPS).all()
        groups = [OrgGroup(code, vi, en, kind or "", parent, tuple(functions or ()))
                  for code, vi, en, kind, parent, functions in rows]
        found = Directory.of(groups) if any(g.kind for g in groups) else configured_directory()
        self._directory = (time.monotonic(), found)
        return found

    def group_codes(self) -> set[str]:
        with self._engine.uow() as uow:
            return set(uow.session.execute(select(Group.code)).scalars())

    def create_user(self, username: str, *, password: str | None = None, roles: Iterable[str] = (),
                    groups: Iterable[str] = (), display_name: str = "", email: str | None = None,
                    replace: bool = False, check_policy: bool = False, by: str | None = None) -> Actor:
        """Create (or with `replace`, overwrite) a user. `check_policy` applies the password policy
        (engine/security.py), as the API does; changing the password of a user revokes their tokens."""
        from .security import record_event, revoke_tokens

        roles, groups = sorted(set(roles)), sorted(set(groups))
        if is_reserved_username(username):
            raise ValidationFailed(f"{username!r} is the name of one of the engine's own actors",
                                   [{"field": "username", "message": "reserved"}])
        if password and check_policy:
            self._engine.security.check_password(username, password)
        unknown_roles = [r for r in roles if r not in ROLES]
        if unknown_roles:
            raise ValidationFailed(f"unknown role(s): {', '.join(unknown_roles)}")
        with self._engine.uow() as uow:
            known = set(uow.session.execute(select(Group.code).where(Group.code.in_(groups))).scalars())
            missing = [g for g in groups if g not in known]
            if missing:
                raise ValidationFailed(f"unknown group(s): {', '.join(missing)}")
            user = uow.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
            if user is not None and not replace:
                raise ValidationFailed(f"user {username!r} already exists")
            if user is None:
                user = User(username=username)
                uow.session.add(user)
            user.display_name = display_name or username
            user.email = email
            user.roles = roles
            created = user.id is None
            if password:
                user.password_hash = _hasher.hash(password)
            elif created:
                user.password_hash = None  # a new user without a password cannot sign in locally
            user.memberships = [Membership(group_code=g) for g in groups]
            now = self._engine.clock.now()
            if created:
                record_event(uow.session, now, "user_created", username, actor=by)
            elif password:
                uow.session.flush()
                revoke_tokens(uow.session, username)
                record_event(uow.session, now, "password_changed", username, actor=by)
            uow.commit()
        return Actor(username, frozenset(roles), frozenset(groups))

    def users(self, page: int = 1, per_page: int = 50) -> tuple[list[dict[str, Any]], int]:
        """A page of users by name, and how many there are."""
        offset = check_page(page, per_page)
        with self._engine.reader() as uow:
            total = uow.session.execute(select(func.count()).select_from(User)).scalar_one()
            rows = uow.session.execute(select(User).order_by(User.username).offset(offset)
                                       .limit(per_page)).scalars()
            return [_user_dict(u) for u in rows], total

    def user(self, username: str) -> dict[str, Any]:
        with self._engine.reader() as uow:
            return _user_dict(self._user_row(uow.session, username))

    def set_active(self, username: str, active: bool, by: str | None = None) -> dict[str, Any]:
        """Enable or disable a user; a disabled user cannot sign in and their tokens stop working for
        good (enabling them again does not revive the old tokens)."""
        from .security import record_event, revoke_tokens

        with self._engine.uow() as uow:
            user = self._user_row(uow.session, username)
            user.active = active
            if not active:
                uow.session.flush()
                revoke_tokens(uow.session, username)
            record_event(uow.session, self._engine.clock.now(), "user_enabled" if active else "user_disabled",
                         username, actor=by)
            uow.commit()
            uow.session.refresh(user)
            return _user_dict(user)

    @staticmethod
    def _user_row(session, username: str) -> User:
        user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None:
            raise NotFound(f"no such user: {username}")
        return user

    def actor(self, username: str) -> Actor:
        """The active user's roles and groups (one read, no transaction; every API request asks)."""
        return self.signed_in(username)[0]

    def signed_in(self, username: str) -> tuple[Actor, int]:
        """The active user's actor and current token generation (tokens of older ones are revoked)."""
        with self._engine.reader() as uow:
            rows = uow.session.execute(_ACTOR, {"username": username}).all()
        if not rows:
            raise NotFound(f"no such user: {username}")
        groups = frozenset(code for _, code, _ in rows if code is not None)
        return Actor(username, frozenset(rows[0][0] or ()), groups), rows[0][2] or 0


def _upsert_group(session, g: OrgGroup) -> None:
    group = session.get(Group, g.code)
    if group is None:
        group = Group(code=g.code)
        session.add(group)
    group.name_vi, group.name_en = g.vi, g.en
    group.kind, group.parent, group.functions = g.kind, g.parent, sorted(g.functions)


def _user_dict(user: User) -> dict[str, Any]:
    return {"username": user.username, "display_name": user.display_name, "email": user.email,
            "roles": sorted(user.roles or []), "groups": user.groups, "active": user.active}
