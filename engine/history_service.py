"""HistoryService: read, verify and export the hash-chained history (read-only)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select

from . import history
from .db.models import HistoryEvent, ProcessInstance
from .errors import NotFound
from .identity import Actor
from .paging import check_page
from .permissions import may_read_history, require_role


class HistoryService:
    def __init__(self, engine) -> None:
        self._engine = engine

    def for_instance(self, instance_id: str, actor: Actor) -> list[dict[str, Any]]:
        """Events of one instance, oldest first. Officers see instances they have (had) a task in."""
        with self._engine.snapshot() as uow:
            s = uow.session
            if s.get(ProcessInstance, instance_id) is None:
                raise NotFound(f"no instance {instance_id}")
            if not self.may_read(s, instance_id, actor):
                raise NotFound(f"no instance {instance_id}")
            rows = s.execute(select(HistoryEvent).where(HistoryEvent.chain == instance_id)
                             .order_by(HistoryEvent.seq)).scalars()
            return [history.event_dict(r) for r in rows]

    @staticmethod
    def may_read(session, instance_id: str, actor: Actor) -> bool:
        """Histories follow instance visibility (engine/permissions.py)."""
        return may_read_history(session, instance_id, actor)

    def events(self, instance_id: str, actor: Actor, page: int = 1, per_page: int = 100,
               order: str = "asc") -> tuple[list[dict[str, Any]], int]:
        """One page of an instance's events by seq, with the total count."""
        offset = check_page(page, per_page, order)
        with self._engine.reader() as uow:
            s = uow.session
            inst = s.get(ProcessInstance, instance_id)
            if inst is None or not self.may_read(s, instance_id, actor):
                raise NotFound(f"no instance {instance_id}")
            seq = HistoryEvent.seq.desc() if order == "desc" else HistoryEvent.seq
            rows = s.execute(select(HistoryEvent).where(HistoryEvent.chain == instance_id).order_by(seq)
                             .offset(offset).limit(per_page)).scalars()
            return [history.event_dict(r) for r in rows], inst.history_seq or 0

    def verify(self, instance_id: str | None = None, actor: Actor | None = None) -> history.VerifyResult:
        if actor is not None:
            require_role(actor, "auditor", "supervisor",
                         message="only auditors and supervisors verify histories")
        with self._engine.snapshot() as uow:
            if instance_id is None:
                return history.verify_all(uow.session)
            if uow.session.get(ProcessInstance, instance_id) is None:
                raise NotFound(f"no instance {instance_id}")
            return history.verify_chain(uow.session, instance_id)

    def export(self, fmt: str = "jsonl", since: datetime | None = None, until: datetime | None = None,
               actor: Actor | None = None) -> Iterator[str]:
        """Stream every event (optionally within [since, until)) as JSON lines or CSV."""
        if actor is not None:
            require_role(actor, "auditor", message="only auditors export histories")
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"unknown export format {fmt!r}; use jsonl or csv")
        q = select(HistoryEvent).order_by(HistoryEvent.chain, HistoryEvent.seq)
        if since:
            q = q.where(HistoryEvent.at >= since)
        if until:
            q = q.where(HistoryEvent.at < until)

        def stream() -> Iterator[str]:
            with self._engine.snapshot() as uow:  # a read: it must not block writers while it streams
                rows = uow.session.execute(q.execution_options(yield_per=500)).scalars()
                yield from history.export_lines(rows, fmt)
        return stream()
