"""Resource limits on SQLite and PostgreSQL: 10,000 parallel branches and a literal cardinality of a
million are refused at deploy before SpiffWorkflow parses them; a multi-instance over 1,000,000 items,
too many tasks or too big a state is stopped at run time with an incident, the instance kept at its last
good state, while another instance goes on in the meantime without waiting."""
from __future__ import annotations

import threading
import time

import pytest

from engine import ProcessEngine
from engine.errors import IllegalState, ModelInvalid, ResourceLimit
from engine.identity import Actor
from engine.repository import ModelFile

from ..conftest import person

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions '
        'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="https://pressdesk.test">')
ANALYST = Actor("analyst", frozenset({"analyst"}))
SUPERVISOR = Actor("supervisor", frozenset({"supervisor"}))
OFFICER = person("officer.tttt", "so-tttt")


def fan_out(key: str, branches: int) -> bytes:
    """start -> parallel split into `branches` user tasks -> parallel join -> end."""
    tasks = "".join(f'<bpmn:userTask id="t{i}" camunda:candidateGroups="so-tttt"/>'
                    f'<bpmn:sequenceFlow id="a{i}" sourceRef="split" targetRef="t{i}"/>'
                    f'<bpmn:sequenceFlow id="b{i}" sourceRef="t{i}" targetRef="join"/>'
                    for i in range(branches))
    return (f'{HEAD}<bpmn:process id="{key}" isExecutable="true"><bpmn:startEvent id="start"/>'
            '<bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="split"/>'
            f'<bpmn:parallelGateway id="split"/>{tasks}<bpmn:parallelGateway id="join"/>'
            '<bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="end"/><bpmn:endEvent id="end"/>'
            '</bpmn:process></bpmn:definitions>').encode()


def each_item(key: str, cardinality: str | None = None) -> bytes:
    """start -> prepare (user task) -> a parallel multi-instance user task over the list `items` (or
    `cardinality` times) -> end."""
    loop = (f'<bpmn:loopCardinality>{cardinality}</bpmn:loopCardinality>' if cardinality else "")
    return (f'{HEAD}<bpmn:process id="{key}" isExecutable="true"><bpmn:startEvent id="start"/>'
            '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="prepare"/>'
            '<bpmn:userTask id="prepare" camunda:candidateGroups="so-tttt"/>'
            '<bpmn:sequenceFlow id="f2" sourceRef="prepare" targetRef="each"/>'
            '<bpmn:userTask id="each" camunda:candidateGroups="so-tttt">'
            '<bpmn:multiInstanceLoopCharacteristics '
            f'camunda:collection="items" camunda:elementVariable="item">{loop}'
            '</bpmn:multiInstanceLoopCharacteristics>'
            '</bpmn:userTask><bpmn:sequenceFlow id="f3" sourceRef="each" targetRef="end"/>'
            '<bpmn:endEvent id="end"/></bpmn:process></bpmn:definitions>').encode()


def deploy(engine, key: str, xml: bytes) -> None:
    engine.repository.deploy([ModelFile(f"{key}.bpmn", xml)], ANALYST)


def open_tasks(engine, instance_id: str, element: str | None = None) -> list:
    tasks, _ = engine.tasks.list(SUPERVISOR, instance=instance_id, scope="all", per_page=500)
    return [t for t in tasks if element is None or t.element_id == element]


def incidents(engine) -> list:
    return engine.management.incidents(SUPERVISOR)[0]


def test_ten_thousand_branches_and_a_million_cardinality_are_refused_at_deploy(engine):
    started = time.perf_counter()
    with pytest.raises(ModelInvalid) as refused:
        deploy(engine, "huge_fan_out", fan_out("huge_fan_out", 10_000))
    assert "PRESSDESK_MAX_PROCESS_ELEMENTS" in refused.value.message
    assert time.perf_counter() - started < 10  # refused from the XML, SpiffWorkflow never parsed it
    with pytest.raises(ModelInvalid) as wide:
        deploy(engine, "wide", fan_out("wide", 300))
    assert wide.value.errors[0]["element_id"] == "split" and "PRESSDESK_MAX_PARALLEL_BRANCHES" in \
        wide.value.errors[0]["message"]
    with pytest.raises(ModelInvalid) as million:
        deploy(engine, "million", each_item("million", "1000000"))
    assert million.value.errors[0]["element_id"] == "each"
    assert engine.repository.list_definitions() == []  # nothing was deployed


def test_a_million_items_stop_the_instance_with_an_incident_while_another_goes_on(engine):
    deploy(engine, "each_item", each_item("each_item"))
    heavy = engine.runtime.start("each_item", OFFICER)
    light = engine.runtime.start("each_item", OFFICER)
    [prepare] = open_tasks(engine, heavy.id, "prepare")
    [other] = open_tasks(engine, light.id, "prepare")
    refused: list[BaseException] = []

    def complete_heavy():
        try:
            engine.tasks.complete(prepare.id, OFFICER, {"items": list(range(1_000_000))})
        except ResourceLimit as exc:
            refused.append(exc)

    worker = threading.Thread(target=complete_heavy)
    started = time.perf_counter()
    worker.start()
    engine.tasks.complete(other.id, OFFICER, {"items": ["so-y-te", "cong-an", "vp-ubnd"]})
    other_took = time.perf_counter() - started
    worker.join(timeout=60)
    assert refused and "would run 1000000 times" in refused[0].message
    assert other_took < 10, other_took
    assert len(open_tasks(engine, light.id, "each")) == 3  # the light instance went on
    assert engine.runtime.get(heavy.id).status == "error"
    assert [t.id for t in open_tasks(engine, heavy.id)] == [prepare.id]  # its last good state
    [incident] = incidents(engine)
    assert (incident.type, incident.instance_id, incident.element_id) == ("resource_limit", heavy.id, "each")
    with pytest.raises(IllegalState):
        engine.management.retry(incident.id, SUPERVISOR)
    # Within the limit the same task completes, and the instance leaves `error`.
    engine.tasks.complete(prepare.id, OFFICER, {"items": [1, 2]})
    assert engine.runtime.get(heavy.id).status == "running"


@pytest.mark.parametrize("limit,variables,message", [
    ({"max_instance_tasks": 30}, {}, "PRESSDESK_MAX_INSTANCE_TASKS"),
    ({"max_instance_state_bytes": 20_000}, {"note": "x" * 30_000}, "PRESSDESK_MAX_INSTANCE_STATE_BYTES"),
])
def test_too_many_tasks_or_too_big_a_state_refuses_the_start_with_an_incident(engine, limit, variables,
                                                                               message):
    small = ProcessEngine(engine.settings.__class__(**{**engine.settings.__dict__, **limit}),
                         clock=engine.clock)
    try:
        deploy(small, "fan_forty", fan_out("fan_forty", 40))
        with pytest.raises(ResourceLimit) as refused:
            small.runtime.start("fan_forty", OFFICER, variables)
        assert message in refused.value.message
        assert small.runtime.list(definition="fan_forty")[1] == 0  # no instance was kept
        [incident] = incidents(small)
        assert (incident.type, incident.instance_id, incident.definition_key) == (
            "resource_limit", None, "fan_forty")
    finally:
        small.dispose()
