"""Where the BPMN standard and Camunda 7 are lenient, so is pressdesk: absent isExecutable, flows without
ids, ids SpiffWorkflow reserves, pass-through manual/plain tasks, print() in scripts; and where Camunda
refuses (a thrown error without errorCode), pressdesk refuses too."""
from __future__ import annotations

import pytest

from engine.errors import ModelInvalid
from engine.repository import ModelFile

from ..conftest import ANALYST, SUPERVISOR
from .helpers import open_tasks

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t" id="d">\n')


def bpmn(body: str, attrs: str = "", extra: str = "") -> ModelFile:
    return ModelFile("m.bpmn",
                     f'{HEAD}{extra}<process id="lenient" {attrs}>\n{body}\n</process></definitions>')


def start(engine, body: str, attrs: str = "", variables=None):
    engine.repository.deploy([bpmn(body, attrs)], ANALYST)
    return engine.runtime.start("lenient", SUPERVISOR, variables)


def test_a_process_without_is_executable_runs(sqlite_engine):
    inst = start(sqlite_engine, '<startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="u"/>'
                 '<userTask id="u"/><sequenceFlow id="g" sourceRef="u" targetRef="e"/><endEvent id="e"/>')
    assert sqlite_engine.repository.get_definition("lenient").executable
    assert inst.status == "running" and inst.active_elements == ["u"]


def test_is_executable_false_still_means_view_only(sqlite_engine):
    [view] = sqlite_engine.repository.deploy([bpmn('<startEvent id="s"/>', 'isExecutable="false"')], ANALYST)
    assert not view.executable


GATEWAY = """<startEvent id="s"/><sequenceFlow sourceRef="s" targetRef="gw"/>
<exclusiveGateway id="gw"/>
<sequenceFlow sourceRef="gw" targetRef="yes">
  <conditionExpression>go == 'yes'</conditionExpression></sequenceFlow>
<sequenceFlow sourceRef="gw" targetRef="no">
  <conditionExpression>go != 'yes'</conditionExpression></sequenceFlow>
<userTask id="yes"/><userTask id="no"/>"""


@pytest.mark.parametrize(("go", "reached"), [("yes", ["yes"]), ("nope", ["no"])])
def test_flows_without_ids_get_generated_ones_and_keep_their_conditions(sqlite_engine, go, reached):
    # SpiffWorkflow alone would take every id-less flow as the gateway's default.
    inst = start(sqlite_engine, GATEWAY, variables={"go": go})
    assert inst.active_elements == reached
    again = sqlite_engine.runtime.get(inst.id)  # restored from state onto a new parse: same ids
    assert again.active_elements == reached


def test_reserved_ids_start_and_end_work_and_keep_their_names(sqlite_engine):
    inst = start(sqlite_engine, '<startEvent id="Start"/><sequenceFlow id="f1" sourceRef="Start" '
                 'targetRef="Root"/><userTask id="Root"/>'
                 '<sequenceFlow id="f2" sourceRef="Root" targetRef="End"/>'
                 '<endEvent id="End"/>')
    assert inst.active_elements == ["Root"]
    [task] = open_tasks(sqlite_engine, inst.id, SUPERVISOR)
    assert task.element_id == "Root"
    done = sqlite_engine.tasks.complete(task.id, SUPERVISOR)
    assert done.state == "completed"
    assert sqlite_engine.runtime.get(inst.id).status == "completed"
    history = sqlite_engine.history.for_instance(inst.id, SUPERVISOR)
    assert {"Start", "End"} <= {e["element_id"] for e in history if e["type"] == "element_completed"}


PASS_THROUGH = """<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="m"/>
<manualTask id="m"/><sequenceFlow id="f2" sourceRef="m" targetRef="t"/>
<task id="t"/><sequenceFlow id="f3" sourceRef="t" targetRef="h"/>
<manualTask id="h"><extensionElements><camunda:properties><camunda:property name="humanTask" value="true"/>
</camunda:properties></extensionElements></manualTask><sequenceFlow id="f4" sourceRef="h" targetRef="e"/>
<endEvent id="e"/>"""


def test_manual_and_plain_tasks_pass_through_unless_marked_human(sqlite_engine):
    inst = start(sqlite_engine, PASS_THROUGH)
    assert inst.active_elements == ["h"]
    assert [t.element_id for t in open_tasks(sqlite_engine, inst.id, SUPERVISOR)] == ["h"]


def test_print_writes_to_the_instance_log(sqlite_engine):
    inst = start(sqlite_engine, '<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="sc"/>'
                 '<scriptTask id="sc"><script>x = 2\nprint("x is", x)\nprint(x * 3)</script></scriptTask>'
                 '<sequenceFlow id="f2" sourceRef="sc" targetRef="e"/><endEvent id="e"/>')
    assert inst.status == "completed"
    history = sqlite_engine.history.for_instance(inst.id, SUPERVISOR)
    [out] = [e for e in history if e["type"] == "script_output"]
    assert out["data"]["lines"] == ["x is 2", "6"]


def test_print_cannot_write_to_a_file(sqlite_engine):
    body = ('<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="sc"/>'
            '<scriptTask id="sc"><script>print("x", file=None)</script></scriptTask>'
            '<sequenceFlow id="f2" sourceRef="sc" targetRef="e"/><endEvent id="e"/>')
    sqlite_engine.repository.deploy([bpmn(body)], ANALYST)
    from engine.errors import ScriptError
    with pytest.raises(ScriptError):
        sqlite_engine.runtime.start("lenient", SUPERVISOR)
    assert sqlite_engine.runtime.list()[1] == 0  # nothing kept


THROW = ('<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="boom"/>'
         '<endEvent id="boom"><errorEventDefinition errorRef="err"/></endEvent>')


def test_a_thrown_error_without_error_code_is_refused_like_camunda(sqlite_engine):
    with pytest.raises(ModelInvalid) as refused:
        sqlite_engine.repository.deploy([bpmn(THROW, extra='<error id="err" name="Boom"/>')], ANALYST)
    [problem] = [p for p in refused.value.errors if "errorCode" in p["message"]]
    assert problem["element_id"] == "boom" and problem["line"]
    assert sqlite_engine.repository.list_definitions() == []


def test_a_thrown_error_with_a_code_deploys(sqlite_engine):
    error = '<error id="err" name="Boom" errorCode="E1"/>'
    [view] = sqlite_engine.repository.deploy([bpmn(THROW, extra=error)], ANALYST)
    assert view.executable
