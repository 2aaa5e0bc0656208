"""An instance timer whose step fails: the instance is kept in `error`, an incident opens, and retry runs
the step again (a new incident if it fails again)."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import IllegalState

from ..conftest import OFFICER_TTTT, SUPERVISOR
from .helpers import deploy, event_types, open_tasks


def incidents(engine, instance_id: str, status: str | None = "open"):
    return engine.management.incidents(SUPERVISOR, status=status, instance=instance_id)[0]


def test_failing_instance_timer_opens_an_incident_and_a_retry_fails_again(engine):
    deploy(engine, "timer_then_script.bpmn")
    broken = engine.runtime.start("timer_then_script", OFFICER_TTTT, variables={"divisor": 0})
    engine.clock.advance(hours=2)
    assert engine.runtime.fire_due_timers() == 0
    [incident] = incidents(engine, broken.id)
    assert (incident.type, incident.element_id, incident.definition_key) == (
        "failed_timer", "wait", "timer_then_script")
    assert "compute" in incident.message and incident.timer_id is not None
    assert engine.runtime.get(broken.id).status == "error"
    [timer] = engine.management.timers(SUPERVISOR, instance=broken.id)[0]
    assert timer.id == incident.timer_id  # still waiting, passed over while the instance is in error
    engine.clock.advance(hours=1)
    assert engine.runtime.fire_due_timers() == 0 and len(incidents(engine, broken.id)) == 1

    resolved = engine.management.retry(incident.id, SUPERVISOR)
    assert resolved.status == "resolved" and resolved.resolved_by == "supervisor"
    after = engine.runtime.get(broken.id)
    assert after.status == "waiting" and after.error is None
    assert event_types(engine, broken.id, SUPERVISOR)[-1] == "incident_retried"
    with pytest.raises(IllegalState):
        engine.management.retry(incident.id, SUPERVISOR)

    engine.clock.advance(seconds=1)
    engine.runtime.fire_due_timers()  # divisor is still 0: the step fails the same way
    [again] = incidents(engine, broken.id)
    assert again.id != incident.id and again.timer_id == incident.timer_id
    assert engine.runtime.get(broken.id).status == "error"
    assert [i.id for i in incidents(engine, broken.id, "resolved")] == [incident.id]


def test_retry_after_the_cause_passed_advances_the_instance(engine):
    deploy(engine, "timer_working_day_script.bpmn")
    saturday = datetime(2026, 1, 10, 10, 0, tzinfo=LOCAL_TZ)  # its script only works on working days
    inst = engine.runtime.start("timer_working_day_script", OFFICER_TTTT,
                                variables={"due": saturday.isoformat()})
    engine.clock.set(saturday.replace(second=1))
    engine.runtime.fire_due_timers()
    [incident] = incidents(engine, inst.id)
    assert engine.runtime.get(inst.id).status == "error"

    engine.clock.set(datetime(2026, 1, 12, 8, 0, tzinfo=LOCAL_TZ))  # Monday
    engine.management.retry(incident.id, SUPERVISOR)
    engine.clock.advance(seconds=1)
    assert engine.runtime.fire_due_timers() == 1
    done = engine.runtime.get(inst.id)
    assert done.status == "running" and done.variables["share"] == 100
    assert [t.element_id for t in open_tasks(engine, inst.id, OFFICER_TTTT)] == ["report"]
    assert incidents(engine, inst.id) == [] and engine.management.timers(SUPERVISOR, instance=inst.id)[1] == 0


def test_terminating_the_instance_resolves_its_incident(engine):
    deploy(engine, "timer_then_script.bpmn")
    broken = engine.runtime.start("timer_then_script", OFFICER_TTTT, variables={"divisor": 0})
    engine.clock.advance(hours=2)
    engine.runtime.fire_due_timers()
    [incident] = incidents(engine, broken.id)
    engine.runtime.terminate(broken.id, SUPERVISOR)
    assert incidents(engine, broken.id) == []
    [closed] = incidents(engine, broken.id, "resolved")
    assert closed.id == incident.id and closed.resolved_by == "supervisor"
    with pytest.raises(IllegalState, match="resolved"):
        engine.management.retry(incident.id, SUPERVISOR)
