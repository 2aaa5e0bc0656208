"""The dispatcher: claims due timers and jobs, then runs each in its own transaction.

Claiming takes due rows with `SELECT … FOR UPDATE SKIP LOCKED` and stamps a short lease on them
(claimed_until), so two dispatchers never take the same row and a dispatcher that dies gives its rows
back when the lease passes. Running re-reads the row under lock (the instance's lock first, as every
instance change takes it) and does the work and marks the row done in one transaction, so a timer
fires exactly once however often it is claimed or delivered. SQLite has no SKIP LOCKED and needs none:
its transactions hold the database's single write lock.

The same dispatcher serves every runner: `run_due` (tests, the embedded thread of `pressdesk serve`)
claims and runs in the calling thread; the Celery tick claims ahead and enqueues, and workers `run`.
"""
from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import exists, func, or_, select, update

from ..db.models import Incident, Job, ProcessDefinition, ProcessInstance, Timer
from ..errors import Conflict, IllegalState, NotFound, ResourceLimit, ScriptError
from . import start_timers

log = logging.getLogger(__name__)
ACTIVE = ("running", "waiting")
_CONFLICT_TRIES = 3


@dataclass(frozen=True)
class WorkItem:
    """A claimed row: `kind` is timer or job."""

    kind: str
    id: int
    due_at: datetime


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _pending(model):
    # A job is also `running` while a worker calls its connector; one whose lease lapsed is taken again.
    return model.status.in_(("waiting", "running")) if model is Job else model.status == "waiting"


def _claimable(model, now: datetime, horizon: datetime, limit: int):
    instance_active = exists().where(ProcessInstance.id == model.instance_id,
                                     ProcessInstance.status.in_(ACTIVE))
    return (select(model.id, model.due_at)
            .where(_pending(model), model.due_at < horizon,
                   or_(model.claimed_until.is_(None), model.claimed_until < now),
                   # Suspended and failed instances keep their work waiting without blocking others.
                   or_(model.instance_id.is_(None), instance_active))
            .order_by(model.due_at).limit(limit)
            .with_for_update(skip_locked=True))


