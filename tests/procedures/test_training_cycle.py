"""training_cycle: the yearly training organised by Sở TTTT's press office, the plan and the report
approved by the Department's leader (not their author), the Journalists' Association coordinating in
parallel with a due date (its silence never holds the training up), Văn phòng Sở's logistics, the
agencies' nominations with chasing by the Department's leaders."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import Forbidden, NotFound, ScriptError

from .conftest import ORGANISATION, PEOPLE, deploy
from .timers import start_timers
from .walk import do, ended_at, history_of, open_elements, open_tasks

PLAN = {"plan_ref": "12/KH-STTTT", "topics": ["skills", "crisis"], "places_per_unit": 2,
        "first_session_on": "2026-03-20", "plan_summary": "Tập huấn kỹ năng phát ngôn, xử lý khủng hoảng"}
UNITS = ["so-y-te", "ubnd-bien-hoa"]
NOMINEE = {"so-y-te": "spokesperson.yte", "ubnd-bien-hoa": "officer.bienhoa"}


@pytest.fixture
def training(province):
    deploy(province, "training_cycle")

    def start(**variables):
        variables = {"units": UNITS, **variables}
        return province.runtime.start("training_cycle", PEOPLE["officer.tttt"], variables).id
    return start


def _plan(engine, iid, author="officer.tttt", approver="leader.tttt"):
    do(engine, iid, "plan", author, **PLAN)
    do(engine, iid, "approve_plan", approver, plan_decision="approve")


def _nominate(engine, iid):
    for task in [t for t in open_tasks(engine, iid) if t.element_id == "nominate"]:
        [unit] = task.candidate_groups
        engine.tasks.complete(task.id, PEOPLE[NOMINEE[unit]], {"nominee_count": 2, "nominees": "A, B"})


def test_the_association_coordinates_in_parallel_and_its_silence_does_not_block(province, training, clock):
    iid = training()
    [plan] = open_tasks(province, iid)
    assert plan.candidate_groups == ["so-tttt-ttbcxb"] and plan.due_at
    _plan(province, iid)
    asked = sorted((t.element_id, tuple(t.candidate_groups)) for t in open_tasks(province, iid))
    assert asked == [("association_input", ("hoi-nha-bao",)), ("logistics", ("so-tttt-van-phong",)),
                     ("nominate", ("so-y-te",)), ("nominate", ("ubnd-bien-hoa",))]
    assert all(t.due_at for t in open_tasks(province, iid))
    do(province, iid, "logistics", "officer.tttt", venue="Hội trường Sở TTTT")
    _nominate(province, iid)
    assert open_elements(province, iid) == ["association_input"]  # waits only until its due date
    clock.set(datetime(2026, 1, 12, 8, 0, 1, tzinfo=LOCAL_TZ))  # 5 working days later
    province.runtime.fire_due_timers()
    assert open_elements(province, iid) == ["hold_sessions"]
    do(province, iid, "hold_sessions", "officer.tttt", session_count=2, last_session_on="2026-01-20",
       session_notes="Kỹ năng phát ngôn")
    do(province, iid, "attendance", "officer.tttt", attended=4)
    do(province, iid, "evaluate", "officer.tttt", passed=4, satisfaction=5, makeup_needed="no",
       evaluation="Đạt yêu cầu")
    do(province, iid, "report", "officer.tttt", report_ref="BC-03/STTTT", report_summary="4 học viên đạt")
    do(province, iid, "approve_report", "leader.tttt", signed_ref="BC-03/STTTT")
    assert ended_at(province, iid) == "reported"
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert "association_expired" in fired


def test_the_association_answers_in_time(province, training):
    iid = training()
    _plan(province, iid)
    do(province, iid, "association_input", "officer.hnb", lecturers="Nhà báo Nguyễn Văn A",
       association_comment="Bổ sung nội dung xử lý khủng hoảng truyền thông")
    do(province, iid, "logistics", "officer.tttt", venue="Hội trường Sở TTTT")
    _nominate(province, iid)
    assert open_elements(province, iid) == ["hold_sessions"]
    assert province.runtime.get(iid).variables["total_nominees"] == 4


def test_plan_and_report_are_approved_by_another_person(province, training):
    iid = training()
    do(province, iid, "plan", "supervisor", **PLAN)
    [approval] = open_tasks(province, iid)
    assert approval.candidate_groups == ["so-tttt-lanh-dao"]
    with pytest.raises(Forbidden):
        province.tasks.complete(approval.id, PEOPLE["supervisor"], {"plan_decision": "approve"})
    with pytest.raises(NotFound):
        province.tasks.complete(approval.id, PEOPLE["officer.tttt"], {"plan_decision": "approve"})
    do(province, iid, "approve_plan", "leader.tttt", plan_decision="revise", plan_comment="Thêm nội dung")
    assert open_elements(province, iid) == ["plan"]


def test_every_agency_of_the_organisation_is_invited_and_late_ones_are_chased(province, clock):
    deploy(province, "training_cycle")
    iid = province.runtime.start("training_cycle", PEOPLE["officer.tttt"]).id
    expected = sorted(g.code for g in ORGANISATION.groups if g.kind in ("office", "department", "district"))
    _plan(province, iid)
    nominations = [t.candidate_groups[0] for t in open_tasks(province, iid) if t.element_id == "nominate"]
    assert len(expected) == 15 and sorted(nominations) == expected
    clock.set(datetime(2026, 1, 19, 8, 0, 1, tzinfo=LOCAL_TZ))  # 10 working days later
    province.runtime.fire_due_timers()
    [chase] = [t for t in open_tasks(province, iid) if t.element_id == "escalate"]
    assert chase.candidate_groups == ["so-tttt-lanh-dao"] and chase.priority == 90
    with pytest.raises(ScriptError, match="units"):
        province.runtime.start("training_cycle", PEOPLE["officer.tttt"], {"units": []})
    [waiting] = [t for t in start_timers(province, "training_cycle") if t.status == "waiting"]
    assert waiting.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None) == datetime(2026, 3, 2, 8, 0)
