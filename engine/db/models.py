"""Database tables of the engine (SQLAlchemy 2 typed declarative mapping).

The SpiffWorkflow state of an instance is one serialized blob; everything people query (task lists,
timers, message subscriptions, history) lives in its own indexed table, written in the same transaction.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Timezone-aware datetimes on every backend: stored as UTC, read back as aware UTC.

    SQLite has no timezone type and returns naive values; without this the same query would give
    naive datetimes on SQLite and aware ones on PostgreSQL.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use engine.clock")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}


class Group(Base):
    __tablename__ = "groups"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    roles: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    memberships: Mapped[list[Membership]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def groups(self) -> list[str]:
        return sorted(m.group_code for m in self.memberships)


class Membership(Base):
    __tablename__ = "memberships"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    group_code: Mapped[str] = mapped_column(ForeignKey("groups.code"), primary_key=True, index=True)


class Deployment(Base):
    __tablename__ = "deployments"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    deployed_at: Mapped[datetime]
    deployed_by: Mapped[str] = mapped_column(String(100))
    resources: Mapped[list[Resource]] = relationship(back_populates="deployment", lazy="selectin")


class Resource(Base):
    """One file of a deployment: BPMN, DMN or form JSON, stored verbatim."""

    __tablename__ = "resources"
    id: Mapped[int] = mapped_column(primary_key=True)
    deployment_id: Mapped[int] = mapped_column(ForeignKey("deployments.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))  # bpmn | dmn | form
    content: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str] = mapped_column(String(64))
    deployment: Mapped[Deployment] = relationship(back_populates="resources")


class ProcessDefinition(Base):
    """An immutable, numbered version of one process (by its BPMN process id = key)."""

    __tablename__ = "process_definitions"
    __table_args__ = (UniqueConstraint("key", "version", name="uq_definition_key_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300), default="")
    executable: Mapped[bool] = mapped_column(Boolean)
    deployment_id: Mapped[int] = mapped_column(ForeignKey("deployments.id"))
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"))
    # Every BPMN/DMN resource the parser needs for this version (own file, called processes, decisions).
    resource_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    lane_groups: Mapped[dict[str, Any]] = mapped_column(default=dict)
    starter_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    message_starts: Mapped[list[str]] = mapped_column(JSON, default=list)
    signal_starts: Mapped[list[str]] = mapped_column(JSON, default=list)
    checksum: Mapped[str] = mapped_column(String(64))
    deployed_at: Mapped[datetime]
    deployed_by: Mapped[str] = mapped_column(String(100))


class ProcessInstance(Base):
    __tablename__ = "process_instances"
    __table_args__ = (Index("ix_instance_def_status", "definition_key", "status"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Not indexed: nothing looks instances up by definition id (lists filter by definition_key) and
    # definitions are never deleted; every index here costs on each insert and status update.
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"))
    definition_key: Mapped[str] = mapped_column(String(200))
    definition_version: Mapped[int] = mapped_column(Integer)
    business_key: Mapped[str | None] = mapped_column(String(200), index=True)
    # running | waiting | suspended | completed | terminated | error
    status: Mapped[str] = mapped_column(String(20), index=True)
    state: Mapped[str] = mapped_column(Text)
    state_format: Mapped[str] = mapped_column(String(40))
    variables: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active_elements: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime]
    started_by: Mapped[str] = mapped_column(String(100))
    ended_at: Mapped[datetime | None]
    # Head of this instance's history chain (see engine/history.py), kept here so that appending
    # costs no extra row and deleting the newest events is detectable.
    history_seq: Mapped[int] = mapped_column(Integer, default=0)
    history_hash: Mapped[str] = mapped_column(String(64), default="0" * 64)
    # Optimistic lock: every write bumps it; a writer holding a stale copy gets a conflict.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class TaskRow(Base):
    """The task-list projection of one human task (a SpiffWorkflow user/manual task)."""

    __tablename__ = "tasks"
    __table_args__ = (
        # Matches the default task-list order (due_at NULLS LAST, created_at, id), so "open tasks,
        # overdue first" reads the index in order and stops at LIMIT instead of sorting every open task.
        Index("ix_task_state_due", "state", "due_at", "created_at", "id"),
        Index("ix_task_assignee_state", "assignee", "state"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instances.id"), index=True)
    definition_key: Mapped[str] = mapped_column(String(200))
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300), default="")
    lane: Mapped[str | None] = mapped_column(String(200))
    candidate_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    assignee: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    due_at: Mapped[datetime | None]
    follow_up_at: Mapped[datetime | None]
    priority: Mapped[int] = mapped_column(Integer, default=50)
    form_key: Mapped[str | None] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(20))  # open | completed | cancelled
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[str | None] = mapped_column(String(100))
    # Set by the task's overdue timer (engine/scheduler/sla.py) when due_at passed with the task open.
    overdue: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    candidate_rows: Mapped[list[TaskCandidateGroup]] = relationship(cascade="all, delete-orphan",
                                                                    lazy="noload")


class TaskCandidateGroup(Base):
    """Candidate groups as rows, so "tasks of my groups" is an indexed join, not a JSON scan.

    The task's state, due and creation time are copied here (kept in step by the projection and the
    task service), so an officer's list, "open tasks of my group, soonest due first", walks
    ix_candidate_state_due in order and stops at LIMIT, and its total is an index-only count.
    """

    __tablename__ = "task_candidate_groups"
    __table_args__ = (
        Index("ix_candidate_state_due", "group_code", "state", "due_at", "created_at", "task_id"),)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    group_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default="open")
    due_at: Mapped[datetime | None]
    created_at: Mapped[datetime | None]


class TaskComment(Base):
    __tablename__ = "task_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id"), index=True)
    author: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)


class Timer(Base):
    """A waiting timer with its due time; the dispatcher fires due rows (engine/scheduler/).

    `handler` says what firing does: `event` advances a BPMN timer event of an instance, `start` starts
    a new instance of a definition (timer start event; no instance yet), `reminder`, `overdue` and
    `escalation` are the SLA timers of one open task row (`task_id` is then the task row id).
    """

    __tablename__ = "timers"
    __table_args__ = (Index("ix_timer_status_due", "status", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # For a start timer: the instance it started, once fired.
    instance_id: Mapped[str | None] = mapped_column(ForeignKey("process_instances.id"), index=True)
    definition_id: Mapped[int | None] = mapped_column(ForeignKey("process_definitions.id"), index=True)
    task_id: Mapped[str | None] = mapped_column(String(36))
    element_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # time_date | duration | cycle | cron
    handler: Mapped[str] = mapped_column(String(20), default="event", server_default="event")
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))  # waiting | fired | cancelled | failed
    # Handler data: for start timers the expression and which occurrence this row is.
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Lease: a dispatcher that claimed the row and died gives it back when claimed_until passes.
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    fired_at: Mapped[datetime | None]
    fired_by: Mapped[str | None] = mapped_column(String(100))


class Job(Base):
    """Background work with retries: a service task's connector call, or an e-mail notification.

    A failed attempt is retried after an exponentially growing delay (due_at moves on); after the last
    attempt the job becomes `failed` and an incident is opened.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_job_status_due", "status", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))  # connector | email
    topic: Mapped[str] = mapped_column(String(200))  # connector name, e.g. portal.publish
    instance_id: Mapped[str | None] = mapped_column(ForeignKey("process_instances.id"), index=True)
    task_id: Mapped[str | None] = mapped_column(String(36))  # the waiting SpiffWorkflow task
    element_id: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The connector's output once it succeeded; kept so a result is never produced twice.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))  # waiting | done | failed | cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer)
    backoff_seconds: Mapped[float] = mapped_column(Float)
    due_at: Mapped[datetime]
    created_at: Mapped[datetime]
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    last_error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None]


