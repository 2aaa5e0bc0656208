"""Comparing two versions of a process by element id."""
from __future__ import annotations

from engine.bpmn.model_diff import diff_models

HEAD = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">'
        '<bpmn:process id="p" isExecutable="true">')
TAIL = "</bpmn:process></bpmn:definitions>"


def model(body: str) -> str:
    return HEAD + body + TAIL


def test_added_removed_and_changed_elements_are_named():
    old = model('<bpmn:startEvent id="s"/><bpmn:userTask id="a" name="Trả lời"/>'
                '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="a"/><bpmn:task id="gone"/>')
    new = model('<bpmn:startEvent id="s"/><bpmn:userTask id="a" name="Trả lời ngay" camunda:dueDate="P1D"/>'
                '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="a"/><bpmn:endEvent id="e"/>')
    diff = diff_models(old, new)
    assert diff["added"] == [{"id": "e", "type": "endEvent", "name": None}]
    assert diff["removed"] == [{"id": "gone", "type": "task", "name": None}]
    assert [c["id"] for c in diff["changed"]] == ["a"]
    assert diff["changed"][0]["changes"] == ["dueDate: — → P1D", "name: Trả lời → Trả lời ngay"]


def test_documentation_and_conditions_count_as_changes_but_layout_does_not():
    old = model('<bpmn:task id="t"><bpmn:documentation>Điều 3</bpmn:documentation></bpmn:task>'
                '<bpmn:sequenceFlow id="f" sourceRef="t" targetRef="t">'
                '<bpmn:conditionExpression>x &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>')
    new = model('<bpmn:task id="t"><bpmn:documentation>Điều 4</bpmn:documentation></bpmn:task>'
                '<bpmn:sequenceFlow id="f" sourceRef="t" targetRef="t">'
                '<bpmn:conditionExpression>x &gt; 2</bpmn:conditionExpression></bpmn:sequenceFlow>')
    changed = {c["id"]: c["changes"] for c in diff_models(old, new)["changed"]}
    assert changed == {"t": ["documentation changed"], "f": ["conditionExpression changed"]}
    assert diff_models(old, old) == {"added": [], "removed": [], "changed": []}
