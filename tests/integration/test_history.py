"""The hash chain catches edited, deleted and truncated history."""
from __future__ import annotations

from sqlalchemy import delete, select, update

from engine.db.models import HistoryEvent

from ..conftest import AUDITOR, OFFICER_TTTT
from .helpers import deploy, open_tasks


def _completed_instance(engine) -> str:
    deploy(engine, "one_task.bpmn")
    inst = engine.runtime.start("one_task", OFFICER_TTTT, variables={"q": "câu hỏi"})
    [task] = open_tasks(engine, inst.id, OFFICER_TTTT)
    engine.tasks.complete(task.id, OFFICER_TTTT, {"answer": "trả lời"})
    return inst.id


def test_untouched_history_verifies(engine):
    iid = _completed_instance(engine)
    result = engine.history.verify(iid, AUDITOR)
    assert result.ok and result.checked >= 5
    assert engine.history.verify(None, AUDITOR).ok


def test_edited_event_is_caught(engine):
    iid = _completed_instance(engine)
    with engine.uow() as uow:
        ev = uow.session.execute(select(HistoryEvent).where(
            HistoryEvent.chain == iid, HistoryEvent.type == "task_completed")).scalar_one()
        seq = ev.seq
        uow.session.execute(update(HistoryEvent).where(HistoryEvent.id == ev.id)
                            .values(actor="someone.else"))
        uow.commit()
    result = engine.history.verify(iid)
    assert not result.ok and result.broken_at == seq


def test_deleted_event_is_caught(engine):
    iid = _completed_instance(engine)
    with engine.uow() as uow:
        uow.session.execute(delete(HistoryEvent).where(HistoryEvent.chain == iid, HistoryEvent.seq == 2))
        uow.commit()
    result = engine.history.verify(iid)
    assert not result.ok and result.broken_at == 2
    assert not engine.history.verify(None).ok


def test_deleting_the_newest_event_is_caught(engine):
    iid = _completed_instance(engine)
    with engine.uow() as uow:
        last = uow.session.execute(select(HistoryEvent).where(HistoryEvent.chain == iid)
                                   .order_by(HistoryEvent.seq.desc()).limit(1)).scalar_one()
        uow.session.execute(delete(HistoryEvent).where(HistoryEvent.id == last.id))
        uow.commit()
    assert not engine.history.verify(iid).ok


def test_export_streams_every_event(engine):
    import csv
    import io
    import json

    iid = _completed_instance(engine)
    lines = list(engine.history.export("jsonl", actor=AUDITOR))
    events = [json.loads(line) for line in lines]
    assert any(e["instance_id"] == iid and e["type"] == "task_completed" for e in events)
    rows = list(csv.DictReader(io.StringIO("".join(engine.history.export("csv")))))
    assert len(rows) == len(events)
