"""Reports for the web pages: the supervisor's dashboard counts, SLA per agency, the auditor's search and
the forms a page renders. Read-only; each call is one reader unit of work.

"Escalated" is an open escalation task (priority 90 or more, the procedures' convention in
docs/procedures.md) or an open task whose history records an escalation by the scheduler's SLA timers;
"agency" is a task's candidate group.
"""
from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lxml import etree
from sqlalchemy import and_, case, exists, func, or_, select

from . import history, permissions
from .db.models import (
    Deployment,
    Group,
    HistoryEvent,
    ProcessDefinition,
    ProcessInstance,
    Resource,
    TaskCandidateGroup,
    TaskRow,
)
from .errors import NotFound, ValidationFailed
from .identity import Actor

ESCALATION_PRIORITY = 90
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def _need(actor: Actor, *roles: str) -> None:
    permissions.require_role(actor, *roles, message=f"this report is for {' or '.join(roles)} users")


class ReportService:
    def __init__(self, engine) -> None:
        self._engine = engine

    # --- supervisor -------------------------------------------------------------------------------------
    def summary(self, actor: Actor) -> dict[str, Any]:
        """Instances by procedure and status; open, overdue and escalated tasks by agency."""
        _need(actor, "supervisor")
        now = self._engine.clock.now()
        with self._engine.reader() as uow:
            s = uow.session
            names = dict(s.execute(select(ProcessDefinition.key, ProcessDefinition.name)
                                   .order_by(ProcessDefinition.version)).all())
            by_proc: dict[str, dict[str, int]] = {}
            for key, status, n in s.execute(select(ProcessInstance.definition_key, ProcessInstance.status,
                                                   func.count()).group_by(ProcessInstance.definition_key,
                                                                          ProcessInstance.status)):
                by_proc.setdefault(key, {})[status] = n
            escalated = or_(TaskRow.priority >= ESCALATION_PRIORITY,
                            exists().where(HistoryEvent.task_id == TaskRow.id,
                                           HistoryEvent.type == "task_escalated"))
            q = (select(TaskCandidateGroup.group_code, func.count(),
                        func.sum(case((TaskRow.due_at < now, 1), else_=0)),
                        func.sum(case((escalated, 1), else_=0)))
                 .join(TaskRow, TaskRow.id == TaskCandidateGroup.task_id)
                 .where(TaskRow.state == "open").group_by(TaskCandidateGroup.group_code))
            group_names = _group_names(s)
            agencies = [{"code": code, **group_names.get(code, {"name": code}), "open": n,
                         "overdue": int(late or 0), "escalated": int(esc or 0)}
                        for code, n, late, esc in s.execute(q)]
        return {"instances": [{"key": k, "name": names.get(k, k), "counts": c}
                              for k, c in sorted(by_proc.items())],
                "agencies": sorted(agencies, key=lambda a: (-a["overdue"], a["code"]))}

    def sla(self, actor: Actor, since: datetime, until: datetime) -> list[dict[str, Any]]:
        """Per agency, tasks completed in [since, until): on-time share (of those with a due date) and the
        median time from creation to completion, in hours."""
        _need(actor, "supervisor")
        if until <= since:
            raise ValidationFailed("the period must end after it starts",
                                   [{"field": "to", "message": "must be after from"}])
        with self._engine.reader() as uow:
            s = uow.session
            rows = s.execute(select(TaskCandidateGroup.group_code, TaskRow.created_at, TaskRow.due_at,
                                    TaskRow.completed_at)
                             .join(TaskRow, TaskRow.id == TaskCandidateGroup.task_id)
                             .where(TaskRow.state == "completed", TaskRow.completed_at >= since,
                                    TaskRow.completed_at < until)).all()
            group_names = _group_names(s)
        per: dict[str, list] = {}
        for code, created, due, done in rows:
            per.setdefault(code, []).append((created, due, done))
        out = []
        for code, items in sorted(per.items()):
            with_due = [(due, done) for _, due, done in items if due is not None]
            on_time = sum(1 for due, done in with_due if done <= due)
            hours = [(done - created).total_seconds() / 3600 for created, _, done in items]
            out.append({"code": code, **group_names.get(code, {"name": code}), "completed": len(items),
                        "with_due": len(with_due),
                        "on_time_share": on_time / len(with_due) if with_due else None,
                        "median_hours": statistics.median(hours) if hours else None})
        return out

    # --- auditor ----------------------------------------------------------------------------------------
    def _audit_query(self, definition: str | None, since: datetime | None, until: datetime | None,
                     agency: str | None, business_key: str | None, actor_name: str | None,
                     instance: str | None):
        q = select(ProcessInstance)
        if instance:
            q = q.where(ProcessInstance.id == instance)
        if definition:
            q = q.where(ProcessInstance.definition_key == definition)
        if business_key:
            q = q.where(ProcessInstance.business_key == business_key)
        # The period selects instances that were alive in it: started before its end, not ended before it.
        if until:
            q = q.where(ProcessInstance.started_at < until)
        if since:
            q = q.where((ProcessInstance.ended_at.is_(None)) | (ProcessInstance.ended_at >= since))
        if agency:
            q = q.where(exists().where(TaskRow.instance_id == ProcessInstance.id,
                                       TaskCandidateGroup.task_id == TaskRow.id,
                                       TaskCandidateGroup.group_code == agency))
        if actor_name:
            q = q.where(exists().where(and_(HistoryEvent.chain == ProcessInstance.id,
                                            HistoryEvent.actor == actor_name)))
        return q

    def audit_instances(self, actor: Actor, *, page: int = 1, per_page: int = 100, **filters
                        ) -> tuple[list[dict[str, Any]], int]:
        _need(actor, "auditor")
        q = self._audit_query(instance=None, **filters)
        with self._engine.reader() as uow:
            s = uow.session
            total = s.execute(select(func.count()).select_from(q.subquery())).scalar_one()
            rows = s.execute(q.order_by(ProcessInstance.started_at.desc())
                             .offset((page - 1) * per_page).limit(per_page)).scalars().all()
            return [{"id": r.id, "definition_key": r.definition_key, "version": r.definition_version,
                     "business_key": r.business_key, "status": r.status,
                     "started_at": r.started_at.isoformat(),
                     "started_by": r.started_by, "ended_at": r.ended_at.isoformat() if r.ended_at else None,
                     "events": r.history_seq or 0} for r in rows], total

    def audit_export(self, actor: Actor, fmt: str, instance: str | None = None, **filters) -> Iterator[str]:
        """The history events of the selected instances, streamed as JSON lines or CSV."""
        _need(actor, "auditor")
        if fmt not in ("jsonl", "csv"):
            raise ValidationFailed("format must be jsonl or csv",
                                   [{"field": "format", "message": "jsonl|csv"}])
        ids = self._audit_query(instance=instance, **filters).with_only_columns(ProcessInstance.id)
        q = (select(HistoryEvent).where(HistoryEvent.chain.in_(ids.scalar_subquery()))
             .order_by(HistoryEvent.chain, HistoryEvent.seq).execution_options(yield_per=500))

        def stream() -> Iterator[str]:
            # A snapshot, not a reader: streaming (yield_per) needs a transaction on PostgreSQL, and
            # on SQLite a snapshot takes no write lock, so writers go on while the export streams.
            with self._engine.snapshot() as uow:
                yield from history.export_lines(uow.session.execute(q).scalars(), fmt)
        return stream()

    # --- forms, groups, start -----------------------------------------------------------------------------
    def forms(self) -> list[dict[str, Any]]:
        """The newest deployed version of every form id."""
        with self._engine.reader() as uow:
            rows = uow.session.execute(select(Resource.content, Deployment.deployed_at)
                                       .join(Deployment, Deployment.id == Resource.deployment_id)
                                       .where(Resource.kind == "form").order_by(Resource.id)).all()
        latest: dict[str, dict[str, Any]] = {}
        for content, at in rows:
            form = _form_json(content)
            if form:
                latest[form["id"]] = {"id": form["id"], "deployed_at": at.isoformat()}
        return sorted(latest.values(), key=lambda f: f["id"])

    def form(self, form_key: str) -> dict[str, Any]:
        """The newest deployed form whose id is `form_key` (or `camunda-forms:deployment:FILE` by name)."""
        prefix = "camunda-forms:deployment:"
        by_name = form_key[len(prefix):] if form_key.startswith(prefix) else None
        with self._engine.reader() as uow:
            q = select(Resource).where(Resource.kind == "form").order_by(Resource.id.desc())
            if by_name:
                q = q.where(Resource.name == by_name)
            for res in uow.session.execute(q).scalars():
                form = _form_json(res.content)
                if form and (by_name or form["id"] == form_key):
                    return form
        raise NotFound(f"no deployed form {form_key!r}")

    def groups(self) -> list[dict[str, str]]:
        with self._engine.reader() as uow:
            return [{"code": c, **names} for c, names in sorted(_group_names(uow.session).items())]

    def startable(self, actor: Actor) -> list[dict[str, Any]]:
        """Newest executable versions the actor may start, with their start form key, if any."""
        out = []
        for view in self._engine.repository.list_definitions():
            if not view.executable:
                continue
            with self._engine.reader() as uow:
                row = self._engine.repository.definition_row(uow.session, view.key, view.version)
                allowed = permissions.may_start(actor, row.starter_groups, (row.lane_groups or {}).values())
                xml = uow.session.get(Resource, row.resource_id).content if allowed else ""
            if allowed:
                out.append({"key": view.key, "name": view.name or view.key, "version": view.version,
                            "start_form": _start_form(xml, view.key)})
        return out


def _group_names(session) -> dict[str, dict[str, str]]:
    return {c: {"name": vi, "name_en": en or vi}
            for c, vi, en in session.execute(select(Group.code, Group.name_vi, Group.name_en))}


def _form_json(content: str) -> dict[str, Any] | None:
    try:
        data = json.loads(content)
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def _start_form(xml: str, process_id: str) -> str | None:
    root = etree.fromstring(xml.encode(), etree.XMLParser(resolve_entities=False, no_network=True))
    for proc in root.iter(f"{{{BPMN_NS}}}process"):
        if proc.get("id") == process_id:
            for start in proc.iter(f"{{{BPMN_NS}}}startEvent"):
                key = start.get(f"{{{CAMUNDA_NS}}}formKey")
                if key:
                    return key
    return None
