"""A naive date-time in a timer means Hanoi time for both the timer row and the interpreter, and the count
of fired timers counts only the timers the interpreter fired."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from engine.db.models import Timer
from engine.repository import ModelFile

from ..conftest import ANALYST, SUPERVISOR
from .test_lenient_models import HEAD

# The script writes a naive local time, as Python's own datetime.now().isoformat() does on a Hanoi server.
MODEL = HEAD + """<process id="naive_timer" isExecutable="true">
<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="plan"/>
<scriptTask id="plan"><script>when = (datetime.now() + timedelta(hours=2)).isoformat()</script></scriptTask>
<sequenceFlow id="f2" sourceRef="plan" targetRef="wait"/>
<intermediateCatchEvent id="wait"><timerEventDefinition><timeDate>{expr}</timeDate></timerEventDefinition>
</intermediateCatchEvent><sequenceFlow id="f3" sourceRef="wait" targetRef="after"/>
<userTask id="after"/><sequenceFlow id="f4" sourceRef="after" targetRef="e"/><endEvent id="e"/>
</process></definitions>"""


def _start(engine, expr: str = "when"):
    engine.repository.deploy([ModelFile("naive.bpmn", MODEL.format(expr=expr))], ANALYST)
    return engine.runtime.start("naive_timer", SUPERVISOR)


def _timer_rows(engine, instance_id: str) -> list:
    with engine.uow() as uow:
        return list(uow.session.execute(select(Timer.due_at, Timer.status)
                                        .where(Timer.instance_id == instance_id)).all())


def test_a_naive_time_from_a_script_is_hanoi_time_for_row_and_interpreter(sqlite_engine, clock):
    started = clock.now()
    inst = _start(sqlite_engine)
    assert inst.variables["when"] == "2026-01-05T10:00:00"  # 08:00 Hanoi + 2 h, naive
    [row] = _timer_rows(sqlite_engine, inst.id)
    assert row.due_at.replace(tzinfo=UTC) == started + timedelta(hours=2)  # 03:00 UTC
    clock.advance(hours=1, minutes=59)
    assert sqlite_engine.runtime.fire_due_timers() == 0
    clock.advance(minutes=2)
    assert sqlite_engine.runtime.fire_due_timers() == 1
    assert sqlite_engine.runtime.get(inst.id).active_elements == ["after"]
    [row] = _timer_rows(sqlite_engine, inst.id)
    assert row.status == "fired"


def test_a_literal_naive_time_is_hanoi_time_too(sqlite_engine, clock):
    inst = _start(sqlite_engine, "2026-01-05T09:30:00")  # naive literal: 02:30 UTC
    [row] = _timer_rows(sqlite_engine, inst.id)
    assert row.due_at.replace(tzinfo=UTC) == datetime(2026, 1, 5, 2, 30, tzinfo=UTC)
    clock.set(datetime(2026, 1, 5, 2, 31, tzinfo=UTC))
    assert sqlite_engine.runtime.fire_due_timers() == 1
    assert sqlite_engine.runtime.get(inst.id).active_elements == ["after"]


def test_a_timer_row_the_interpreter_does_not_fire_is_not_counted(sqlite_engine, clock):
    inst = _start(sqlite_engine)
    # A row that says "due" while the interpreter's timer is not (as a wrong zone used to make it).
    with sqlite_engine.uow() as uow:
        uow.session.execute(update(Timer).where(Timer.instance_id == inst.id)
                            .values(due_at=clock.now() - timedelta(minutes=1)))
        uow.commit()
    assert sqlite_engine.runtime.fire_due_timers() == 0
    assert sqlite_engine.runtime.get(inst.id).active_elements == ["wait"]
    events = [e["type"] for e in sqlite_engine.history.for_instance(inst.id, SUPERVISOR)]
    assert "timer_fired" not in events
    [row] = _timer_rows(sqlite_engine, inst.id)
    assert row.status == "waiting"


def test_a_timer_that_is_no_date_is_refused_at_run_time_with_its_value(sqlite_engine, clock):
    from engine.errors import ScriptError

    sqlite_engine.repository.deploy([ModelFile("naive.bpmn", MODEL.format(expr="'next tuesday'"))], ANALYST)
    try:
        sqlite_engine.runtime.start("naive_timer", SUPERVISOR)
    except ScriptError as exc:
        assert "next tuesday" in str(exc)
    else:  # pragma: no cover - the start must fail
        raise AssertionError("a timer with no date was accepted")
    assert sqlite_engine.runtime.list()[1] == 0
