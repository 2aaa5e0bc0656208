"""History: append-only, hash-chained events, and their verification and export.

Each instance has its own chain (`chain` = instance id); changes outside any instance (deployments,
users) go to the 'system' chain. An event's hash is SHA-256 over its predecessor's hash and a canonical
JSON encoding of its fields, and the newest (seq, hash) of each chain is kept in history_chain_heads,
so editing, deleting or reordering any event — including the newest — breaks verification.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from .db.models import ChainHead, HistoryEvent, ProcessInstance

GENESIS = "0" * 64
SYSTEM_CHAIN = "system"


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def event_hash(prev_hash: str, *, chain: str, seq: int, at: datetime, actor: str, type: str,
               element_id: str | None, task_id: str | None, instance_id: str | None,
               data: dict[str, Any]) -> str:
    body = canonical({
        "chain": chain, "seq": seq, "at": at.timestamp(), "actor": actor, "type": type,
        "element_id": element_id, "task_id": task_id, "instance_id": instance_id, "data": data,
    })
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


@dataclass
class PendingEvent:
    type: str
    actor: str
    at: datetime
    element_id: str | None = None
    task_id: str | None = None
    data: dict[str, Any] | None = None


def _rows(chain: str, instance_id: str | None, seq: int, prev: str, events: list[PendingEvent]
          ) -> tuple[list[dict[str, Any]], int, str]:
    rows = []
    for ev in events:
        seq += 1
        data = ev.data or {}
        digest = event_hash(prev, chain=chain, seq=seq, at=ev.at, actor=ev.actor, type=ev.type,
                            element_id=ev.element_id, task_id=ev.task_id, instance_id=instance_id, data=data)
        rows.append({"chain": chain, "seq": seq, "instance_id": instance_id, "at": ev.at, "actor": ev.actor,
                     "type": ev.type, "element_id": ev.element_id, "task_id": ev.task_id, "data": data,
                     "prev_hash": prev, "hash": digest})
        prev = digest
    return rows, seq, prev


# inline(): no RETURNING of the generated id, even for a single event. Nobody reads it, and an
# instance's events are sent in a psycopg pipeline (runtime._save), where no result may be read.
_INSERT_EVENTS = insert(HistoryEvent.__table__).inline()


def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    # Core executemany: events are only ever inserted here, so ORM objects (identity map, RETURNING
    # of ids) would be pure overhead. history_events has no foreign keys, so inserting before the
    # unit of work flushes the instance row is fine; it is the same transaction either way.
    session.execute(_INSERT_EVENTS, rows)


def append_instance(session: Session, instance: ProcessInstance, events: list[PendingEvent]) -> None:
    """Append events to an instance's chain; the caller holds the instance row lock."""
    if not events:
        return
    rows, instance.history_seq, instance.history_hash = _rows(
        instance.id, instance.id, instance.history_seq or 0, instance.history_hash or GENESIS, events)
    _insert(session, rows)


def append_system(session: Session, events: list[PendingEvent]) -> None:
    """Append events to the system chain, serialised by a lock on its head row."""
    if not events:
        return
    head = session.execute(select(ChainHead).where(ChainHead.chain == SYSTEM_CHAIN).with_for_update()
                           ).scalar_one_or_none()
    if head is None:
        head = ChainHead(chain=SYSTEM_CHAIN, seq=0, hash=GENESIS)
        session.add(head)
    rows, head.seq, head.hash = _rows(SYSTEM_CHAIN, None, head.seq, head.hash, events)
    _insert(session, rows)


def _head(session: Session, chain: str) -> tuple[int, str] | None:
    if chain == SYSTEM_CHAIN:
        head = session.get(ChainHead, chain)
        return (head.seq, head.hash) if head else None
    inst = session.get(ProcessInstance, chain)
    return (inst.history_seq, inst.history_hash) if inst else None


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_at: int | None = None
    chain: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "broken_at": self.broken_at,
                "chain": self.chain, "reason": self.reason}


def verify_chain(session: Session, chain: str) -> VerifyResult:
    head = _head(session, chain)
    rows = session.execute(
        select(HistoryEvent).where(HistoryEvent.chain == chain).order_by(HistoryEvent.seq)
    ).scalars()
    prev, expected_seq, checked = GENESIS, 1, 0
    for row in rows:
        if row.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, chain, f"event {expected_seq} is missing")
        if row.prev_hash != prev:
            return VerifyResult(False, checked, row.seq, chain, "link to the previous event is broken")
        digest = event_hash(prev, chain=chain, seq=row.seq, at=row.at, actor=row.actor, type=row.type,
                            element_id=row.element_id, task_id=row.task_id, instance_id=row.instance_id,
                            data=row.data or {})
        if digest != row.hash:
            return VerifyResult(False, checked, row.seq, chain, "event content does not match its hash")
        prev, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
    if head is None and checked == 0:
        return VerifyResult(True, 0, None, chain)
    if head is None or head != (checked, prev):
        return VerifyResult(False, checked, checked + 1, chain,
                            "the newest events are missing or the chain head was altered")
    return VerifyResult(True, checked, None, chain)


def verify_all(session: Session) -> VerifyResult:
    chains = set(session.execute(select(ChainHead.chain)).scalars())
    started = select(ProcessInstance.id).where(ProcessInstance.history_seq > 0)
    chains |= set(session.execute(started).scalars())
    chains |= set(session.execute(select(HistoryEvent.chain).distinct()).scalars())
    total = 0
    for chain in sorted(chains):
        result = verify_chain(session, chain)
        total += result.checked
        if not result.ok:
            result.checked = total
            return result
    return VerifyResult(True, total, None, None)


def event_dict(row: HistoryEvent) -> dict[str, Any]:
    return {
        "seq": row.seq, "at": row.at.isoformat(), "actor": row.actor, "type": row.type,
        "instance_id": row.instance_id, "element_id": row.element_id, "task_id": row.task_id,
        "data": row.data, "prev_hash": row.prev_hash, "hash": row.hash,
    }


EXPORT_FIELDS = ["instance_id", "seq", "at", "actor", "type", "element_id", "task_id", "data",
                 "prev_hash", "hash"]


def export_lines(rows: Iterator[HistoryEvent], fmt: str) -> Iterator[str]:
    """Stream events as JSON lines or CSV, one line at a time (never the whole export in memory)."""
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(event_dict(row), ensure_ascii=False, sort_keys=True) + "\n"
        return
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}; use jsonl or csv")
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(EXPORT_FIELDS)
    for row in rows:
        d = event_dict(row)
        d["data"] = json.dumps(d["data"], ensure_ascii=False, sort_keys=True)
        writer.writerow([d[f] for f in EXPORT_FIELDS])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue()
