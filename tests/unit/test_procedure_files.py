"""processes/ and forms/ as shipped: every model validates without warnings, is fully drawn (DI), is
documented element by element, and every user task has a bilingual form with validation rules."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from engine.bpmn import safety, spiff_bridge, validation

ROOT = Path(__file__).resolve().parents[2]
BPMN_FILES = sorted((ROOT / "processes").glob("*.bpmn"))
DMN_FILES = sorted((ROOT / "processes").glob("*.dmn"))
FORMS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "forms").glob("*.form")}
NS = {"bpmn": safety.BPMN_NS, "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "camunda": "http://camunda.org/schema/1.0/bpmn"}
FLOW_NODES = " | ".join(f".//bpmn:{k}" for k in sorted(validation.FLOW_NODES))
PROCEDURES = {"press_inquiry", "false_report_rebuttal", "multi_agency_case", "press_complaint",
              "periodic_report", "training_cycle", "monthly_briefing", "spokesperson_roster",
              "daily_monitoring", "secrecy_review", "portal_publication", "press_briefing",
              "press_inspection"}
INPUT_TYPES = {"textfield", "textarea", "number", "select", "radio", "checkbox", "checklist", "datetime"}


def _tree(path: Path):
    return safety.load_model_xml(path.read_bytes(), path.name)


def test_the_procedures_are_there():
    assert {p.stem for p in BPMN_FILES} == PROCEDURES


def test_all_models_validate_together_without_warnings():
    trees = [(p.name, _tree(p)) for p in BPMN_FILES + DMN_FILES]
    problems = validation.validate_bpmn(trees, lint=True)
    assert problems == []
    _, spiff = spiff_bridge.parse_with_spiff(trees)
    assert spiff == []


@pytest.mark.parametrize("path", BPMN_FILES, ids=[p.stem for p in BPMN_FILES])
def test_every_element_is_drawn_and_documented(path):
    root = _tree(path).getroot()
    drawn = {s.get("bpmnElement") for s in root.iterfind(".//bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement") for e in root.iterfind(".//bpmndi:BPMNEdge", NS)}
    for el in root.xpath(FLOW_NODES, namespaces=NS) + root.findall(".//bpmn:lane", NS):
        assert el.get("id") in drawn, f"{el.get('id')} has no shape"
        doc = el.find("bpmn:documentation", NS)
        assert doc is not None and len(doc.text or "") > 10, f"{el.get('id')} is not documented"
        assert el.get("name"), f"{el.get('id')} has no (Vietnamese) name"
    for flow in root.iterfind(".//bpmn:sequenceFlow", NS):
        assert flow.get("id") in edges, f"{flow.get('id')} has no edge"
    for shape in root.iterfind(".//bpmndi:BPMNShape", NS):
        bounds = shape.find("{http://www.omg.org/spec/DD/20100524/DC}Bounds")
        assert float(bounds.get("width")) > 0 and float(bounds.get("height")) > 0


@pytest.mark.parametrize("path", BPMN_FILES, ids=[p.stem for p in BPMN_FILES])
def test_shapes_do_not_overlap_and_subprocesses_hold_only_their_own(path):
    root = _tree(path).getroot()
    elements = {e.get("id"): e for e in root.xpath(FLOW_NODES, namespaces=NS)}
    boxes = {}
    for shape in root.iterfind(".//bpmndi:BPMNShape", NS):
        el = elements.get(shape.get("bpmnElement"))
        if el is not None and etree.QName(el).localname != "boundaryEvent":
            b = shape.find("{http://www.omg.org/spec/DD/20100524/DC}Bounds")
            boxes[el.get("id")] = tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))

    def meet(a, b):
        return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]

    subprocesses = {i for i in boxes if etree.QName(elements[i]).localname == "subProcess"}
    ids = sorted(set(boxes) - subprocesses)
    for n, a in enumerate(ids):
        assert not [b for b in ids[n + 1:] if meet(boxes[a], boxes[b])], f"{a} overlaps"
        inside = {sp for sp in subprocesses if meet(boxes[a], boxes[sp])}
        own = {p.get("id") for p in elements[a].iterancestors(f"{{{safety.BPMN_NS}}}subProcess")}
        assert inside == own, f"{a} is drawn in {inside or 'no subprocess'}, belongs to {own or 'none'}"


@pytest.mark.parametrize("path", BPMN_FILES, ids=[p.stem for p in BPMN_FILES])
def test_every_user_task_has_a_form_that_exists(path):
    for task in _tree(path).getroot().iterfind(".//bpmn:userTask", NS):
        key = task.get(f"{{{NS['camunda']}}}formKey")
        assert key in FORMS, f"{task.get('id')}: form {key!r} missing from forms/"


@pytest.mark.parametrize("path", BPMN_FILES, ids=[p.stem for p in BPMN_FILES])
def test_only_escalations_have_priority_90(path):
    # engine.statistics counts escalations as user tasks of priority 90 or more.
    for task in _tree(path).getroot().iterfind(".//bpmn:userTask", NS):
        priority = task.get(f"{{{NS['camunda']}}}priority") or "50"
        # "escalate", or "escalate_<what>" where a called process already has an "escalate".
        assert (int(priority) >= 90) == task.get("id").startswith("escalate"), task.get("id")


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_forms_are_bilingual_form_js_with_rules(form_id):
    form = FORMS[form_id]
    assert form["id"] == form_id and form["type"] == "default" and form["schemaVersion"] >= 16
    fields = [c for c in form["components"] if c["type"] in INPUT_TYPES]
    assert fields, "a form with nothing to enter"
    keys = [c["key"] for c in fields]
    assert len(keys) == len(set(keys))
    for c in fields:
        assert c["label"] and c["description"], c["key"]  # Vietnamese label, English description
        assert c["key"].isidentifier() and not c["key"].startswith("_")
        for option in c.get("values", []):
            assert option["value"] and "(" in option["label"]
    assert any(c.get("validate", {}).get("required") for c in fields) or all(
        c["type"] == "checkbox" for c in fields)


def test_decision_tables_are_dmn():
    for path in DMN_FILES:
        root = _tree(path).getroot()
        assert etree.QName(root).localname == "definitions"
        assert root.find(".//{*}decisionTable") is not None


def test_a_caller_and_the_processes_it_calls_share_no_element_id():
    # The engine looks elements (forms, groups, due dates) up by id across a caller and its called
    # processes: a shared id would give the called process's task the caller's form and group.
    ids, calls = {}, {}
    for path in BPMN_FILES:
        for process in _tree(path).getroot().iterfind("bpmn:process", NS):
            ids[process.get("id")] = {el.get("id") for el in process.xpath(FLOW_NODES, namespaces=NS)}
            calls[process.get("id")] = {c.get("calledElement")
                                        for c in process.iterfind(".//bpmn:callActivity", NS)}
    assert any(calls.values()), "no procedure calls another: this check checks nothing"
    for caller, called in calls.items():
        for key in called:
            assert ids[caller] & ids[key] == set(), f"{caller} and {key}"
