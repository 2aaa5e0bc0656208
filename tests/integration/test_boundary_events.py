"""Message and timer boundary events on tasks and subprocesses, escalations, link events and receive tasks
with a prefixed messageRef, through the engine services (state restored between steps)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from engine.errors import NotFound
from engine.repository import ModelFile

from ..conftest import ANALYST, OFFICER_TTTT, SUPERVISOR
from .helpers import MODELS, deploy, event_types, open_tasks, task_named


def _open(engine, inst_id):
    return sorted(t.element_id for t in open_tasks(engine, inst_id, SUPERVISOR))


def _complete(engine, inst_id, element_id, variables=None):
    return engine.tasks.complete(task_named(engine, inst_id, element_id, OFFICER_TTTT).id, OFFICER_TTTT,
                                 variables or {})


def test_message_and_timer_boundaries_on_a_subprocess_and_a_task(engine, clock):
    deploy(engine, "events_boundary_message.bpmn")
    inst = engine.runtime.start("events_boundary_message", OFFICER_TTTT, business_key="HS-5")
    assert _open(engine, inst.id) == ["gather"]
    with pytest.raises(NotFound):
        engine.runtime.correlate_message("reminders", OFFICER_TTTT, "HS-5")  # wrong message name
    engine.runtime.correlate_message("reminder", OFFICER_TTTT, "HS-5", {"by": "Lan"})
    assert _open(engine, inst.id) == ["gather", "note"]  # non-interrupting on the subprocess
    clock.advance(timedelta(minutes=61))
    assert engine.runtime.fire_due_timers() == 1  # the subprocess's own timer row
    assert "mark" in [e["element_id"] for e in engine.history.for_instance(inst.id, SUPERVISOR)]
    _complete(engine, inst.id, "gather")
    assert _open(engine, inst.id) == ["note", "review"]
    done = engine.runtime.correlate_message("withdrawn", OFFICER_TTTT, "HS-5")  # prefixed messageRef
    assert _open(engine, inst.id) == ["note"] and done.status == "running"
    _complete(engine, inst.id, "note")
    assert engine.runtime.get(inst.id).status == "completed"
    assert "end_withdrawn" in [e["element_id"] for e in engine.history.for_instance(inst.id, SUPERVISOR)]


def test_escalations_by_code_and_catch_all(engine):
    deploy(engine, "events_escalation.bpmn")
    inst = engine.runtime.start("events_escalation", OFFICER_TTTT)
    assert _open(engine, inst.id) == ["inner", "notice"]  # thrown, caught by code, the flow goes on
    _complete(engine, inst.id, "notice")
    _complete(engine, inst.id, "inner")
    assert _open(engine, inst.id) == ["handle_stop"]  # the end escalation interrupted "second"
    _complete(engine, inst.id, "handle_stop")
    done = engine.runtime.get(inst.id)
    assert done.status == "completed" and done.variables["reason"] == "stop"  # escalationCodeVariable
    assert "after" not in [e["element_id"] for e in engine.history.for_instance(inst.id, SUPERVISOR)]


def test_a_link_throw_continues_at_its_catch(engine):
    deploy(engine, "events_links.bpmn")
    inst = engine.runtime.start("events_links", OFFICER_TTTT)
    assert _open(engine, inst.id) == ["review"] and inst.variables["prepared"] is True
    _complete(engine, inst.id, "review")
    assert engine.runtime.get(inst.id).status == "completed"


def test_receive_task_and_catch_event_with_prefixed_message_refs(engine):
    deploy(engine, "events_receive_prefixed.bpmn")
    inst = engine.runtime.start("events_receive_prefixed", OFFICER_TTTT, business_key="INV-1")
    assert inst.active_elements == ["wait_invoice"]
    engine.runtime.correlate_message("newInvoice", OFFICER_TTTT, "INV-1", {"amount": 10})
    with pytest.raises(NotFound):
        engine.runtime.correlate_message("paid", OFFICER_TTTT, "INV-1")  # the id, not the name
    done = engine.runtime.correlate_message("invoicePaid", OFFICER_TTTT, "INV-1")
    assert done.status == "completed" and done.variables["amount"] == 10
    assert event_types(engine, inst.id, SUPERVISOR).count("message_received") == 2


def test_interrupting_on_the_subprocess_and_non_interrupting_on_the_task(engine):
    text = (MODELS / "events_boundary_message.bpmn").read_text()
    text = text.replace('attachedToRef="collect" cancelActivity="false">\n      <bpmn:messageEventDefinition',
                        'attachedToRef="collect">\n      <bpmn:messageEventDefinition')
    text = text.replace('id="on_withdrawn" attachedToRef="review">',
                        'id="on_withdrawn" attachedToRef="review" cancelActivity="false">')
    engine.repository.deploy([ModelFile("events_boundary_message.bpmn", text.encode())], ANALYST)
    inst = engine.runtime.start("events_boundary_message", OFFICER_TTTT, business_key="HS-6")
    engine.runtime.correlate_message("reminder", OFFICER_TTTT, "HS-6")
    assert _open(engine, inst.id) == ["note"]  # the subprocess and its task were interrupted
    _complete(engine, inst.id, "note")
    assert engine.runtime.get(inst.id).status == "completed"
    second = engine.runtime.start("events_boundary_message", OFFICER_TTTT, business_key="HS-7")
    _complete(engine, second.id, "gather")
    engine.runtime.correlate_message("withdrawn", OFFICER_TTTT, "HS-7")
    assert _open(engine, second.id) == ["review"]  # non-interrupting: the task stays
    _complete(engine, second.id, "review")
    assert engine.runtime.get(second.id).status == "completed"


@pytest.mark.parametrize(("gone", "ended_at"), [(False, "end"), (True, "g_end")])
def test_escalations_and_errors_from_a_called_process_reach_the_call_activity(engine, gone, ended_at):
    deploy(engine, "events_call_escalation.bpmn")
    inst = engine.runtime.start("events_call_escalation", OFFICER_TTTT, {"gone": gone})
    assert _open(engine, inst.id) == ["do", "help"]
    _complete(engine, inst.id, "help")
    _complete(engine, inst.id, "do")
    assert engine.runtime.get(inst.id).status == "completed"
    elements = [e["element_id"] for e in engine.history.for_instance(inst.id, SUPERVISOR)]
    assert ended_at in elements and ({"end", "g_end"} - {ended_at}).isdisjoint(elements)
