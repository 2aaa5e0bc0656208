"""Running instances through the engine services: gateways, lanes, timers, messages, call activities."""
from __future__ import annotations

import pytest

from engine.errors import Conflict, Forbidden, IllegalState, NotFound, ScriptError, ValidationFailed

from ..conftest import OFFICER_TTTT, OFFICER_VP, OFFICER_YTE, SUPERVISOR, person
from .helpers import deploy, event_types, open_tasks, task_named

POLICE = person("officer.congan", "cong-an")


def test_one_task_lifecycle_with_history(engine):
    deploy(engine, "one_task.bpmn")
    inst = engine.runtime.start("one_task", OFFICER_TTTT, variables={"journalist": "Lan"},
                                business_key="HB-001")
    assert inst.status == "running" and inst.active_elements == ["answer"]
    [task] = open_tasks(engine, inst.id, OFFICER_TTTT)
    assert task.candidate_groups == ["so-tttt"] and task.priority == 70 and task.form == "answer_form"
    assert task.due_at is not None
    engine.tasks.complete(task.id, OFFICER_TTTT, {"answer": "Đã trả lời"})
    done = engine.runtime.get(inst.id)
    assert done.status == "completed" and done.ended_at
    assert done.variables == {"journalist": "Lan", "answer": "Đã trả lời"}
    types = event_types(engine, inst.id, SUPERVISOR)
    assert types[0] == "instance_started" and types[-1] == "instance_completed"
    assert "task_created" in types and "task_completed" in types
    completed = [e for e in engine.history.for_instance(inst.id, SUPERVISOR) if e["type"] == "task_completed"]
    assert completed[0]["actor"] == "officer.tttt"
    assert completed[0]["data"]["changes"] == {"answer": [None, "Đã trả lời"]}


def test_lanes_route_tasks_and_exclusive_gateway_loops(engine):
    deploy(engine, "review_loop.bpmn")
    inst = engine.runtime.start("review_loop", OFFICER_YTE)
    draft = task_named(engine, inst.id, "draft", OFFICER_YTE)
    assert draft.candidate_groups == ["so-y-te"]
    assert open_tasks(engine, inst.id, OFFICER_VP) == []  # another agency sees nothing
    engine.tasks.complete(draft.id, OFFICER_YTE, {"text": "v1"})
    approve = task_named(engine, inst.id, "approve", OFFICER_VP)
    assert approve.candidate_groups == ["vp-ubnd"]  # from the lane's group property
    engine.tasks.complete(approve.id, OFFICER_VP, {"decision": "revise"})
    draft2 = task_named(engine, inst.id, "draft", OFFICER_YTE)
    engine.tasks.complete(draft2.id, OFFICER_YTE, {"text": "v2"})
    engine.tasks.complete(task_named(engine, inst.id, "approve", OFFICER_VP).id, OFFICER_VP,
                          {"decision": "approve"})
    done = engine.runtime.get(inst.id)
    assert done.status == "completed" and done.variables["text"] == "v2"


@pytest.mark.parametrize("routes,expected", [
    (["police", "dossier"], {"a", "b"}),
    (["police"], {"a"}),
    ([], {"c"}),
])
def test_inclusive_then_parallel(engine, routes, expected):
    deploy(engine, "gateways.bpmn")
    inst = engine.runtime.start("gateways", OFFICER_TTTT, variables={"routes": routes})
    assert {t.element_id for t in open_tasks(engine, inst.id, OFFICER_TTTT)} == expected
    for t in open_tasks(engine, inst.id, OFFICER_TTTT):
        engine.tasks.complete(t.id, OFFICER_TTTT)
    assert {t.element_id for t in open_tasks(engine, inst.id, OFFICER_TTTT)} == {"p1", "p2", "p3"}
    p = open_tasks(engine, inst.id, OFFICER_TTTT)
    engine.tasks.complete(p[0].id, OFFICER_TTTT)
    engine.tasks.complete(p[1].id, OFFICER_TTTT)
    assert engine.runtime.get(inst.id).status == "running"  # the join waits for the third branch
    engine.tasks.complete(p[2].id, OFFICER_TTTT)
    assert engine.runtime.get(inst.id).status == "completed"


