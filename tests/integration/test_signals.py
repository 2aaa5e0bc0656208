"""Signals: RuntimeService.signal and thrown signals reach every waiting instance (catch, boundary, event
subprocess) and start the processes whose start event waits for them, in one transaction."""
from __future__ import annotations

import pytest

from engine.errors import NotFound, ValidationFailed

from ..conftest import OFFICER_TTTT, SUPERVISOR
from .helpers import deploy, event_types, open_tasks, task_named


def _open(engine, inst_id):
    return sorted(t.element_id for t in open_tasks(engine, inst_id, SUPERVISOR))


def test_a_signal_reaches_every_waiting_instance_and_starts_processes(engine):
    deploy(engine, "events_signal_catch.bpmn")
    deploy(engine, "events_signal_start.bpmn")
    waiting = engine.runtime.start("events_signal_catch", OFFICER_TTTT)
    drafting = engine.runtime.start("events_signal_catch", OFFICER_TTTT)
    engine.tasks.complete(task_named(engine, waiting.id, "draft", OFFICER_TTTT).id, OFFICER_TTTT, {})
    result = engine.runtime.signal("publish", {"edition": 7}, actor=OFFICER_TTTT)
    assert result.delivered == sorted([waiting.id, drafting.id]) and len(result.started) == 1
    done = engine.runtime.get(waiting.id)
    assert done.status == "completed" and done.variables["edition"] == 7
    assert _open(engine, drafting.id) == ["draft"]  # only its non-interrupting event subprocess ran
    assert "count" in [e["element_id"] for e in engine.history.for_instance(drafting.id, SUPERVISOR)]
    assert "signal_received" in event_types(engine, drafting.id, SUPERVISOR)
    started = engine.runtime.get(result.started[0])
    assert started.definition_key == "events_signal_start" and _open(engine, started.id) == ["announce"]
    assert started.variables["edition"] == 7


def test_unknown_or_nameless_signals_change_nothing(engine):
    deploy(engine, "events_signal_catch.bpmn")
    inst = engine.runtime.start("events_signal_catch", OFFICER_TTTT)
    before = engine.history.for_instance(inst.id, SUPERVISOR)
    with pytest.raises(NotFound):
        engine.runtime.signal("publsh")
    with pytest.raises(ValidationFailed):
        engine.runtime.signal(" ")
    with pytest.raises(ValidationFailed):
        engine.runtime.signal("publish", {"__class__": 1})
    assert engine.history.for_instance(inst.id, SUPERVISOR) == before
    assert engine.runtime.list()[1] == 1


def test_signals_thrown_by_an_instance_reach_the_others(engine):
    deploy(engine, "events_signal_catch.bpmn")
    deploy(engine, "events_signal_start.bpmn")
    deploy(engine, "events_signal_throw.bpmn")
    listener = engine.runtime.start("events_signal_catch", OFFICER_TTTT)
    thrower = engine.runtime.start("events_signal_throw", OFFICER_TTTT, {"edition": 3, "secret": "x"})
    assert thrower.status == "completed"
    heard = engine.runtime.get(listener.id)
    assert heard.status == "completed"  # "archive" (the signal end event) interrupted its draft
    assert "end_archived" in [e["element_id"] for e in engine.history.for_instance(listener.id, SUPERVISOR)]
    started, total = engine.runtime.list(definition="events_signal_start")
    assert total == 1 and started[0].status == "running"
    assert started[0].variables == {"issue": 3}  # only what camunda:in passes on