class Dispatcher:
    def __init__(self, engine) -> None:
        self._engine = engine
        from .sla import SLA_HANDLERS

        # What firing a timer does, by Timer.handler; each runs inside the firing transaction.
        self.timer_handlers: dict[str, Callable] = {
            "event": self._fire_event, "start": self._fire_start,
            **{name: partial(handler, self) for name, handler in SLA_HANDLERS.items()}}
        # The tables claimed, and how an item of each is run.
        self.kinds: dict[str, tuple[type, Callable[[int], bool]]] = {
            "timer": (Timer, self.fire_timer), "job": (Job, lambda job_id: engine.jobs.run(job_id))}

    @property
    def engine(self):
        return self._engine

    # --- claiming -----------------------------------------------------------------------------------
    def claim(self, limit: int | None = None, lookahead: float = 0.0, owner: str | None = None
              ) -> list[WorkItem]:
        """Claim timers and jobs due within `lookahead` seconds, oldest first; at most `limit` and never
        more than settings.max_in_flight leased at once. Commits the leases before returning, so the
        caller enqueues only committed claims."""
        settings = self._engine.settings
        now = self._engine.clock.now()
        horizon = now + timedelta(seconds=lookahead) if lookahead > 0 else now
        until = horizon + timedelta(seconds=settings.lease_seconds)
        owner = owner or worker_name()
        with self._engine.uow() as uow:
            s = uow.session
            budget = min(limit or settings.claim_batch, settings.max_in_flight - self._in_flight(s, now))
            items: list[WorkItem] = []
            for kind, (model, _) in self.kinds.items():
                if budget <= 0:
                    break
                rows = s.execute(_claimable(model, now, horizon, budget)).all()
                if rows:
                    s.execute(update(model).where(model.id.in_([r.id for r in rows]))
                              .values(claimed_until=until, claimed_by=owner))
                    items.extend(WorkItem(kind, r.id, r.due_at) for r in rows)
                    budget -= len(rows)
            uow.commit()
        return sorted(items, key=lambda i: i.due_at)

    def renew(self, items: list[WorkItem]) -> None:
        """Extend the lease of claimed items a worker has just picked up (they waited in the queue)."""
        until = self._engine.clock.now() + timedelta(seconds=self._engine.settings.lease_seconds)
        with self._engine.uow() as uow:
            for kind, (model, _) in self.kinds.items():
                ids = [i.id for i in items if i.kind == kind]
                if ids:
                    uow.session.execute(update(model).where(model.id.in_(ids), model.status == "waiting")
                                        .values(claimed_until=until))
            uow.commit()

    def _in_flight(self, session, now: datetime) -> int:
        return sum(session.execute(select(func.count()).select_from(model).where(
            _pending(model), model.claimed_until >= now)).scalar_one()
            for model, _ in self.kinds.values())

    # --- running ------------------------------------------------------------------------------------
    def run_due(self, limit: int = 100) -> int:
        """Claim what is due now and run it here; returns how many timers fired and jobs ran."""
        return sum(1 for item in self.claim(limit=limit, owner=worker_name()) if self.run(item))

    def run(self, item: WorkItem) -> bool:
        return self.kinds[item.kind][1](item.id)

    def fire_timer(self, timer_id: int) -> bool:
        """Fire one timer if it is still waiting and due; True if it fired. Safe to call for a timer
        that another worker fired meanwhile (it then does nothing)."""
        for attempt in range(_CONFLICT_TRIES):
            try:
                return self._fire(timer_id)
            except Conflict as exc:
                if isinstance(exc, IllegalState):
                    return False  # the instance was suspended or ended meanwhile
                log.info("timer %s: %s (attempt %d)", timer_id, exc.message, attempt + 1)
            except ResourceLimit:
                return False  # the runtime already stopped the instance with an incident
            except ScriptError as exc:
                self._failed(timer_id, str(exc))
                return False
        return False  # still busy: the lease runs out and the timer is claimed again

    def _fire(self, timer_id: int) -> bool:
        now = self._engine.clock.now()
        with self._engine.uow() as uow:
            s = uow.session
            head = s.execute(select(Timer.instance_id, Timer.status, Timer.handler)
                             .where(Timer.id == timer_id)).one_or_none()
            if head is None:
                raise NotFound(f"no timer {timer_id}")
            if head.status != "waiting":
                return False
            # Lock order of every instance change: the instance row first, then its timer rows.
            instance = self._engine.runtime.lock(s, head.instance_id) if head.instance_id else None
            timer = s.execute(select(Timer).where(Timer.id == timer_id).with_for_update()
                              .execution_options(populate_existing=True)).scalar_one()
            if timer.status != "waiting" or timer.due_at >= now:
                return False
            fired_before = timer.fired_at
            self.timer_handlers[timer.handler](uow, timer, instance, now)
            timer.fired_by, timer.claimed_until = worker_name(), None
            # An instance timer counts as fired only when the interpreter fired it (the projection then
            # marked the row fired, or stamped a cycle's row that moved on to its next occurrence).
            fired = timer.handler != "event" or timer.status != "waiting" or timer.fired_at != fired_before
            uow.commit()
        return fired

    def _fire_event(self, uow, timer: Timer, instance: ProcessInstance, now: datetime) -> None:
        from ..runtime import TIMER, fire_timers

        self._engine.runtime.change(instance.id, TIMER, fire_timers(now), uow=uow, locked=instance)

    def _fire_start(self, uow, timer: Timer, instance: None, now: datetime) -> None:
        definition = uow.session.get(ProcessDefinition, timer.definition_id)
        started = self._engine.runtime.start_by_timer(uow, definition, timer.element_id)
        timer.status, timer.fired_at, timer.instance_id = "fired", now, started.id
        nxt = start_timers.following(timer, now)
        if nxt is not None:
            uow.session.add(nxt)

    def _failed(self, timer_id: int, message: str) -> None:
        """A timer whose work raised ScriptError opens an incident (`retry` runs it again). An instance
        timer also marks its instance `error`, kept at its last good state; its row stays waiting,
        passed over while the instance is in error. A start timer's row fails and its series goes on."""
        now = self._engine.clock.now()
        with self._engine.uow() as uow:
            s = uow.session
            timer = s.get(Timer, timer_id)
            if timer.instance_id is not None and timer.handler == "event":
                key = self._engine.runtime.mark_error(timer.instance_id, message, uow).definition_key
                timer = s.get(Timer, timer_id, with_for_update=True, populate_existing=True)
                timer.claimed_until = None
            else:
                timer.status, timer.fired_at, timer.claimed_until = "failed", now, None
                definition = s.get(ProcessDefinition, timer.definition_id) if timer.definition_id \
                    else None
                key = definition.key if definition else None
            incident = s.execute(select(Incident).where(Incident.timer_id == timer.id,
                                                        Incident.status == "open")).scalar_one_or_none()
            if incident is not None:
                incident.message = message  # failed again before anyone retried: still one incident
            else:
                s.add(Incident(timer_id=timer.id, instance_id=timer.instance_id, definition_key=key,
                               element_id=timer.element_id, type="failed_timer", message=message,
                               created_at=now, status="open"))
            if timer.handler == "start":
                nxt = start_timers.following(timer, now)
                if nxt is not None:
                    s.add(nxt)
            uow.commit()
