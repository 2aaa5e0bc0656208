"""Reading instances: detail, filtered and sorted lists, diagram data and counts (read-only).

RuntimeService hands these out (`runtime.get`, `runtime.list`, `runtime.diagram`); callers that pass an
actor only see the instances engine/permissions.py lets them see.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from .db.models import HistoryEvent, ProcessInstance, Resource
from .errors import NotFound, ValidationFailed
from .identity import Actor
from .paging import check_page
from .permissions import instance_clause, may_see_instance

STATUSES = ("running", "waiting", "suspended", "completed", "terminated", "error")
# sort key -> (column, default order)
INSTANCE_SORTS = {
    "started": (ProcessInstance.started_at, "desc"),
    "ended": (ProcessInstance.ended_at, "desc"),
    "status": (ProcessInstance.status, "asc"),
    "business_key": (ProcessInstance.business_key, "asc"),
}
# History event types whose element_id is a BPMN element that has been passed.
_PASSED = ("element_completed", "task_completed")


class InstanceQueries:
    def __init__(self, engine) -> None:
        self._engine = engine

    def get(self, instance_id: str, actor: Actor | None = None):
        from .runtime import InstanceView

        with self._engine.reader() as uow:
            row = uow.session.get(ProcessInstance, instance_id)
            if row is None or (actor is not None and not may_see_instance(uow.session, instance_id, actor)):
                raise NotFound(f"no instance {instance_id}")
            return InstanceView.of(row)

    def list(self, definition: str | None = None, status: str | None = None, business_key: str | None = None,
             page: int = 1, per_page: int = 50, actor: Actor | None = None, sort: str = "started",
             order: str | None = None, started_by: str | None = None) -> tuple[list, int]:
        from .runtime import InstanceView

        offset = check_page(page, per_page, order)
        if sort not in INSTANCE_SORTS:
            raise ValidationFailed(f"sort must be one of {', '.join(INSTANCE_SORTS)}")
        if status and status not in STATUSES:
            raise ValidationFailed(f"status must be one of {', '.join(STATUSES)}")
        q = select(ProcessInstance)
        for column, value in ((ProcessInstance.definition_key, definition), (ProcessInstance.status, status),
                              (ProcessInstance.business_key, business_key),
                              (ProcessInstance.started_by, started_by)):
            if value:
                q = q.where(column == value)
        clause = instance_clause(actor) if actor is not None else None
        if clause is not None:
            q = q.where(clause)
        column, default = INSTANCE_SORTS[sort]
        term = column.desc() if (order or default) == "desc" else column.asc()
        with self._engine.reader() as uow:
            total = uow.session.execute(select(func.count()).select_from(q.subquery())).scalar_one()
            rows = uow.session.execute(q.order_by(term.nulls_last(), ProcessInstance.id)
                                       .offset(offset).limit(per_page)).scalars()
            return [InstanceView.of(r) for r in rows], total

    def diagram(self, instance_id: str, actor: Actor) -> dict[str, Any]:
        """What a BPMN viewer needs to colour an instance: its model XML, the elements waiting now and
        those already passed (from the history)."""
        with self._engine.reader() as uow:
            s = uow.session
            row = s.get(ProcessInstance, instance_id)
            if row is None or not may_see_instance(s, instance_id, actor):
                raise NotFound(f"no instance {instance_id}")
            definition = self._engine.repository.definition_row(s, row.definition_key, row.definition_version)
            xml = s.get(Resource, definition.resource_id).content
            passed = s.execute(select(HistoryEvent.element_id).where(
                HistoryEvent.chain == instance_id, HistoryEvent.type.in_(_PASSED),
                HistoryEvent.element_id.is_not(None)).distinct()).scalars()
            return {"instance_id": row.id, "definition_key": row.definition_key,
                    "version": row.definition_version, "status": row.status,
                    "active_elements": list(row.active_elements or []),
                    "completed_elements": sorted(passed), "xml": xml}

    def count_by_status(self) -> dict[str, int]:
        with self._engine.reader() as uow:
            rows = uow.session.execute(select(ProcessInstance.status, func.count())
                                       .group_by(ProcessInstance.status)).all()
        counts = dict.fromkeys(STATUSES, 0)
        counts.update({status: n for status, n in rows})
        return counts