def test_event_based_gateway_message_wins(engine):
    deploy(engine, "wait_correction.bpmn")
    inst = engine.runtime.start("wait_correction", OFFICER_TTTT, variables={"case_number": "BC-7"})
    assert inst.status == "waiting"
    with pytest.raises(NotFound):
        engine.runtime.correlate_message("correction_published", OFFICER_TTTT, "BC-8")
    engine.runtime.correlate_message("correction_published", OFFICER_TTTT, "BC-7",
                                     {"correction_url": "https://bao.example/cai-chinh"})
    done = engine.runtime.get(inst.id)
    assert done.status == "completed"
    assert done.variables["correction_url"] == "https://bao.example/cai-chinh"
    engine.clock.advance(days=5)
    assert engine.runtime.fire_due_timers() == 0  # the losing timer was cancelled


def test_event_based_gateway_timer_wins(engine):
    deploy(engine, "wait_correction.bpmn")
    inst = engine.runtime.start("wait_correction", OFFICER_TTTT, variables={"case_number": "BC-9"})
    engine.clock.advance(days=2)
    assert engine.runtime.fire_due_timers() == 0
    engine.clock.advance(days=1, seconds=1)
    assert engine.runtime.fire_due_timers() == 1
    assert [t.element_id for t in open_tasks(engine, inst.id, OFFICER_TTTT)] == ["chase"]
    with pytest.raises(NotFound):  # the message subscription went with the gateway
        engine.runtime.correlate_message("correction_published", OFFICER_TTTT, "BC-9")


def test_two_waiting_instances_with_the_same_key_conflict(engine):
    deploy(engine, "wait_correction.bpmn")
    for _ in range(2):
        engine.runtime.start("wait_correction", OFFICER_TTTT, variables={"case_number": "DUP"})
    with pytest.raises(Conflict):
        engine.runtime.correlate_message("correction_published", OFFICER_TTTT, "DUP")


def test_message_start_event_starts_an_instance(engine):
    deploy(engine, "message_start.bpmn")
    inst = engine.runtime.correlate_message("article_flagged", OFFICER_TTTT, "ART-1", {"url": "u"})
    assert inst.definition_key == "message_start" and inst.business_key == "ART-1"
    [task] = open_tasks(engine, inst.id, OFFICER_TTTT)
    assert task.element_id == "check"


def test_non_interrupting_reminder_then_interrupting_deadline(engine):
    deploy(engine, "boundary_timers.bpmn")
    inst = engine.runtime.start("boundary_timers", OFFICER_YTE, variables={"deadline_days": 2})
    engine.clock.advance(days=1, seconds=1)
    assert engine.runtime.fire_due_timers() == 1
    assert {t.element_id for t in open_tasks(engine, inst.id, SUPERVISOR)} == {"answer", "remind"}
    engine.clock.advance(days=1)  # Wednesday 08:00+: two working days after Monday 08:00
    engine.runtime.fire_due_timers()
    assert {t.element_id for t in open_tasks(engine, inst.id, SUPERVISOR)} == {"remind", "escalate"}
    types = event_types(engine, inst.id, SUPERVISOR)
    assert types.count("timer_fired") == 2 and "task_cancelled" in types


def test_answer_in_time_cancels_the_timers(engine):
    deploy(engine, "boundary_timers.bpmn")
    inst = engine.runtime.start("boundary_timers", OFFICER_YTE, variables={"deadline_days": 2})
    engine.tasks.complete(task_named(engine, inst.id, "answer", OFFICER_YTE).id, OFFICER_YTE)
    assert engine.runtime.get(inst.id).status == "completed"
    engine.clock.advance(days=30)
    assert engine.runtime.fire_due_timers() == 0


