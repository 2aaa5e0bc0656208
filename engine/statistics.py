"""StatisticsService: counts of one period drawn from the engine's own records (read-only).

Instances (started, completed, still open, the end events they reached, from the history) and human
tasks (completed, completed after their due date, still open and past due at the end of the period,
escalations) per process, and per agency the forwards, declines and escalations the models tallied
(engine/rules/tally.py). The result is JSON-ready so that it can be passed as the `statistics` start
variable of the `periodic_report` procedure.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from . import permissions
from .db.models import HistoryEvent, ProcessInstance, TaskRow
from .errors import ValidationFailed
from .identity import Actor

ESCALATION_PRIORITY = 90  # the procedures' convention: an escalation is a user task of priority 90+
_TALLIES = {"forward": "forwards", "decline": "declines", "escalation": "escalations"}


class StatisticsService:
    def __init__(self, engine) -> None:
        self._engine = engine

    def summary(self, actor: Actor, since: datetime, until: datetime) -> dict[str, Any]:
        """Counts for [since, until). Supervisors, auditors, admins and the system may read them.

        Raises Forbidden for anyone else, ValidationFailed for a period without timezones or ending
        before it starts."""
        permissions.require_role(actor, "supervisor", "auditor", "admin",
                                 message="only supervisors, auditors and admins may read the statistics")
        if since.tzinfo is None or until.tzinfo is None or until <= since:
            raise ValidationFailed("a period needs timezone-aware bounds, the end after the start")
        with self._engine.reader() as uow:
            s = uow.session
            procedures: dict[str, dict[str, Any]] = defaultdict(
                lambda: {"started": 0, "completed": 0, "open": 0, "ends": {}, "tasks": {}})
            inst = ProcessInstance
            in_period = and_(inst.started_at >= since, inst.started_at < until)
            for key, n in s.execute(select(inst.definition_key, func.count()).where(in_period)
                                    .group_by(inst.definition_key)):
                procedures[key]["started"] = n
            ended = and_(inst.status == "completed", inst.ended_at >= since, inst.ended_at < until)
            for key, n in s.execute(select(inst.definition_key, func.count()).where(ended)
                                    .group_by(inst.definition_key)):
                procedures[key]["completed"] = n
            still_open = and_(inst.started_at < until, inst.status.in_(("running", "waiting", "suspended",
                                                                        "error")))
            for key, n in s.execute(select(inst.definition_key, func.count()).where(still_open)
                                    .group_by(inst.definition_key)):
                procedures[key]["open"] = n
            for key, ends in self._ends(s, ended).items():
                procedures[key]["ends"] = ends
            tasks = self._tasks(s, since, until, procedures)
            agencies = self._agencies(s, since, until)
        return {"period": {"from": since.isoformat(), "to": until.isoformat()},
                "procedures": {k: procedures[k] for k in sorted(procedures)}, "tasks": tasks,
                "agencies": agencies}

    @staticmethod
    def _agencies(s, since: datetime, until: datetime) -> dict[str, dict[str, int]]:
        """Agency group code -> forwards, declines and escalations tallied in the period."""
        out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_TALLIES.values(), 0))
        rows = s.execute(select(HistoryEvent.data).where(
            HistoryEvent.type == "tally", HistoryEvent.at >= since, HistoryEvent.at < until))
        for (data,) in rows:
            kind, agency = (data or {}).get("kind"), (data or {}).get("agency")
            if kind in _TALLIES and agency:
                out[agency][_TALLIES[kind]] += 1
        return {k: out[k] for k in sorted(out)}

    @staticmethod
    def _ends(s, ended) -> dict[str, dict[str, int]]:
        """End events reached by the instances completed in the period, per process."""
        ids = select(ProcessInstance.id).where(ended)
        keys = dict(s.execute(select(ProcessInstance.id, ProcessInstance.definition_key).where(ended)).all())
        counts: dict[str, Counter] = defaultdict(Counter)
        rows = s.execute(select(HistoryEvent.chain, HistoryEvent.element_id, HistoryEvent.data).where(
            HistoryEvent.chain.in_(ids), HistoryEvent.type == "element_completed"))
        for chain, element_id, data in rows:
            if (data or {}).get("kind") == "EndEvent" and element_id:
                counts[keys[chain]][element_id] += 1
        return {k: dict(sorted(c.items())) for k, c in counts.items()}

    @staticmethod
    def _tasks(s, since: datetime, until: datetime, procedures) -> dict[str, int]:
        t = TaskRow
        done = s.execute(select(t.definition_key, t.element_id, t.due_at, t.completed_at).where(
            t.state == "completed", t.completed_at >= since, t.completed_at < until)).all()
        late = 0
        for key, element_id, due_at, completed_at in done:
            per_element = procedures[key]["tasks"]
            per_element[element_id] = per_element.get(element_id, 0) + 1
            late += due_at is not None and completed_at > due_at
        # Open at the end of the period and past due then (done or withdrawn only later counts too).
        overdue = s.execute(select(func.count()).select_from(t).where(
            t.due_at < until, t.created_at < until,
            or_(t.state == "open", t.completed_at >= until))).scalar_one()
        escalations = s.execute(select(func.count()).select_from(t).where(
            t.priority >= ESCALATION_PRIORITY, t.created_at >= since, t.created_at < until)).scalar_one()
        return {"completed": len(done), "late": late, "open_overdue": overdue, "escalations": escalations}
