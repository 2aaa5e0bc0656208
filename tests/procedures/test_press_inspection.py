"""press_inspection: the yearly planned inspection by its timer; coordination with the units the plan
lists; the conclusion approved by the Inspectorate's leader (never its drafter); the dossier to a named
competent agency; every violation made public; a late inspection taken up by the Department's leaders."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import Forbidden, NotFound, ScriptError
from engine.identity import Actor

from .conftest import PEOPLE, deploy
from .timers import start_timers
from .walk import do, ended_at, history_of, open_elements, open_tasks

INSPECTOR, CHIEF = "inspector.tttt", "leader.thanhtra"
PLAN = {"inspection_ref": "5/QĐ-TTr", "inspection_scope": "Việc thực hiện tôn chỉ, mục đích"}
VIOLATION = {"inspection_finding": "violation", "inspection_authority": "within",
             "inspection_measure": "sanction",
             "inspection_conclusion": "Văn phòng đại diện hoạt động không đúng tôn chỉ, mục đích"}


@pytest.fixture
def inspection(province):
    deploy(province, "press_inspection")

    def start(**variables):
        return province.runtime.start("press_inspection", PEOPLE[INSPECTOR],
                                      {"press_agency": "Báo Mẫu", **variables}).id
    return start


def _publish(engine, iid):
    do(engine, iid, "inspection_publish", INSPECTOR, inspection_results_url="https://stttt.example/kq/1",
       inspection_public_summary="Xử phạt Văn phòng đại diện Báo Mẫu")


def test_the_yearly_timer_starts_the_planned_inspection(province, clock):
    clock.set(datetime(2026, 1, 10, 9, 0, tzinfo=LOCAL_TZ))
    deploy(province, "press_inspection")
    [timer] = start_timers(province, "press_inspection")
    assert timer.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None) == datetime(2026, 1, 15, 8, 0)
    clock.set(datetime(2026, 1, 15, 8, 0, 1, tzinfo=LOCAL_TZ))
    province.runtime.fire_due_timers()
    [view] = province.runtime.list(definition="press_inspection", per_page=10)[0]
    assert view.started_by == "timer"
    [plan] = open_tasks(province, view.id)
    assert plan.element_id == "inspection_plan" and plan.candidate_groups == ["so-tttt-thanh-tra"]
    assert plan.due_at.startswith("2026-01-22T01:00")  # 5 working days
    do(province, view.id, "inspection_plan", INSPECTOR, **PLAN)
    variables = province.runtime.get(view.id).variables
    assert variables["inspection_source"] == "planned" and "tôn chỉ" in variables["inspection_reason"]
    [timer] = [t for t in start_timers(province, "press_inspection") if t.status == "waiting"]
    assert timer.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None) == datetime(2027, 1, 15, 8, 0)


def test_coordination_with_the_units_the_plan_lists_then_approved_and_made_public(province, inspection):
    iid = inspection()
    do(province, iid, "inspection_plan", INSPECTOR, **PLAN, inspection_coordinators=[
        "journalists", "districts", "party_press", "police_security", "police_cyber"],
       inspection_districts="ubnd-bien-hoa")
    groups = sorted(t.candidate_groups[0] for t in open_tasks(province, iid))
    assert groups == ["ban-tuyen-giao-ttbcxb", "cong-an-pa03", "cong-an-pa05", "hoi-nha-bao",
                      "ubnd-bien-hoa-vhtt"]
    for who in ("officer.hnb", "officer.vhtt", "officer.btg"):
        do(province, iid, "inspection_coordinate", who, coordination_opinion=f"Ý kiến của {who}")
    for task in [t for t in open_tasks(province, iid) if t.element_id == "inspection_coordinate"]:
        province.tasks.complete(task.id, PEOPLE["officer.congan"],
                                {"coordination_opinion": "Ý kiến của Công an tỉnh"})
    do(province, iid, "inspection_conclude", INSPECTOR, **VIOLATION)
    [approve] = open_tasks(province, iid)
    assert approve.candidate_groups == ["so-tttt-thanh-tra-lanh-dao"]
    do(province, iid, "inspection_approve", CHIEF, inspection_approval="approve")
    _publish(province, iid)
    assert ended_at(province, iid) == "inspection_published"
    opinions = province.runtime.get(iid).variables["inspection_coordination"]
    assert len(opinions) == 5 and all(item["opinion"] for item in opinions)


def test_the_drafter_of_the_conclusion_cannot_approve_it(province, inspection):
    both = Actor("deputy.thanhtra", frozenset({"officer"}),
                 frozenset({"so-tttt-thanh-tra", "so-tttt-thanh-tra-lanh-dao"}))
    iid = inspection()
    do(province, iid, "inspection_plan", both, **PLAN)
    do(province, iid, "inspection_conclude", both, **VIOLATION)
    [approve] = open_tasks(province, iid)
    with pytest.raises(Forbidden):
        province.tasks.complete(approve.id, both, {"inspection_approval": "approve"})
    do(province, iid, "inspection_approve", CHIEF, inspection_approval="revise",
       inspection_approval_note="Bổ sung căn cứ")
    assert open_elements(province, iid) == ["inspection_conclude"]


@pytest.mark.parametrize("recipient, who", [("police_security", "officer.congan"),
                                            ("competent_decider", "chief.vp")])
def test_beyond_authority_a_dossier_goes_to_the_named_agency_and_the_violation_is_public(
        province, inspection, recipient, who):
    iid = inspection(inspection_source="complaint")
    do(province, iid, "inspection_plan", INSPECTOR, **PLAN)
    do(province, iid, "inspection_conclude", INSPECTOR, **{**VIOLATION, "inspection_authority": "beyond"})
    do(province, iid, "inspection_approve", CHIEF, inspection_approval="approve")
    do(province, iid, "inspection_dossier", INSPECTOR, inspection_dossier_ref="HS-2",
       inspection_recipient=recipient, inspection_dossier_summary="Dấu hiệu vi phạm vượt thẩm quyền")
    [receive] = open_tasks(province, iid)
    with pytest.raises(NotFound):
        province.tasks.complete(receive.id, PEOPLE[INSPECTOR], {"inspection_handling": "x"})
    do(province, iid, "inspection_dossier_receive", who, inspection_handling="Đã tiếp nhận, xử lý")
    _publish(province, iid)
    assert ended_at(province, iid) == "inspection_published"


def test_an_external_recipient_must_be_named(province, inspection):
    iid = inspection()
    do(province, iid, "inspection_plan", INSPECTOR, **PLAN)
    do(province, iid, "inspection_conclude", INSPECTOR, **{**VIOLATION, "inspection_authority": "beyond"})
    do(province, iid, "inspection_approve", CHIEF, inspection_approval="approve")
    dossier = {"inspection_dossier_ref": "HS-3", "inspection_recipient": "external",
               "inspection_dossier_summary": "Đề nghị Cục Báo chí xử lý"}
    with pytest.raises(ScriptError, match="inspection_recipient_name"):
        do(province, iid, "inspection_dossier", INSPECTOR, **dossier)
    assert open_elements(province, iid) == ["inspection_dossier"]
    do(province, iid, "inspection_dossier", INSPECTOR, **dossier, inspection_recipient_name="Cục Báo chí")
    assert open_elements(province, iid) == ["inspection_publish"]


def test_no_violation_ends_without_publication(province, inspection):
    iid = inspection()
    do(province, iid, "inspection_plan", INSPECTOR, **PLAN)
    do(province, iid, "inspection_conclude", INSPECTOR, **{**VIOLATION, "inspection_finding": "no_violation",
                                                          "inspection_measure": "none"})
    do(province, iid, "inspection_approve", CHIEF, inspection_approval="approve")
    assert ended_at(province, iid) == "inspection_no_violation"


@pytest.mark.parametrize("districts, coordinators, message", [
    ("ubnd-khong-co", ["districts"], "not a district"),
    ("", ["districts"], "name the districts"),
    ("ubnd-bien-hoa", ["journalists"], "choose 'districts'"),
])
def test_bad_district_lists_are_refused(province, inspection, districts, coordinators, message):
    iid = inspection()
    with pytest.raises(ScriptError, match=message):
        do(province, iid, "inspection_plan", INSPECTOR, **PLAN, inspection_coordinators=coordinators,
           inspection_districts=districts)
    assert open_elements(province, iid) == ["inspection_plan"]


def test_a_late_inspection_goes_to_the_department_leaders(province, inspection, clock):
    iid = inspection(inspection_days=3)
    do(province, iid, "inspection_plan", INSPECTOR, **PLAN)
    clock.advance(days=3, seconds=1)  # Thursday 8 January, past the 3 working days
    province.runtime.fire_due_timers()
    [escalation] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_inspection"]
    assert escalation.candidate_groups == ["so-tttt-lanh-dao"] and escalation.priority == 90
    do(province, iid, "escalate_inspection", "leader.tttt", inspection_instruction="Hoàn thành trong tuần")
    assert ("timer_fired", "inspection_overdue") in history_of(province, iid)
    assert open_elements(province, iid) == ["inspection_conclude"]


def test_a_late_approval_goes_to_the_department_leaders(province, inspection, clock):
    iid = inspection()
    do(province, iid, "inspection_plan", INSPECTOR, **PLAN)
    do(province, iid, "inspection_conclude", INSPECTOR, **VIOLATION)
    clock.advance(days=2, seconds=1)  # approval due in 2 working days
    province.runtime.fire_due_timers()
    [late] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_inspection_approve"]
    assert late.candidate_groups == ["so-tttt-lanh-dao"]  # above the Chief Inspector, not back to them