def test_call_activity_runs_the_called_process(engine):
    deploy(engine, "case_child.bpmn")
    deploy(engine, "case_parent.bpmn")
    inst = engine.runtime.start("case_parent", OFFICER_TTTT, variables={"case": "X"})
    verify = task_named(engine, inst.id, "verify", POLICE)
    assert verify.candidate_groups == ["cong-an"]
    engine.tasks.complete(verify.id, POLICE, {"security_risk": False})
    close = task_named(engine, inst.id, "close", OFFICER_TTTT)
    engine.tasks.complete(close.id, OFFICER_TTTT)
    done = engine.runtime.get(inst.id)
    assert done.status == "completed" and done.variables["security_risk"] is False


def test_ten_thousand_revisions(sqlite_engine):
    """A revise-and-resubmit loop taken 10,000 times through the engine services, each step its own
    transaction: the instance keeps working and its stored state does not grow."""
    engine = sqlite_engine
    deploy(engine, "revise_loop.bpmn")
    inst = engine.runtime.start("revise_loop", OFFICER_YTE)
    from engine.db.models import ProcessInstance

    sizes = {}
    for i in range(10_000):
        [task], _ = engine.tasks.list(OFFICER_YTE, instance=inst.id)
        engine.tasks.complete(task.id, OFFICER_YTE, {"draft": f"v{i}", "revise": i < 9_999})
        if i in (10, 9_990):
            with engine.uow() as uow:
                sizes[i] = len(uow.session.get(ProcessInstance, inst.id).state)
    done = engine.runtime.get(inst.id)
    assert done.status == "completed" and done.variables["draft"] == "v9999"
    assert sizes[9_990] <= sizes[10] * 1.2, sizes
    assert engine.history.verify(inst.id).ok


def test_suspend_resume_terminate(engine):
    deploy(engine, "one_task.bpmn")
    inst = engine.runtime.start("one_task", OFFICER_TTTT)
    [task] = open_tasks(engine, inst.id, OFFICER_TTTT)
    with pytest.raises(Forbidden):
        engine.runtime.suspend(inst.id, OFFICER_TTTT)
    assert engine.runtime.suspend(inst.id, SUPERVISOR).status == "suspended"
    with pytest.raises(IllegalState):
        engine.tasks.complete(task.id, OFFICER_TTTT)
    with pytest.raises(IllegalState):
        engine.runtime.suspend(inst.id, SUPERVISOR)
    assert engine.runtime.resume(inst.id, SUPERVISOR).status == "running"
    ended = engine.runtime.terminate(inst.id, SUPERVISOR, reason="trùng hồ sơ")
    assert ended.status == "terminated"
    assert open_tasks(engine, inst.id, OFFICER_TTTT) == []
    with pytest.raises(IllegalState):
        engine.runtime.resume(inst.id, SUPERVISOR)
    with pytest.raises(Conflict):
        engine.tasks.complete(task.id, OFFICER_TTTT)


def test_bad_variables_are_refused(engine):
    deploy(engine, "one_task.bpmn")
    for bad in ({"__class__": 1}, {"not valid": 1}, ["x"]):
        with pytest.raises(ValidationFailed):
            engine.runtime.start("one_task", OFFICER_TTTT, variables=bad)
    assert engine.runtime.list()[1] == 0


def test_officer_of_another_agency_cannot_start_or_touch(engine):
    deploy(engine, "one_task.bpmn")
    with pytest.raises(Forbidden):
        engine.runtime.start("one_task", OFFICER_YTE)
    inst = engine.runtime.start("one_task", OFFICER_TTTT)
    [task] = open_tasks(engine, inst.id, OFFICER_TTTT)
    for call in (lambda: engine.tasks.get(task.id, OFFICER_YTE),
                 lambda: engine.tasks.claim(task.id, OFFICER_YTE),
                 lambda: engine.tasks.complete(task.id, OFFICER_YTE)):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(NotFound):
        engine.history.for_instance(inst.id, OFFICER_YTE)


