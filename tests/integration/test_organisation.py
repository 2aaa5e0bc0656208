"""A running instance sees the organisation its database was seeded with: the helpers leaders(),
org_groups() and org_unit() in candidate-group expressions answer from the groups table."""
from __future__ import annotations

import pytest

from api.demo import seed_organisation
from engine.errors import ScriptError
from engine.identity import SYSTEM
from engine.repository import ModelFile

from ..conftest import ROOT
from .helpers import open_tasks

MODEL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="https://pressdesk.test">
  <bpmn:process id="org_helpers" name="Phân công theo tổ chức" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="s1" sourceRef="start" targetRef="fork"/>
    <bpmn:parallelGateway id="fork"/>
    <bpmn:sequenceFlow id="s2" sourceRef="fork" targetRef="approve"/>
    <bpmn:sequenceFlow id="s3" sourceRef="fork" targetRef="monitor"/>
    <bpmn:sequenceFlow id="s4" sourceRef="fork" targetRef="districts"/>
    <bpmn:userTask id="approve" name="Phê duyệt" camunda:candidateGroups="${leaders(unit)}"/>
    <bpmn:userTask id="monitor" name="Theo dõi" camunda:candidateGroups="${org_unit('press_office')}"/>
    <bpmn:userTask id="districts" name="Các huyện" camunda:candidateGroups="${org_groups('district')}"/>
    <bpmn:sequenceFlow id="s5" sourceRef="approve" targetRef="end1"/>
    <bpmn:sequenceFlow id="s6" sourceRef="monitor" targetRef="end2"/>
    <bpmn:sequenceFlow id="s7" sourceRef="districts" targetRef="end3"/>
    <bpmn:endEvent id="end1"/><bpmn:endEvent id="end2"/><bpmn:endEvent id="end3"/>
  </bpmn:process>
</bpmn:definitions>"""


def _groups_by_task(engine, unit: str) -> dict[str, list[str]]:
    engine.repository.deploy([ModelFile("org_helpers.bpmn", MODEL.encode())], SYSTEM)
    view = engine.runtime.start("org_helpers", SYSTEM, variables={"unit": unit})
    return {t.element_id: t.candidate_groups for t in open_tasks(engine, view.id, SYSTEM)}


def test_lai_chau_seeded_engine_assigns_lai_chau_units(engine):
    engine.settings.organisation = "lai-chau"
    assert list(seed_organisation(engine, ROOT, with_users=False))[0] == "58 groups of Lai Châu"
    groups = _groups_by_task(engine, "ubnd-tam-duong")
    assert groups["approve"] == ["ubnd-tam-duong-lanh-dao"]
    assert groups["monitor"] == ["so-tttt-ttbcxb"]
    assert "ubnd-tp-lai-chau" in groups["districts"] and len(groups["districts"]) == 8
    assert "ubnd-bien-hoa" not in groups["districts"]  # seeded by the test fixture, not Lai Châu's


def test_an_engine_without_a_seeded_organisation_uses_the_configured_file(engine):
    groups = _groups_by_task(engine, "so-y-te")  # the fixture's groups carry no kinds
    assert groups["approve"] == ["so-y-te-lanh-dao"]
    assert "ubnd-bien-hoa" in groups["districts"] and len(groups["districts"]) == 11


def test_reseeding_with_another_organisation_moves_the_districts(engine):
    list(seed_organisation(engine, ROOT, with_users=False, organisation="dong-nai"))
    assert len(engine.identity.directory().of_kind("district")) == 11
    list(seed_organisation(engine, ROOT, with_users=False, organisation="lai-chau"))
    assert engine.identity.directory().of_kind("district")[-1] == "ubnd-tp-lai-chau"
    assert "ubnd-bien-hoa" not in engine.identity.directory().of_kind("district")


def test_a_unit_the_organisation_does_not_know_refuses_the_start_and_keeps_nothing(engine):
    engine.repository.deploy([ModelFile("org_helpers.bpmn", MODEL.encode())], SYSTEM)
    with pytest.raises(ScriptError, match="'so-khong-co' is no group of the organisation"):
        engine.runtime.start("org_helpers", SYSTEM, variables={"unit": "so-khong-co"})
    assert engine.runtime.list()[1] == 0
