"""The seven executable MIWG models (C.1.0, C.1.1, C.3.0, C.8.1, C.9.0, C.9.1, C.9.2) deployed as an analyst
imports them: service, send and business rule tasks bound to the no-op connector (`bind_tasks`), lanes
mapped by a lane map, called processes found in the same deployment. Each runs end to end, or is refused
with every problem naming its element and the feature pressdesk lacks for it.

Expression languages and event kinds come from other work on the same issue: where the sandbox cannot
evaluate JUEL (`${approved}`) or FEEL (`= approved`) yet, the models that need them must be refused by
exactly those conditions; once it can, they must run.
"""
from __future__ import annotations

import re

import pytest

from engine.bpmn import safety
from engine.errors import ModelInvalid
from engine.repository import ModelFile

from ..conftest import ANALYST, SUPERVISOR
from ..unit.test_conformance_models import MIWG
from .helpers import open_tasks

GROUP = "so-tttt"
# Called processes live in the same deployment: C.9.0 calls ManualCheck (C.9.2), C.9.2 calls C.9.1.
DEPLOYMENTS = {"C.1.0": ["C.1.0"], "C.1.1": ["C.1.1"], "C.3.0": ["C.3.0"], "C.8.1": ["C.8.1"],
               "C.9.0": ["C.9.0", "C.9.1", "C.9.2"], "C.9.1": ["C.9.1"], "C.9.2": ["C.9.2", "C.9.1"]}
# Why a model is refused, by the problem's message: the feature pressdesk lacks there.
REASONS = {
    "juel": re.compile(r"condition ['\"]\$\{"),
    "feel": re.compile(r"condition (language 'https://www\.omg\.org/spec/DMN/|'\s*=|'[^']*\bsatisfies\b)"),
    "xpath": re.compile(r"XPath conditions \(bpmn:getDataObject\)"),
    "data-store": re.compile(r"data store .* has no implementation"),
    "descriptive-condition": re.compile(r"needs a condition|condition \"Service Level|condition 'Vacation"),
    "descriptive-subprocess": re.compile(r"a subprocess needs exactly one start event"),
    "process-data-inputs": re.compile(r"data association refers to .* not a data object"),
    "event-subprocess": re.compile(r"event subprocesses|errorEventDefinition on <startEvent>"),
    "message-payload": re.compile(r"message throw event needs camunda:expression"),
    "camunda-8-loop": re.compile(r"multi-instance activity needs loopCardinality or camunda:collection"),
    "xpath-syntax": re.compile(r"bpmn:getDataObject"),
}


def _files(names: list[str]) -> list[ModelFile]:
    return [ModelFile(f"{n}.bpmn", (MIWG / f"{n}.bpmn").read_bytes()) for n in names]


def _lane_map(names: list[str]) -> dict[str, str]:
    lanes = {}
    for n in names:
        tree = safety.load_model_xml((MIWG / f"{n}.bpmn").read_bytes(), n)
        lanes.update({lane.get("id"): GROUP for lane in tree.getroot().iter(f"{{{safety.BPMN_NS}}}lane")})
    return lanes


def deploy(engine, model: str):
    names = DEPLOYMENTS[model]
    return engine.repository.deploy(_files(names), ANALYST, lane_map=_lane_map(names), bind_tasks="noop")


def _reasons(problems: list[dict]) -> set[str]:
    found = set()
    for problem in problems:
        assert problem["element_id"] and problem["message"] and problem["line"], problem
        matched = [name for name, rx in REASONS.items() if rx.search(problem["message"])]
        assert matched, f"refusal without a known reason: {problem}"
        found.update(matched)
    return found


def _finish(engine, clock, instance_id: str, data: dict) -> str:
    """Complete every open task with `data` and let connector jobs run, until nothing is left to do."""
    for _ in range(40):
        engine.scheduler.run_due()
        tasks = open_tasks(engine, instance_id, SUPERVISOR)
        if not tasks:
            break
        engine.tasks.complete(tasks[0].id, SUPERVISOR, data)
    return engine.runtime.get(instance_id).status


# --- C.9.1: runs as written ----------------------------------------------------------------------------
def test_c91_ends_when_the_document_arrives(sqlite_engine):
    [view] = deploy(sqlite_engine, "C.9.1")
    inst = sqlite_engine.runtime.start(view.key, SUPERVISOR, business_key="DOC-1")
    sqlite_engine.scheduler.run_due()  # the request e-mail, bound to the no-op connector
    assert sqlite_engine.runtime.get(inst.id).active_elements == [
        "BoundaryEvent_1", "BoundaryEvent_2", "ReceiveTask_WaitForDocument"]
    done = sqlite_engine.runtime.correlate_message("MESSAGE_documentReceived", SUPERVISOR, "DOC-1")
    assert done.status == "completed"
    reached = {e["element_id"] for e in sqlite_engine.history.for_instance(inst.id, SUPERVISOR)}
    assert "EndEvent_GotDocument" in reached and "EndEvent_TalkedToCustomer" not in reached


