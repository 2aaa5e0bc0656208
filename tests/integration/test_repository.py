"""Deploying models: versions, duplicate filtering, refusals that leave the database unchanged."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.db.models import Deployment, HistoryEvent, ProcessDefinition, Resource
from engine.errors import IllegalState, ModelInvalid, NotFound
from engine.repository import ModelFile

from ..conftest import OFFICER_TTTT, SUPERVISOR
from .helpers import MODELS, deploy, model, open_tasks


def _counts(engine) -> tuple[int, int, int, int]:
    with engine.uow() as uow:
        s = uow.session
        return tuple(s.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (Deployment, Resource, ProcessDefinition, HistoryEvent))


def test_deploy_numbers_versions_and_skips_unchanged_content(engine):
    first = deploy(engine, "one_task.bpmn")
    assert [(v.key, v.version, v.created) for v in first] == [("one_task", 1, True)]
    again = deploy(engine, "one_task.bpmn")
    assert [(v.version, v.created) for v in again] == [(1, False)]
    changed = (MODELS / "one_task.bpmn").read_text().replace('name="Trả lời"', 'name="Trả lời nhanh"')
    second = engine.repository.deploy([ModelFile("one_task.bpmn", changed)], SUPERVISOR)
    assert [(v.version, v.created) for v in second] == [(2, True)]
    assert [v.version for v in engine.repository.versions("one_task")] == [1, 2]
    assert "Trả lời nhanh" in engine.repository.get_xml("one_task")
    assert "Trả lời nhanh" not in engine.repository.get_xml("one_task", version=1)


def test_running_instance_keeps_its_version(engine):
    deploy(engine, "one_task.bpmn")
    old = engine.runtime.start("one_task", OFFICER_TTTT)
    changed = (MODELS / "one_task.bpmn").read_text().replace('name="Trả lời"', 'name="Trả lời v2"')
    engine.repository.deploy([ModelFile("one_task.bpmn", changed)], SUPERVISOR)
    new = engine.runtime.start("one_task", OFFICER_TTTT)
    assert (old.version, new.version) == (1, 2)
    [old_task] = open_tasks(engine, old.id, OFFICER_TTTT)
    [new_task] = open_tasks(engine, new.id, OFFICER_TTTT)
    assert (old_task.name, new_task.name) == ("Trả lời", "Trả lời v2")
    engine.tasks.complete(old_task.id, OFFICER_TTTT)
    assert engine.runtime.get(old.id).status == "completed"


BROKEN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="broken" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="nowhere"/>
    <bpmn:exclusiveGateway id="gw"/>
    <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="start">
      <bpmn:conditionExpression>x ==</bpmn:conditionExpression></bpmn:sequenceFlow>
  </bpmn:process>
</bpmn:definitions>"""


def test_refused_deploy_lists_problems_and_changes_nothing(engine):
    deploy(engine, "one_task.bpmn")
    before = _counts(engine)
    with pytest.raises(ModelInvalid) as refused:
        engine.repository.deploy([model("one_task.bpmn"), ModelFile("broken.bpmn", BROKEN)], SUPERVISOR)
    errors = refused.value.errors
    assert errors and all({"element_id", "message", "line"} <= set(e) for e in errors)
    assert any(e["element_id"] == "f1" for e in errors), errors
    assert _counts(engine) == before


@pytest.mark.parametrize("content", [
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    "this is not xml",
    "",
])
def test_hostile_or_malformed_files_are_refused_before_parsing(engine, content):
    before = _counts(engine)
    with pytest.raises(ModelInvalid):
        engine.repository.deploy([ModelFile("evil.bpmn", content)], SUPERVISOR)
    assert _counts(engine) == before


def test_oversized_file_is_refused(engine):
    engine.settings.max_model_bytes = 10_000
    with pytest.raises(ModelInvalid, match="(?i)large|size|bytes"):
        engine.repository.deploy([ModelFile("big.bpmn", " " * 10_001)], SUPERVISOR)


def test_lane_without_group_is_refused_unless_mapped(engine):
    text = (MODELS / "review_loop.bpmn").read_text().replace('name="so-y-te"', 'name="Người soạn"')
    with pytest.raises(ModelInvalid) as refused:
        engine.repository.deploy([ModelFile("review_loop.bpmn", text)], SUPERVISOR)
    assert [e["element_id"] for e in refused.value.errors] == ["draft"]
    views = engine.repository.deploy([ModelFile("review_loop.bpmn", text)], SUPERVISOR,
                                     lane_map={"Người soạn": "so-y-te"})
    assert views[0].version == 1


def test_call_activity_resolves_processes_deployed_earlier(engine):
    with pytest.raises(ModelInvalid, match="case_child"):
        deploy(engine, "case_parent.bpmn")
    deploy(engine, "case_child.bpmn")
    [view] = deploy(engine, "case_parent.bpmn")
    assert view.key == "case_parent"


def test_non_executable_model_is_stored_but_cannot_start(engine):
    text = (MODELS / "one_task.bpmn").read_text().replace('isExecutable="true"', 'isExecutable="false"')
    [view] = engine.repository.deploy([ModelFile("sketch.bpmn", text)], SUPERVISOR)
    assert view.executable is False
    with pytest.raises(IllegalState, match="not executable"):
        engine.runtime.start("one_task", SUPERVISOR)


def test_unknown_definition(engine):
    with pytest.raises(NotFound):
        engine.runtime.start("nope", SUPERVISOR)
    with pytest.raises(NotFound):
        engine.repository.get_xml("nope", version=3)


def test_parsed_specs_are_cached_per_version(engine, monkeypatch):
    deploy(engine, "one_task.bpmn")
    calls = []
    import engine.repository as repo

    original = repo.PressdeskParser.get_spec
    monkeypatch.setattr(repo.PressdeskParser, "get_spec", lambda self, *a, **k: calls.append(a) or
                        original(self, *a, **k))
    engine.runtime.start("one_task", OFFICER_TTTT)
    parsed_once = len(calls)
    for _ in range(5):
        engine.runtime.start("one_task", OFFICER_TTTT)
    assert parsed_once >= 1 and len(calls) == parsed_once