class Incident(Base):
    """Work that could not be done: a job that used up its attempts (`job_id`) or a timer start event
    whose instance could not start (`timer_id`). `retry` runs it again and resolves the incident."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incident_status", "status", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id"), index=True)
    timer_id: Mapped[int | None] = mapped_column(ForeignKey("timers.id"))
    instance_id: Mapped[str | None] = mapped_column(String(36), index=True)
    definition_key: Mapped[str | None] = mapped_column(String(200))
    element_id: Mapped[str | None] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(40))  # failed_job | failed_timer
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))  # open | resolved
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(100))


class Notification(Base):
    """An in-app notice to one user (assignment, reminder, overdue, escalation), maybe also e-mailed."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notification_user", "username", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # assignment | reminder | overdue | escalation
    task_id: Mapped[str | None] = mapped_column(String(36))
    instance_id: Mapped[str | None] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
    email_status: Mapped[str] = mapped_column(String(20))  # none | pending | sent | failed


class MessageSubscription(Base):
    """An instance waiting for a message name with a correlation key."""

    __tablename__ = "message_subscriptions"
    __table_args__ = (Index("ix_subscription_lookup", "message_name", "correlation_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instances.id"), index=True)
    task_id: Mapped[str] = mapped_column(String(36))
    element_id: Mapped[str] = mapped_column(String(200))
    message_name: Mapped[str] = mapped_column(String(200))
    correlation_key: Mapped[str | None] = mapped_column(String(200))


class SignalSubscription(Base):
    """An instance waiting for a signal: a catch or boundary event (task_id), or an event subprocess
    with a signal start (task_id is the root task of the scope that holds it)."""

    __tablename__ = "signal_subscriptions"
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("process_instances.id"), index=True)
    task_id: Mapped[str] = mapped_column(String(36))
    element_id: Mapped[str] = mapped_column(String(200))
    signal_name: Mapped[str] = mapped_column(String(200), index=True)


class HistoryEvent(Base):
    """Append-only, hash-chained record of every change; one chain per instance ('system' otherwise)."""

    __tablename__ = "history_events"
    __table_args__ = (UniqueConstraint("chain", "seq", name="uq_history_chain_seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(Integer)
    # Not indexed: an instance's events are read by chain (= instance id), which uq_history_chain_seq
    # covers; one index fewer makes every append cheaper.
    instance_id: Mapped[str | None] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(40))
    element_id: Mapped[str | None] = mapped_column(String(200))
    task_id: Mapped[str | None] = mapped_column(String(36))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ChainHead(Base):
    """The latest seq and hash of the system chain (instance chains keep theirs on the instance row)."""

    __tablename__ = "history_chain_heads"
    chain: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
