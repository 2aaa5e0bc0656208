"""The clause matrix reads which deployed elements cite a clause (also inside a called process) and
counts their tasks: open, overdue, completed on time and late, on a manual clock."""
from __future__ import annotations

from datetime import timedelta

import pytest

from engine.clauses import load_registry
from engine.errors import Forbidden, NotFound
from engine.repository import ModelFile

from ..conftest import ANALYST, AUDITOR, SUPERVISOR, person
from .helpers import task_named

YTE = person("spokesperson.yte", "so-y-te", roles=("officer", "spokesperson"))
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/'
         '20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">')


def _task(element_id: str, clause: str, days: int) -> str:
    return (f'<bpmn:userTask id="{element_id}" name="Bước {element_id}" camunda:candidateGroups="so-y-te" '
            f'camunda:dueDate="${{working_days({days})}}"><bpmn:extensionElements><camunda:properties>'
            f'<camunda:property name="clause" value="{clause}"/></camunda:properties>'
            '</bpmn:extensionElements></bpmn:userTask>')


CALLER = _HEAD + f"""<bpmn:process id="clause_caller" name="Quy trình gọi" isExecutable="true">
  <bpmn:startEvent id="start"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="draft"/>
  {_task("draft", "CT 1.e", 2)}
  <bpmn:sequenceFlow id="f2" sourceRef="draft" targetRef="review"/>
  <bpmn:callActivity id="review" calledElement="clause_callee"/>
  <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end"/><bpmn:endEvent id="end"/>
</bpmn:process></bpmn:definitions>"""
CALLEE = _HEAD + f"""<bpmn:process id="clause_callee" name="Quy trình được gọi" isExecutable="true">
  <bpmn:startEvent id="callee_start"/><bpmn:sequenceFlow id="g1" sourceRef="callee_start" targetRef="check"/>
  {_task("check", "CT 1.a, CT 4.c", 1)}
  <bpmn:sequenceFlow id="g2" sourceRef="check" targetRef="callee_end"/><bpmn:endEvent id="callee_end"/>
</bpmn:process></bpmn:definitions>"""


def _figures(open_=0, overdue=0, completed=0, on_time=0, late=0) -> dict[str, int]:
    return {"open": open_, "overdue": overdue, "completed": completed, "completed_on_time": on_time,
            "completed_late": late}


def test_the_matrix_counts_the_tasks_of_the_elements_citing_each_clause(engine, clock):
    engine.repository.deploy([ModelFile("clause_caller.bpmn", CALLER.encode()),
                              ModelFile("clause_callee.bpmn", CALLEE.encode())], ANALYST)
    first, second, third = (engine.runtime.start("clause_caller", YTE) for _ in range(3))
    engine.tasks.complete(task_named(engine, first.id, "draft", YTE).id, YTE)  # on time
    clock.advance(timedelta(days=7))
    engine.tasks.complete(task_named(engine, second.id, "draft", YTE).id, YTE)  # late
    # third's draft is open and overdue; first's check (due a day after its start) overdue; second's fresh

    matrix = engine.clauses.matrix(AUDITOR)
    rows = {c["id"]: c for c in matrix["clauses"]}
    assert rows["CT 1.e"]["figures"] == _figures(open_=1, overdue=1, completed=2, on_time=1, late=1)
    assert rows["CT 1.e"]["procedures"] == [{
        "key": "clause_caller", "name": "Quy trình gọi", "version": 1, "elements": [{
            "element_id": "draft", "name": "Bước draft", "kind": "userTask", "clauses": ["CT 1.e"],
            "figures": _figures(open_=1, overdue=1, completed=2, on_time=1, late=1)}]}]
    for cited_twice in ("CT 1.a", "CT 4.c"):
        assert rows[cited_twice]["figures"] == _figures(open_=2, overdue=1)
        assert [p["key"] for p in rows[cited_twice]["procedures"]] == ["clause_callee"]
    assert rows["CT 1.c"]["procedures"] == [] and rows["CT 1.c"]["reason"]
    assert "quy định về phát ngôn" in rows["CT 1.c"]["text"]
    summary = matrix["summary"]
    assert (summary["clauses"], summary["implemented"]) == (34, 3)
    assert summary["open"] == 5 and summary["overdue"] == 3 and summary["completed_late"] == 1
    assert "CT 2.c" in summary["uncovered"] and "CT 1.c" not in summary["uncovered"]
    assert engine.clauses.clause("CT 1.e", SUPERVISOR) == rows["CT 1.e"]
    assert engine.clauses.clause("CT 1.e", SUPERVISOR)["figures"]["completed"] == 2


def test_the_matrix_is_for_supervisors_and_auditors_and_knows_only_registry_ids(engine):
    with pytest.raises(Forbidden):
        engine.clauses.matrix(YTE)
    with pytest.raises(Forbidden):
        engine.clauses.clause("CT 1.e", ANALYST)
    for unknown in ("CT 9.z", "CT-1", "", "ct 1.e"):
        with pytest.raises(NotFound):
            engine.clauses.clause(unknown, AUDITOR)
    empty = engine.clauses.matrix(SUPERVISOR)  # nothing deployed: every clause without elements
    without_reason = [c.id for c in load_registry().clauses if not c.reason]
    assert empty["summary"]["implemented"] == 0 and empty["summary"]["uncovered"] == without_reason
