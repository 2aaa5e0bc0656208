"""Notifications: per-user notices (assignment, reminder, overdue, escalation), in-app and by e-mail.

A notice is written in the same transaction as what caused it (an assignment, an SLA timer firing);
users with an e-mail address also get an `email` job, which a worker sends through SMTP with retries
(engine/scheduler/jobs.py). Read by `GET /notifications`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from .db.models import Job, Membership, Notification, TaskRow, User
from .errors import NotFound, ValidationFailed
from .identity import Actor
from .management import is_row_id

KINDS = ("assignment", "reminder", "overdue", "escalation")
_TITLES = {
    "assignment": "Công việc mới được giao: {name} / New task assigned: {name}",
    "reminder": "Sắp đến hạn: {name} / Due soon: {name}",
    "overdue": "Quá hạn: {name} / Overdue: {name}",
    "escalation": "Chuyển cấp trên — quá hạn: {name} / Escalated, overdue: {name}",
}


@dataclass
class NotificationView:
    id: int
    kind: str
    title: str
    body: str
    task_id: str | None
    instance_id: str | None
    created_at: str
    read_at: str | None
    email_status: str

    @classmethod
    def of(cls, n: Notification) -> NotificationView:
        return cls(n.id, n.kind, n.title, n.body, n.task_id, n.instance_id, n.created_at.isoformat(),
                   n.read_at.isoformat() if n.read_at else None, n.email_status)


class NotificationService:
    def __init__(self, engine) -> None:
        self._engine = engine

    # --- reading (the user's own notices only) --------------------------------------------------------
    def list(self, actor: Actor, unread: bool = False, page: int = 1, per_page: int = 50
             ) -> tuple[list[NotificationView], int]:
        """The caller's notices, newest first, and how many there are."""
        if page < 1 or not 1 <= per_page <= 500:
            raise ValidationFailed("page must be >= 1 and per_page between 1 and 500")
        q = select(Notification).where(Notification.username == actor.username)
        if unread:
            q = q.where(Notification.read_at.is_(None))
        with self._engine.reader() as uow:
            total = uow.session.execute(select(func.count()).select_from(q.subquery())).scalar_one()
            rows = uow.session.execute(q.order_by(Notification.created_at.desc(), Notification.id.desc())
                                       .offset((page - 1) * per_page).limit(per_page)).scalars()
            return [NotificationView.of(n) for n in rows], total

    def mark_read(self, notification_id: int, actor: Actor) -> NotificationView:
        """Mark one of the caller's notices read. NotFound for another user's notice or an unknown id."""
        with self._engine.uow() as uow:
            row = uow.session.get(Notification, notification_id) if is_row_id(notification_id) else None
            if row is None or row.username != actor.username:
                raise NotFound(f"no notification {notification_id}")
            if row.read_at is None:
                row.read_at = self._engine.clock.now()
            view = NotificationView.of(row)
            uow.commit()
            return view

    def mark_all_read(self, actor: Actor) -> int:
        """Mark every unread notice of the caller read; returns how many."""
        with self._engine.uow() as uow:
            done = uow.session.execute(update(Notification).where(
                Notification.username == actor.username, Notification.read_at.is_(None))
                .values(read_at=self._engine.clock.now())).rowcount
            uow.commit()
            return done

    # --- writing (inside the caller's transaction) -------------------------------------------------
    def notify(self, session, usernames: Iterable[str], kind: str, task: TaskRow | dict,
               now: datetime, body: str = "") -> list[Notification]:
        """Write one notice per user (and an e-mail job for those with an address). Unknown or
        inactive users are skipped; the caller commits."""
        if kind not in KINDS:
            raise ValidationFailed(f"unknown notification kind {kind!r}")
        get = task.get if isinstance(task, dict) else lambda k: getattr(task, k)
        names = sorted(set(usernames))
        if not names:
            return []
        users = {u.username: u for u in session.execute(select(User).where(
            User.username.in_(names), User.active.is_(True))).scalars()}
        settings = self._engine.settings
        rows = []
        for name in names:
            user = users.get(name)
            if user is None:
                continue
            row = Notification(username=name, kind=kind, task_id=get("id"), instance_id=get("instance_id"),
                               title=_TITLES[kind].format(name=get("name"))[:300], body=body,
                               created_at=now, read_at=None, email_status="pending" if user.email else "none")
            session.add(row)
            rows.append((row, user))
        session.flush()  # the e-mail jobs name their notice
        for row, user in rows:
            if user.email:
                session.add(Job(type="email", topic="email", instance_id=None, payload={
                    "notification_id": row.id, "to": user.email}, status="waiting", attempts=0,
                    max_attempts=settings.job_attempts, backoff_seconds=settings.job_backoff_seconds,
                    due_at=now - timedelta(microseconds=1), created_at=now))
        return [r for r, _ in rows]

    def candidates(self, session, task: TaskRow | dict) -> list[str]:
        """Who a reminder goes to: the assignee, else every member of the task's candidate groups."""
        get = task.get if isinstance(task, dict) else lambda k: getattr(task, k)
        if get("assignee"):
            return [get("assignee")]
        groups = list(get("candidate_groups") or [])
        return self._members(session, groups) if groups else []

    def supervisors(self, session, task: TaskRow | dict) -> list[str]:
        """Who an escalation goes to: users with role supervisor in the task's candidate groups (for a
        task without groups, in its assignee's groups)."""
        get = task.get if isinstance(task, dict) else lambda k: getattr(task, k)
        groups = list(get("candidate_groups") or [])
        if not groups and get("assignee"):
            groups = list(session.execute(select(Membership.group_code).join(User).where(
                User.username == get("assignee"))).scalars())
        return [u.username for u in self._users_in(session, groups) if "supervisor" in (u.roles or [])]

    def _members(self, session, groups: list[str]) -> list[str]:
        return [u.username for u in self._users_in(session, groups)]

    def _users_in(self, session, groups: list[str]) -> list[User]:
        if not groups:
            return []
        members = select(Membership.user_id).where(Membership.group_code.in_(groups))
        return list(session.execute(select(User).where(User.id.in_(members), User.active.is_(True))
                                    .order_by(User.username)).scalars())
