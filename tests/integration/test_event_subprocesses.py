"""Event subprocesses, interrupting and not, started by a message, a timer, an error or an escalation.

Every step goes through the engine services, so the instance is restored from its stored state between
steps (the persisted state round-trips)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from engine.errors import NotFound
from engine.repository import ModelFile

from ..conftest import ANALYST, OFFICER_TTTT, SUPERVISOR
from .helpers import MODELS, deploy, event_types, open_tasks, task_named


def _open(engine, inst_id):
    return sorted(t.element_id for t in open_tasks(engine, inst_id, SUPERVISOR))


def test_message_event_subprocesses_run_beside_or_instead_of_the_flow(engine):
    deploy(engine, "events_esp_message.bpmn")
    inst = engine.runtime.start("events_esp_message", OFFICER_TTTT, business_key="HS-1")
    assert _open(engine, inst.id) == ["work"]
    engine.runtime.correlate_message("customer_called", OFFICER_TTTT, "HS-1", {"caller": "Lan"})
    assert _open(engine, inst.id) == ["call_back", "work"]  # non-interrupting: the flow goes on
    engine.tasks.complete(task_named(engine, inst.id, "call_back", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert _open(engine, inst.id) == ["work"]
    with pytest.raises(NotFound):
        engine.runtime.correlate_message("case_withdrawn", OFFICER_TTTT, "HS-2")  # wrong key
    done = engine.runtime.correlate_message("case_withdrawn", OFFICER_TTTT, "HS-1")
    assert done.status == "completed" and done.variables["withdrawn"] is True
    with pytest.raises(NotFound):
        engine.runtime.correlate_message("customer_called", OFFICER_TTTT, "HS-1")  # nobody listens now
    assert _open(engine, inst.id) == []
    assert "task_cancelled" in event_types(engine, inst.id, SUPERVISOR)  # "work" was interrupted


def test_an_idle_event_subprocess_does_not_keep_the_instance_open(engine, clock):
    deploy(engine, "events_esp_timer.bpmn")
    inst = engine.runtime.start("events_esp_timer", OFFICER_TTTT)
    engine.tasks.complete(task_named(engine, inst.id, "work", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert engine.runtime.get(inst.id).status == "completed"
    clock.advance(timedelta(hours=3))
    assert engine.runtime.fire_due_timers() == 0  # the event subprocess timers were cancelled


def test_timer_event_subprocesses_fire_from_timer_rows(engine, clock):
    deploy(engine, "events_esp_timer.bpmn")
    inst = engine.runtime.start("events_esp_timer", OFFICER_TTTT)
    clock.advance(timedelta(minutes=61))
    assert engine.runtime.fire_due_timers() == 1
    assert _open(engine, inst.id) == ["remind_task", "work"]
    clock.advance(timedelta(hours=1))
    assert engine.runtime.fire_due_timers() == 1
    done = engine.runtime.get(inst.id)
    assert done.status == "completed" and done.variables["timed_out"] is True
    assert _open(engine, inst.id) == []  # the interrupting one cancelled both user tasks


def test_an_error_known_only_by_its_code_starts_the_error_event_subprocess(engine):
    deploy(engine, "events_esp_error.bpmn")
    inst = engine.runtime.start("events_esp_error", OFFICER_TTTT, {"kind": "error"})
    assert _open(engine, inst.id) == ["repair"]
    engine.tasks.complete(task_named(engine, inst.id, "repair", OFFICER_TTTT).id, OFFICER_TTTT, {})
    done = engine.runtime.get(inst.id)
    assert done.status == "completed" and done.variables["failure"] == "Err_Missing"  # errorCodeVariable


def test_an_escalation_starts_a_non_interrupting_event_subprocess(engine):
    deploy(engine, "events_esp_error.bpmn")
    inst = engine.runtime.start("events_esp_error", OFFICER_TTTT, {"kind": "escalate"})
    assert _open(engine, inst.id) == ["finish", "report_late"]
    engine.tasks.complete(task_named(engine, inst.id, "finish", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert engine.runtime.get(inst.id).status == "running"  # the event subprocess is still at work
    engine.tasks.complete(task_named(engine, inst.id, "report_late", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert engine.runtime.get(inst.id).status == "completed"
    plain = engine.runtime.start("events_esp_error", OFFICER_TTTT, {"kind": "ok"})
    assert _open(engine, plain.id) == ["finish"]


def test_event_subprocesses_inside_a_subprocess_act_on_that_subprocess(engine, clock):
    deploy(engine, "events_nested.bpmn")
    inst = engine.runtime.start("events_nested", OFFICER_TTTT, {"missing": False}, business_key="N-1")
    clock.advance(timedelta(hours=5))
    assert engine.runtime.fire_due_timers() == 1  # the nested timer start, from its timer row
    assert _open(engine, inst.id) == ["chase", "work"]
    engine.runtime.correlate_message("cancel_case", OFFICER_TTTT, "N-1")
    assert _open(engine, inst.id) == ["archive"]  # the subprocess was interrupted, the process goes on
    done = engine.tasks.complete(task_named(engine, inst.id, "archive", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert engine.runtime.get(inst.id).status == "completed" and done is not None


def test_an_error_matched_by_code_reaches_the_boundary_of_its_subprocess(engine):
    deploy(engine, "events_nested.bpmn")
    inst = engine.runtime.start("events_nested", OFFICER_TTTT, {"missing": True}, business_key="N-2")
    engine.tasks.complete(task_named(engine, inst.id, "work", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert _open(engine, inst.id) == ["complete_data"]  # errorRef "E42" = errorCode of <error err_code>
    engine.tasks.complete(task_named(engine, inst.id, "complete_data", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert engine.runtime.get(inst.id).status == "completed"
    assert engine.runtime.fire_due_timers() == 0


def test_a_running_event_subprocess_keeps_the_others_listening(engine, clock):
    deploy(engine, "events_esp_timer.bpmn")
    inst = engine.runtime.start("events_esp_timer", OFFICER_TTTT)
    clock.advance(timedelta(minutes=61))
    assert engine.runtime.fire_due_timers() == 1
    engine.tasks.complete(task_named(engine, inst.id, "work", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert _open(engine, inst.id) == ["remind_task"]  # the flow is done, the reminder is not
    clock.advance(timedelta(hours=1))
    assert engine.runtime.fire_due_timers() == 1  # so the deadline still interrupts
    assert engine.runtime.get(inst.id).status == "completed" and _open(engine, inst.id) == []


def test_a_timer_cycle_event_subprocess_starts_once_per_cycle(engine, clock):
    text = (MODELS / "events_esp_timer.bpmn").read_text()
    text = text.replace("<bpmn:timeDuration>PT1H</bpmn:timeDuration>",
                        "<bpmn:timeCycle>R2/PT1H</bpmn:timeCycle>")
    text = text.replace(">PT2H<", ">P1D<")
    engine.repository.deploy([ModelFile("events_esp_timer.bpmn", text.encode())], ANALYST)
    inst = engine.runtime.start("events_esp_timer", OFFICER_TTTT)
    for _ in range(3):
        clock.advance(timedelta(minutes=61))
        engine.runtime.fire_due_timers()
    assert _open(engine, inst.id) == ["remind_task", "remind_task", "work"]
    engine.tasks.complete(task_named(engine, inst.id, "work", OFFICER_TTTT).id, OFFICER_TTTT, {})
    assert engine.runtime.get(inst.id).status == "running"  # its reminders are still open
    for task in open_tasks(engine, inst.id, SUPERVISOR):
        engine.tasks.complete(task.id, OFFICER_TTTT, {})
    assert engine.runtime.get(inst.id).status == "completed"
