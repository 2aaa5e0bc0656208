"""Management: what the background machinery is doing — timers, jobs and incidents — and retry.

For supervisors and admins (Camunda's ManagementService). Lists are newest first and paginated;
`retry` gives a failed job new attempts (or re-fires a failed start timer) and resolves its incident.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, select

from . import history, permissions
from .db.models import Incident, Job, TaskRow, Timer
from .errors import IllegalState, NotFound, ValidationFailed
from .identity import Actor
from .projection import Step

TIMER_STATUSES = ("waiting", "fired", "cancelled", "failed")
JOB_STATUSES = ("waiting", "running", "done", "failed", "cancelled")
INCIDENT_STATUSES = ("open", "resolved")


def _iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class TimerView:
    id: int
    handler: str
    kind: str
    element_id: str
    instance_id: str | None
    definition_id: int | None
    task_id: str | None
    due_at: str
    status: str
    fired_at: str | None
    fired_by: str | None

    @classmethod
    def of(cls, t: Timer) -> TimerView:
        return cls(t.id, t.handler, t.kind, t.element_id, t.instance_id, t.definition_id, t.task_id,
                   t.due_at.isoformat(), t.status, _iso(t.fired_at), t.fired_by)


@dataclass
class JobView:
    id: int
    type: str
    topic: str
    instance_id: str | None
    element_id: str | None
    status: str
    attempts: int
    max_attempts: int
    due_at: str
    last_error: str | None
    result: dict[str, Any] | None
    created_at: str
    finished_at: str | None

    @classmethod
    def of(cls, j: Job) -> JobView:
        return cls(j.id, j.type, j.topic, j.instance_id, j.element_id, j.status, j.attempts,
                   j.max_attempts, j.due_at.isoformat(), j.last_error, j.result, j.created_at.isoformat(),
                   _iso(j.finished_at))


@dataclass
class IncidentView:
    id: int
    type: str
    job_id: int | None
    timer_id: int | None
    instance_id: str | None
    definition_key: str | None
    element_id: str | None
    message: str
    status: str
    created_at: str
    resolved_at: str | None
    resolved_by: str | None

    @classmethod
    def of(cls, i: Incident) -> IncidentView:
        return cls(i.id, i.type, i.job_id, i.timer_id, i.instance_id, i.definition_key, i.element_id,
                   i.message, i.status, i.created_at.isoformat(), _iso(i.resolved_at), i.resolved_by)


class ManagementService:
    def __init__(self, engine) -> None:
        self._engine = engine

    # --- lists --------------------------------------------------------------------------------------
    def incidents(self, actor: Actor, status: str | None = "open", instance: str | None = None,
                  page: int = 1, per_page: int = 50) -> tuple[list[IncidentView], int]:
        """Incidents (open ones by default), newest first. Supervisors and admins only."""
        q = select(Incident)
        q = self._filter(q, Incident, actor, status, INCIDENT_STATUSES, instance)
        return self._page(q.order_by(Incident.created_at.desc(), Incident.id.desc()), page, per_page,
                          IncidentView.of)

    def jobs(self, actor: Actor, status: str | None = None, instance: str | None = None,
             page: int = 1, per_page: int = 50) -> tuple[list[JobView], int]:
        q = self._filter(select(Job), Job, actor, status, JOB_STATUSES, instance)
        return self._page(q.order_by(Job.created_at.desc(), Job.id.desc()), page, per_page, JobView.of)

    def timers(self, actor: Actor, status: str | None = "waiting", instance: str | None = None,
               page: int = 1, per_page: int = 50) -> tuple[list[TimerView], int]:
        """Timers, soonest due first."""
        q = self._filter(select(Timer), Timer, actor, status, TIMER_STATUSES, instance)
        return self._page(q.order_by(Timer.due_at, Timer.id), page, per_page, TimerView.of)

    def _filter(self, q, model, actor: Actor, status: str | None, allowed: tuple[str, ...],
                instance: str | None):
        _require_supervisor(actor)
        if status is not None:
            if status not in allowed:
                raise ValidationFailed(f"status must be one of {', '.join(allowed)}")
            q = q.where(model.status == status)
        if instance:
            q = q.where(model.instance_id == instance)
        return q

    def _page(self, q, page: int, per_page: int, view) -> tuple[list, int]:
        if page < 1 or not 1 <= per_page <= 500:
            raise ValidationFailed("page must be >= 1 and per_page between 1 and 500")
        with self._engine.reader() as uow:
            total = uow.session.execute(select(func.count()).select_from(q.subquery())).scalar_one()
            rows = uow.session.execute(q.offset((page - 1) * per_page).limit(per_page)).scalars()
            return [view(r) for r in rows], total

    def incident(self, incident_id: int, actor: Actor) -> IncidentView:
        _require_supervisor(actor)
        with self._engine.reader() as uow:
            row = uow.session.get(Incident, incident_id) if is_row_id(incident_id) else None
            if row is None:
                raise NotFound(f"no incident {incident_id}")
            return IncidentView.of(row)

    # --- retry --------------------------------------------------------------------------------------
    def retry(self, incident_id: int, actor: Actor, attempts: int | None = None) -> IncidentView:
        """Run the failed work again: the job gets `attempts` new attempts (default: its original
        number) and is due now; a failed start timer is due again now; an instance whose timer step
        failed leaves `error` and the timer is due now. NotFound for an unknown id,
        IllegalState when the incident is resolved or its work is no longer failed. Changes nothing
        when refused."""
        _require_supervisor(actor)
        if attempts is not None and not (isinstance(attempts, int) and 1 <= attempts <= 100):
            raise ValidationFailed("attempts must be a whole number from 1 to 100")
        now = self._engine.clock.now()
        due = now - timedelta(microseconds=1)
        with self._engine.uow() as uow:
            s = uow.session
            incident = s.get(Incident, incident_id) if is_row_id(incident_id) else None
            if incident is None:
                raise NotFound(f"no incident {incident_id}")
            if incident.status != "open":
                raise IllegalState(f"incident {incident_id} is already {incident.status}")
            if incident.job_id is not None:
                job = s.get(Job, incident.job_id, with_for_update=True)
                if job.status != "failed":
                    raise IllegalState(f"job {job.id} is {job.status}, not failed: nothing to retry")
                job.status, job.due_at, job.claimed_until = "waiting", due, None
                job.max_attempts = job.attempts + (attempts or job.max_attempts)
            elif incident.type == "resource_limit":
                raise IllegalState(f"incident {incident_id} is a resource limit: retrying would reach it "
                                   "again; change the model or the data, or terminate the instance")
            elif incident.instance_id is not None:
                self._retry_instance_timer(s, incident, actor, due)
            else:
                timer = s.get(Timer, incident.timer_id, with_for_update=True)
                if timer is None or timer.status != "failed":
                    raise IllegalState(f"timer {incident.timer_id} is not failed: nothing to retry")
                timer.status, timer.due_at, timer.claimed_until = "waiting", due, None
                if timer.handler == "start":
                    # Its series already went on: this row re-fires once and then stops.
                    timer.detail = {**(timer.detail or {}), "kind": "time_date"}
            incident.status, incident.resolved_at, incident.resolved_by = "resolved", now, actor.username
            view = IncidentView.of(incident)
            uow.commit()
            return view

    def _retry_instance_timer(self, s, incident: Incident, actor: Actor, due: datetime) -> None:
        """An instance whose timer step failed leaves `error` (running or waiting, as its open tasks
        say) and its timer, still waiting, is due at once: the dispatcher runs the step again."""
        row = self._engine.runtime.lock(s, incident.instance_id)  # the instance first, as every change
        timer = s.get(Timer, incident.timer_id, with_for_update=True)
        if timer.status != "waiting":
            raise IllegalState(f"timer {timer.id} is {timer.status} since: nothing to retry")
        if row.status == "error":
            has_tasks = s.execute(select(exists().where(TaskRow.instance_id == row.id,
                                                        TaskRow.state == "open"))).scalar()
            row.status, row.error = ("running" if has_tasks else "waiting"), None
        timer.due_at, timer.claimed_until = due, None
        step = Step(actor.username, self._engine.clock.now())
        step.record("incident_retried", timer.element_id, None, {"incident_id": incident.id})
        history.append_instance(s, row, step.events)


def is_row_id(value: int) -> bool:
    """An id a row can have (integer primary keys are 32-bit on PostgreSQL): anything else is unknown."""
    return isinstance(value, int) and 0 < value < 2**31


def _require_supervisor(actor: Actor) -> None:
    permissions.require_role(actor, "supervisor", "admin",
                             message="only supervisors and admins see and retry background work")