def test_claim_rules(engine, people):
    deploy(engine, "one_task.bpmn")
    other = person("officer2.tttt", "so-tttt")
    inst = engine.runtime.start("one_task", OFFICER_TTTT)
    [task] = open_tasks(engine, inst.id, OFFICER_TTTT)
    assert engine.tasks.claim(task.id, OFFICER_TTTT).assignee == "officer.tttt"
    with pytest.raises(Conflict):
        engine.tasks.claim(task.id, other)
    with pytest.raises(Forbidden):
        engine.tasks.complete(task.id, other)
    with pytest.raises(Forbidden):
        engine.tasks.unclaim(task.id, other)
    assert engine.tasks.assign(task.id, "supervisor", SUPERVISOR).assignee == "supervisor"
    with pytest.raises(ValidationFailed):
        engine.tasks.assign(task.id, "ghost", SUPERVISOR)
    engine.tasks.complete(task.id, SUPERVISOR)
    with pytest.raises(Conflict):
        engine.tasks.complete(task.id, SUPERVISOR)


def test_hostile_script_is_refused_at_deploy(engine):
    from engine.errors import ModelInvalid

    with pytest.raises(ModelInvalid) as refused:
        deploy(engine, "script_hostile.bpmn")
    assert any(e["element_id"] == "evil" for e in refused.value.errors)


def test_runaway_script_fails_safely_and_changes_nothing(engine):
    deploy(engine, "script_runtime_escape.bpmn")
    with pytest.raises(ScriptError):
        engine.runtime.start("script_runtime_escape", SUPERVISOR,
                             variables={"payload": "ab", "limit": 10**12})
    assert engine.runtime.list()[1] == 0
    ok = engine.runtime.start("script_runtime_escape", SUPERVISOR, variables={"payload": "ab", "limit": 3})
    assert ok.status == "completed" and ok.variables["result"] == 4


def test_unknown_ids(engine):
    with pytest.raises(NotFound):
        engine.runtime.get("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFound):
        engine.tasks.complete("00000000-0000-0000-0000-000000000000", SUPERVISOR)
    with pytest.raises(NotFound):
        engine.runtime.terminate("nope", SUPERVISOR)




def test_failing_timer_marks_the_instance_and_spares_the_others(engine):
    deploy(engine, "timer_then_script.bpmn")
    broken = engine.runtime.start("timer_then_script", OFFICER_TTTT, variables={"divisor": 0})
    healthy = engine.runtime.start("timer_then_script", OFFICER_TTTT, variables={"divisor": 4})
    paused = engine.runtime.start("timer_then_script", OFFICER_TTTT, variables={"divisor": 5})
    engine.runtime.suspend(paused.id, SUPERVISOR)
    engine.clock.advance(hours=2)
    assert engine.runtime.fire_due_timers() == 1
    failed = engine.runtime.get(broken.id)
    assert failed.status == "error" and "compute" in failed.error
    assert event_types(engine, broken.id, SUPERVISOR)[-1] == "incident"
    assert engine.runtime.get(healthy.id).variables["share"] == 25
    assert engine.runtime.fire_due_timers() == 0  # neither the failed nor the suspended one is retried
    assert engine.runtime.get(paused.id).status == "suspended"
    engine.runtime.resume(paused.id, SUPERVISOR)
    assert engine.runtime.fire_due_timers() == 1
    assert [t.element_id for t in open_tasks(engine, paused.id, OFFICER_TTTT)] == ["report"]


def test_loop_without_wait_state_runs_thousands_of_turns_in_one_change(sqlite_engine):
    engine = sqlite_engine
    deploy(engine, "script_loop.bpmn")
    done = engine.runtime.start("script_loop", SUPERVISOR, variables={"counter": 0, "target": 3_000})
    assert done.status == "completed" and done.variables["counter"] == 3_000
