"""docs/procedures.md shows what the registry and the shipped models say: its generated tables are
rewritten by tools/procedures_doc.py, and this test fails when someone changed a model or the registry
without running it."""
from __future__ import annotations

import pytest
from lxml import etree

from engine.clauses import load_registry
from tools.procedures_doc import DOC, render, shipped

MODEL = """<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="doc_demo" name="Quy trình thử" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="answer" name="Trả lời | nhà báo" camunda:dueDate="${working_days(5)}">
      <bpmn:extensionElements><camunda:properties>
        <camunda:property name="clause" value="CT 1.a, KH II.5"/>
      </camunda:properties></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:userTask id="file" name="Lưu hồ sơ"/>
  </bpmn:process>
</bpmn:definitions>"""
TREES = [("doc_demo.bpmn", etree.ElementTree(etree.fromstring(MODEL.encode())))]
EMPTY = "<!-- BEGIN GENERATED: clauses -->\n<!-- END GENERATED: clauses -->\n"


def test_docs_procedures_md_is_up_to_date_with_the_registry_and_the_models():
    current = DOC.read_text(encoding="utf-8")
    assert render(current, shipped()) == current, \
        "docs/procedures.md is out of date: run .venv/bin/python -m tools.procedures_doc"


def test_the_tables_show_each_clause_with_its_elements_and_each_element_with_its_due_date_and_clauses():
    out = render(EMPTY, TREES)
    assert "| CT 1.a | Each agency names its spokesperson" in out
    assert "| `doc_demo`: `answer` |" in out  # CT 1.a, implemented by the model's element
    assert "| CT 1.c | " in out and "*not a workflow*: Awareness-raising" in out
    without_reason = [c for c in load_registry().clauses if not c.reason]
    assert "| CT 2.c | Every month VP UBND" in out
    assert out.count("**nothing yet**") == len(without_reason) - 2  # CT 1.a and KH II.5 are cited
    assert "## doc_demo — Quy trình thử" in out  # a process without a section gets one
    assert "| `answer` | Trả lời \\| nhà báo | userTask | `${working_days(5)}` | CT 1.a, KH II.5 |" in out
    assert "| `file` | Lưu hồ sơ | userTask | — | — |" in out  # a user task without a due date shows it
    assert render(out, TREES) == out  # rendering again changes nothing


def test_a_section_without_its_block_gets_it_at_its_end():
    text = EMPTY + "\n## doc_demo — Quy trình thử\n\nRoles: the unit.\n\n## Later\n\nMore.\n"
    out = render(text, TREES)
    section = out.split("## doc_demo — Quy trình thử\n")[1].split("## Later")[0]
    assert section.startswith("\nRoles: the unit.\n\n<!-- BEGIN GENERATED: elements doc_demo -->\n")
    assert section.endswith("<!-- END GENERATED: elements doc_demo -->\n\n")
    assert out.count("## doc_demo") == 1 and out.endswith("## Later\n\nMore.\n")
    assert render(out, TREES) == out


def test_a_generated_block_naming_no_shipped_process_is_an_error():
    gone = "elements gone_away"
    stale = EMPTY + f"<!-- BEGIN GENERATED: {gone} -->\n<!-- END GENERATED: {gone} -->\n"
    with pytest.raises(SystemExit, match="'elements gone_away' names no process"):
        render(stale, TREES)