def test_c91_reminds_daily_then_asks_for_a_call_after_a_week(sqlite_engine, clock):
    [view] = deploy(sqlite_engine, "C.9.1")
    inst = sqlite_engine.runtime.start(view.key, SUPERVISOR, business_key="DOC-2")
    sqlite_engine.scheduler.run_due()
    for _ in range(7):
        clock.advance(days=1, seconds=1)
        sqlite_engine.runtime.fire_due_timers()
        sqlite_engine.scheduler.run_due()
    history = sqlite_engine.history.for_instance(inst.id, SUPERVISOR)
    reminders = [e for e in history
                 if e["type"] == "element_completed" and e["element_id"] == "EndEvent_ReminderSent"]
    assert len(reminders) >= 5
    [call] = open_tasks(sqlite_engine, inst.id, SUPERVISOR)
    # C.9.1 has no lanes: the task goes to whoever started the instance.
    assert call.element_id == "UserTask_CallCustomer" and call.assignee == SUPERVISOR.username
    assert _finish(sqlite_engine, clock, inst.id, {}) == "completed"


def test_binding_to_an_unknown_connector_is_refused_and_nothing_is_written(sqlite_engine):
    from engine.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="no connector 'nope'"):
        sqlite_engine.repository.deploy(_files(["C.9.1"]), ANALYST, bind_tasks="nope")
    assert sqlite_engine.repository.list_definitions() == []


def test_without_binding_the_unknown_topic_is_refused_by_element(sqlite_engine):
    with pytest.raises(ModelInvalid) as refused:
        sqlite_engine.repository.deploy(_files(["C.9.1"]), ANALYST)
    assert {p["element_id"] for p in refused.value.errors} == {"SendTask_RequestDocument",
                                                                "SendTask_SendReminderEmail"}


def test_the_bound_model_says_what_it_runs(sqlite_engine):
    deploy(sqlite_engine, "C.9.1")
    xml = sqlite_engine.repository.get_xml("requestDocument_en")
    assert xml.count('camunda:topic="noop"') == 2


# --- the others: run, or refused for the features they need ---------------------------------------------
def _juel() -> bool:
    from engine.bpmn.validation import _sandbox_problems

    return not _sandbox_problems("expression", "${approved}")


def _feel() -> bool:
    from engine.bpmn.validation import _sandbox_problems

    return not _sandbox_problems("expression", "= approved")


C10_DATA = {"approved": True, "clarified": "yes", "approverGroups": GROUP}


def test_c10_runs_with_juel_or_is_refused_by_its_juel_conditions(sqlite_engine, clock):
    if not _juel():
        with pytest.raises(ModelInvalid) as refused:
            deploy(sqlite_engine, "C.1.0")
        assert _reasons(refused.value.errors) == {"juel"}
        return
    deploy(sqlite_engine, "C.1.0")
    # Its start event waits for the "invoice received" message: the message starts the instance.
    root = safety.load_model_xml((MIWG / "C.1.0.bpmn").read_bytes(), "C.1.0").getroot()
    message = root.find(f"{{{safety.BPMN_NS}}}message").get("name")
    inst = sqlite_engine.runtime.correlate_message(message, SUPERVISOR, "INV-1", dict(C10_DATA))
    assert _finish(sqlite_engine, clock, inst.id, dict(C10_DATA)) == "completed"


@pytest.mark.parametrize(("model", "lacking"), [
    ("C.1.1", {"xpath", "xpath-syntax", "data-store"}),
    ("C.3.0", {"descriptive-condition", "descriptive-subprocess"}),
    ("C.8.1", {"feel", "descriptive-condition", "process-data-inputs"}),
    ("C.9.0", {"feel", "event-subprocess", "message-payload", "camunda-8-loop"}),
    ("C.9.2", {"feel", "event-subprocess", "camunda-8-loop"}),
])
def test_model_is_refused_naming_each_element_and_feature(sqlite_engine, model, lacking):
    with pytest.raises(ModelInvalid) as refused:
        deploy(sqlite_engine, model)
    reasons = _reasons(refused.value.errors)
    if _feel():
        lacking = lacking - {"feel"}
    assert reasons <= lacking, reasons - lacking
    assert sqlite_engine.repository.list_definitions() == []
