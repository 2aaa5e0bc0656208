"""Conditional events (boundary, intermediate catch, event subprocess start) are evaluated again on the
instance's variables after every change: a message, a completed task, a signal."""
from __future__ import annotations

from ..conftest import OFFICER_TTTT, SUPERVISOR
from .helpers import deploy, open_tasks, task_named

START = {"urgent": False, "approved": False, "priority": 0}


def _open(engine, inst_id):
    return sorted(t.element_id for t in open_tasks(engine, inst_id, SUPERVISOR))


def test_conditions_fire_when_the_variables_change(engine):
    deploy(engine, "events_conditional.bpmn")
    inst = engine.runtime.start("events_conditional", OFFICER_TTTT, dict(START), business_key="C-1")
    assert _open(engine, inst.id) == ["review"]
    assert sorted(inst.active_elements) == ["became_urgent", "review", "wait_approved", "wait_flag"]
    engine.runtime.correlate_message("flag", OFFICER_TTTT, "C-1", {"urgent": True})
    assert _open(engine, inst.id) == ["urgent_review"]  # the interrupting boundary fired
    task = task_named(engine, inst.id, "urgent_review", OFFICER_TTTT)
    engine.tasks.complete(task.id, OFFICER_TTTT, {"approved": True, "priority": 9})
    assert _open(engine, inst.id) == ["supervise"]  # the event subprocess started on priority > 5
    assert "wait_approved" not in engine.runtime.get(inst.id).active_elements
    engine.tasks.complete(task_named(engine, inst.id, "supervise", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert engine.runtime.get(inst.id).status == "completed"


def test_conditions_that_stay_false_keep_waiting(engine):
    deploy(engine, "events_conditional.bpmn")
    inst = engine.runtime.start("events_conditional", OFFICER_TTTT, dict(START), business_key="C-2")
    engine.runtime.correlate_message("flag", OFFICER_TTTT, "C-2", {"note": "x"})
    engine.tasks.complete(task_named(engine, inst.id, "review", OFFICER_TTTT).id, OFFICER_TTTT, {})
    view = engine.runtime.get(inst.id)
    assert view.status == "waiting" and view.active_elements == ["wait_approved"]


def test_variables_a_signal_brings_fire_a_waiting_condition(engine):
    deploy(engine, "events_conditional_signal.bpmn")
    inst = engine.runtime.start("events_conditional_signal", OFFICER_TTTT, {"go": False})
    assert engine.runtime.signal("proceed", {"go": False}).delivered == [inst.id]
    assert engine.runtime.get(inst.id).active_elements == ["wait_go"]
    engine.runtime.signal("proceed", {"go": True})
    assert engine.runtime.get(inst.id).status == "completed"
