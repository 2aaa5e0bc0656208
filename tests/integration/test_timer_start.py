"""Timer start events: definition-level timers that start a new instance on each occurrence."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from engine.clock import LOCAL_TZ
from engine.db.models import Incident, ProcessDefinition, ProcessInstance, Timer
from engine.errors import ModelInvalid
from engine.repository import ModelFile

from ..conftest import ANALYST, OFFICER_TTTT, SUPERVISOR
from .helpers import deploy, event_types, model, open_tasks


def start_timers(engine, key: str | None = None) -> list[Timer]:
    with engine.reader() as uow:
        q = select(Timer).where(Timer.handler == "start").order_by(Timer.id)
        if key:
            q = q.join(ProcessDefinition, ProcessDefinition.id == Timer.definition_id).where(
                ProcessDefinition.key == key)
        rows = list(uow.session.execute(q).scalars())
        uow.session.expunge_all()  # keep the loaded values once the session closes
        return rows


def instances(engine, key: str) -> list:
    views, _ = engine.runtime.list(definition=key)
    return sorted(views, key=lambda v: v.started_at)


def local(dt: datetime) -> datetime:
    return dt.astimezone(LOCAL_TZ).replace(tzinfo=None)


def test_daily_cycle_starts_one_instance_per_day(engine):
    deploy(engine, "timer_start_daily.bpmn")
    [timer] = start_timers(engine)
    assert timer.status == "waiting" and timer.instance_id is None
    assert local(timer.due_at) == datetime(2026, 1, 6, 8, 0)  # deployed Monday 08:00, first fire +1 day
    engine.clock.advance(hours=23)
    assert engine.runtime.fire_due_timers() == 0 and instances(engine, "timer_start_daily") == []
    engine.clock.advance(hours=1, seconds=1)
    assert engine.runtime.fire_due_timers() == 1
    [first] = instances(engine, "timer_start_daily")
    assert first.started_by == "timer" and first.status == "running"
    assert [t.element_id for t in open_tasks(engine, first.id, OFFICER_TTTT)] == ["collect"]
    types = event_types(engine, first.id, SUPERVISOR)
    assert types[:2] == ["instance_started", "timer_fired"]
    history = engine.history.for_instance(first.id, SUPERVISOR)
    assert [e["element_id"] for e in history if e["type"] == "timer_fired"] == ["daily"]
    assert engine.runtime.fire_due_timers() == 0  # the same occurrence never fires twice
    fired, nxt = start_timers(engine)
    assert (fired.status, fired.instance_id, fired.fired_at) == ("fired", first.id, engine.clock.now())
    assert nxt.status == "waiting" and local(nxt.due_at) == datetime(2026, 1, 7, 8, 0)
    engine.clock.advance(days=1)
    assert engine.runtime.fire_due_timers() == 1
    assert len(instances(engine, "timer_start_daily")) == 2
    assert len([t for t in start_timers(engine) if t.status == "waiting"]) == 1


def test_late_cycle_fires_once_then_resumes_on_schedule(engine):
    deploy(engine, "timer_start_daily.bpmn")
    engine.clock.advance(days=3, hours=5)  # workers were down for three occurrences
    assert engine.runtime.fire_due_timers() == 1
    assert engine.runtime.fire_due_timers() == 0
    assert len(instances(engine, "timer_start_daily")) == 1
    waiting = [t for t in start_timers(engine) if t.status == "waiting"]
    assert [local(t.due_at) for t in waiting] == [datetime(2026, 1, 9, 8, 0)]


def test_bounded_cycle_fires_three_times(engine):
    deploy(engine, "timer_start_r3.bpmn")
    fired = 0
    for _ in range(5):
        engine.clock.advance(hours=1, seconds=1)
        fired += engine.runtime.fire_due_timers()
    assert fired == 3 and len(instances(engine, "timer_start_r3")) == 3
    assert [t.status for t in start_timers(engine)] == ["fired"] * 3


def test_time_date_fires_once(engine):
    deploy(engine, "timer_start_date.bpmn")
    engine.clock.set(datetime(2026, 1, 10, 1, 0, 1, tzinfo=UTC))  # 08:00:01 in Hanoi
    assert engine.runtime.fire_due_timers() == 1
    engine.clock.advance(days=30)
    assert engine.runtime.fire_due_timers() == 0
    assert len(instances(engine, "timer_start_date")) == 1


def test_cron_cycle_in_hanoi_time(engine):
    deploy(engine, "timer_start_cron.bpmn")  # Quartz "0 0 8 1 * ?": 08:00 on the 1st of each month
    [timer] = start_timers(engine)
    assert timer.kind == "cron" and local(timer.due_at) == datetime(2026, 2, 1, 8, 0)
    engine.clock.set(timer.due_at.replace(second=1))
    assert engine.runtime.fire_due_timers() == 1
    assert local(start_timers(engine)[-1].due_at) == datetime(2026, 3, 1, 8, 0)


def test_a_new_version_replaces_the_start_timers(engine):
    deploy(engine, "timer_start_daily.bpmn")
    xml = model("timer_start_daily.bpmn").content.decode().replace("R/P1D", "R/PT12H")
    [v2] = engine.repository.deploy([ModelFile("timer_start_daily.bpmn", xml)], ANALYST)
    assert v2.version == 2
    old, new = start_timers(engine)
    assert old.status == "cancelled" and new.status == "waiting" and new.definition_id == v2.id
    engine.clock.advance(hours=12, seconds=1)
    assert engine.runtime.fire_due_timers() == 1
    assert [i.version for i in instances(engine, "timer_start_daily")] == [2]
    # A version without a timer start event removes the schedule altogether.
    plain = xml.replace('<bpmn:timerEventDefinition id="daily_def"><bpmn:timeCycle>R/PT12H</bpmn:timeCycle>'
                        '</bpmn:timerEventDefinition>', "")
    engine.repository.deploy([ModelFile("timer_start_daily.bpmn", plain)], ANALYST)
    assert [t.status for t in start_timers(engine)] == ["cancelled", "fired", "cancelled"]
    engine.clock.advance(days=5)
    assert engine.runtime.fire_due_timers() == 0


def test_redeploying_unchanged_keeps_one_schedule(engine):
    deploy(engine, "timer_start_daily.bpmn")
    deploy(engine, "timer_start_daily.bpmn")
    assert [t.status for t in start_timers(engine)] == ["waiting"]


def test_bad_timer_start_expression_is_refused_and_nothing_is_stored(engine):
    with pytest.raises(ModelInvalid) as refused:
        deploy(engine, "timer_start_bad.bpmn")
    [problem] = refused.value.errors
    assert problem["element_id"] == "broken" and "every morning" in problem["message"]
    with engine.reader() as uow:
        assert uow.session.execute(select(ProcessDefinition)).first() is None
    assert start_timers(engine) == []


def test_manual_start_of_a_timer_only_process_fires_its_timer_start_event(engine):
    deploy(engine, "timer_start_r3.bpmn")
    inst = engine.runtime.start("timer_start_r3", SUPERVISOR)
    assert inst.started_by == "supervisor" and inst.active_elements == ["collect"]
    assert "timer_fired" in event_types(engine, inst.id, SUPERVISOR)
    assert [t.status for t in start_timers(engine)] == ["waiting"]  # the schedule is untouched


def test_manual_start_uses_the_none_start_event(engine):
    deploy(engine, "timer_start_daily.bpmn")
    inst = engine.runtime.start("timer_start_daily", SUPERVISOR)
    assert inst.active_elements == ["collect"]
    assert "timer_fired" not in event_types(engine, inst.id, SUPERVISOR)


def test_failing_start_opens_an_incident_and_the_series_goes_on(engine):
    deploy(engine, "timer_start_failing.bpmn")
    engine.clock.advance(days=1, seconds=1)
    assert engine.runtime.fire_due_timers() == 0
    with engine.reader() as uow:
        assert uow.session.execute(select(ProcessInstance)).first() is None
        [incident] = uow.session.execute(select(Incident)).scalars()
        uow.session.expunge_all()
    assert incident.type == "failed_timer" and incident.element_id == "daily"
    assert "compute" in incident.message and incident.definition_key == "timer_start_failing"
    failed, nxt = start_timers(engine)
    assert failed.status == "failed" and nxt.status == "waiting" and nxt.due_at > engine.clock.now()
