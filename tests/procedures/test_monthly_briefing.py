"""monthly_briefing: started each month by its timer, compiled, reviewed for secrets by the Office's
leader, approved by the Chief of Office (never by the compiler), given to the press, then the portal item
approved by the Chief of Office; a late briefing reaches the Office's leaders."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import Forbidden, NotFound

from .conftest import PEOPLE, deploy
from .publishing import CALLED, portal, review
from .timers import start_timers
from .walk import do, ended_at, history_of, open_elements, open_tasks

FIGURES = {"report_month": "12/2025", "highlights": "Sản xuất công nghiệp tăng 8%",
           "indicators": "Thu ngân sách đạt 105% dự toán", "sources": "Cục Thống kê, Sở Tài chính"}


@pytest.fixture
def briefing(province):
    deploy(province, "monthly_briefing", *CALLED)

    def start(**variables):
        return province.runtime.start("monthly_briefing", PEOPLE["officer.vp"], variables).id
    return start


def _local(moment):
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None)


def test_the_timer_starts_each_month(province, clock):
    deploy(province, "monthly_briefing", *CALLED)  # Monday 5 January: the 1 January occurrence is past
    assert province.runtime.fire_due_timers() == 1
    [first], _ = province.runtime.list(definition="monthly_briefing")
    assert first.started_by == "timer" and open_elements(province, first.id) == ["compile"]
    [task] = open_tasks(province, first.id)
    assert task.candidate_groups == ["vp-ubnd"] and task.due_at.startswith("2026-01-12T01:00")
    [waiting] = [t for t in start_timers(province, "monthly_briefing") if t.status == "waiting"]
    assert _local(waiting.due_at) == datetime(2026, 2, 1, 8, 0)


def test_reviewed_approved_by_another_person_given_to_the_press_and_the_portal(province, briefing):
    iid = briefing()
    do(province, iid, "compile", "chief.vp", **FIGURES)  # the Chief of Office compiles this month
    [secrecy] = open_tasks(province, iid)
    assert secrecy.element_id == "secrecy_leader_review" and secrecy.candidate_groups == ["vp-ubnd-lanh-dao"]
    review(province, iid, "deputy.vp")
    [approval] = open_tasks(province, iid)
    assert approval.candidate_groups == ["vp-ubnd-lanh-dao"] and approval.due_at
    with pytest.raises(NotFound):  # an officer is not the Office's leadership
        province.tasks.complete(approval.id, PEOPLE["officer.vp"], {"approval": "approve"})
    with pytest.raises(Forbidden):  # four-eyes: the compiler does not approve his own text
        province.tasks.complete(approval.id, PEOPLE["chief.vp"], {"approval": "approve"})
    assert open_elements(province, iid) == ["approve"]
    do(province, iid, "approve", "deputy.vp", approval="approve")
    do(province, iid, "provide", "officer.vp", channel="press_conference", release_ref="GM-01/VP",
       press_agencies=18)
    do(province, iid, "minutes", "officer.vp", journalists_present=25, questions_asked=6)
    [edit] = open_tasks(province, iid)
    assert edit.element_id == "portal_edit" and edit.due_at
    portal(province, iid, editor="officer.vp", chief="deputy.vp")
    assert ended_at(province, iid) == "published"
    variables = province.runtime.get(iid).variables
    assert variables["item_kind"] == "monthly_info" and variables["portal_url"].startswith("https://")
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed.index("secrecy_leader_review") < completed.index("approve") < completed.index("provide")


def test_a_refused_release_goes_back_to_compiling(province, briefing):
    iid = briefing()
    do(province, iid, "compile", "officer.vp", **FIGURES)
    review(province, iid, "chief.vp", decision="refuse", note="Số liệu an ninh chưa được công bố")
    assert open_elements(province, iid) == ["compile"]
    assert ("element_completed", "note_revision") in history_of(province, iid)


def test_a_late_briefing_reaches_the_offices_leaders(province, briefing, clock):
    iid = briefing()
    clock.set(datetime(2026, 1, 12, 8, 0, 1, tzinfo=LOCAL_TZ))  # 5 working days later
    province.runtime.fire_due_timers()
    [escalation] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_brief"]
    assert escalation.candidate_groups == ["vp-ubnd-lanh-dao"] and escalation.priority == 90
    do(province, iid, "escalate_brief", "chief.vp", escalation_instruction="Hoàn thành trong ngày")
    assert open_elements(province, iid) == ["compile"]  # the work goes on
