"""Reads never hold the write lock: an audit export streaming on SQLite (one database-wide lock) lets
writers go on, and a snapshot refuses to write."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from ..conftest import AUDITOR, OFFICER_TTTT
from .helpers import deploy


def test_a_streaming_export_does_not_block_a_writer(engine):
    deploy(engine, "one_task.bpmn")
    for _ in range(3):
        engine.runtime.start("one_task", OFFICER_TTTT)
    export = engine.history.export("jsonl", actor=AUDITOR)
    try:
        first = next(export)  # the export's transaction is open and streaming
        assert first.startswith("{")
        # With the export's transaction holding SQLite's write lock this would wait out the busy
        # timeout and fail as a Conflict; as a snapshot it commits at once.
        started = engine.runtime.start("one_task", OFFICER_TTTT)
        assert engine.runtime.get(started.id, AUDITOR).status == "running"
        rest = list(export)
    finally:
        export.close()  # an abandoned stream would keep its transaction (and PostgreSQL's table locks)
    assert len(rest) >= 3 * 2


def test_a_snapshot_cannot_write(engine):
    with engine.snapshot() as uow, pytest.raises(Exception) as refused:
        uow.session.execute(text("UPDATE groups SET name_vi = 'x'"))
        uow.session.flush()
    assert "read" in str(refused.value).lower()
    # The connection goes back to the pool and writes again in an ordinary unit of work.
    engine.identity.ensure_group("so-tttt", "Sở TTTT")
