"""monthly_briefing: started each month by its timer, compiled and approved (or sent back), given to the
press by press conference or written release, the portal item approved (or edited again), reminder and
escalation when late."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import Forbidden

from .conftest import PEOPLE, deploy
from .timers import start_timers
from .walk import do, ended_at, history_of, open_elements, open_tasks

FIGURES = {"report_month": "12/2025", "highlights": "Sản xuất công nghiệp tăng 8%",
           "indicators": "Thu ngân sách đạt 105% dự toán", "sources": "Cục Thống kê, Sở Tài chính"}
PORTAL = {"portal_title": "Tình hình kinh tế - xã hội tháng 12/2025", "portal_summary": "Tóm tắt số liệu"}


@pytest.fixture
def briefing(province):
    deploy(province, "monthly_briefing")

    def start(**variables):
        return province.runtime.start("monthly_briefing", PEOPLE["officer.vp"], variables).id
    return start


def _local(moment):
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None)


def test_deployed_mid_month_the_months_briefing_starts_then_the_first_of_next_month(province, clock):
    deploy(province, "monthly_briefing")  # Monday 5 January: the 1 January occurrence is already past
    assert province.runtime.fire_due_timers() == 1
    [first], _ = province.runtime.list(definition="monthly_briefing")
    assert first.started_by == "timer" and open_elements(province, first.id) == ["compile"]
    [task] = open_tasks(province, first.id)
    assert task.candidate_groups == ["vp-ubnd"] and task.due_at.startswith("2026-01-12T01:00")
    [waiting] = [t for t in start_timers(province, "monthly_briefing") if t.status == "waiting"]
    assert _local(waiting.due_at) == datetime(2026, 2, 1, 8, 0)
    clock.set(datetime(2026, 2, 1, 8, 0, 1, tzinfo=LOCAL_TZ))
    province.runtime.fire_due_timers()  # February's start, and January's deadline timers
    views = province.runtime.list(definition="monthly_briefing")[0]
    assert sorted(v.started_by for v in views) == ["timer", "timer"]


def test_sent_back_once_then_press_conference_and_portal_item_edited_again(province, briefing):
    iid = briefing()
    assert province.runtime.get(iid).variables["report_month"] == "12/2025"
    do(province, iid, "compile", "officer.vp", **FIGURES)
    [approval] = open_tasks(province, iid)
    assert approval.assignee == "chief.vp"
    with pytest.raises(Forbidden):  # only the Chief of Office approves
        province.tasks.complete(approval.id, PEOPLE["officer.vp"], {"approval": "approve"})
    do(province, iid, "approve", "chief.vp", approval="revise", approval_comment="Bổ sung chỉ tiêu FDI")
    do(province, iid, "compile", "officer.vp", **{**FIGURES, "indicators": "Thêm số liệu FDI"})
    do(province, iid, "approve", "chief.vp", approval="approve")
    do(province, iid, "provide", "officer.vp", channel="press_conference", release_ref="GM-12/VP",
       press_agencies=18)
    do(province, iid, "minutes", "officer.vp", journalists_present=25, questions_asked=7)
    do(province, iid, "portal_edit", "officer.vp", **PORTAL)
    do(province, iid, "portal_approve", "chief.vp", portal_decision="revise",
       portal_comment="Rút gọn tiêu đề")
    do(province, iid, "portal_edit", "officer.vp", **{**PORTAL, "portal_title": "KT-XH tháng 12/2025"})
    do(province, iid, "portal_approve", "chief.vp", portal_decision="approve")
    do(province, iid, "portal_publish", "officer.vp", portal_url="https://dongnai.gov.vn/tin/kt-xh-12")
    assert ended_at(province, iid) == "published"
    variables = province.runtime.get(iid).variables
    assert variables["revisions"] == 1 and variables["indicators"] == "Thêm số liệu FDI"
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed.count("compile") == 2 and completed.count("portal_edit") == 2 and "minutes" in completed


def test_written_release_needs_no_minutes(province, briefing, clock):
    iid = briefing(report_month="11/2025")
    do(province, iid, "compile", "officer.vp", **{**FIGURES, "report_month": "11/2025"})
    do(province, iid, "approve", "chief.vp", approval="approve")
    do(province, iid, "provide", "officer.vp", channel="written_release", release_ref="TC-11/VP",
       press_agencies=30)
    assert open_elements(province, iid) == ["portal_edit"]
    do(province, iid, "portal_edit", "officer.vp", **PORTAL)
    do(province, iid, "portal_approve", "chief.vp", portal_decision="approve")
    do(province, iid, "portal_publish", "officer.vp", portal_url="https://dongnai.gov.vn/tin/kt-xh-11")
    assert ended_at(province, iid) == "published"
    clock.advance(days=30)
    province.runtime.fire_due_timers()
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired == ["monthly"]  # given in time: the deadline timers went with the subprocess


def test_reminder_then_escalation_when_the_briefing_is_late(province, briefing, clock):
    iid = briefing(briefing_days=3)  # Monday 5 Jan: due Thursday 8 Jan 08:00, reminder Wednesday
    clock.advance(days=2, seconds=1)
    province.runtime.fire_due_timers()  # also starts this month's instance (1 January is past)
    assert province.runtime.get(iid).variables["reminders_sent"] == 1
    assert "escalate" not in open_elements(province, iid)
    clock.advance(days=1)
    province.runtime.fire_due_timers()
    [escalation] = [t for t in open_tasks(province, iid) if t.element_id == "escalate"]
    assert escalation.priority == 90 and escalation.candidate_groups == ["vp-ubnd"]
    overdue = province.tasks.list(PEOPLE["chief.vp"], overdue=True, instance=iid)[0]
    assert [t.element_id for t in overdue] == ["compile"]
    do(province, iid, "escalate", "chief.vp", escalation_instruction="Hoàn thành trong ngày")
    do(province, iid, "compile", "officer.vp", **FIGURES)
    do(province, iid, "approve", "chief.vp", approval="approve")
    do(province, iid, "provide", "officer.vp", channel="written_release", release_ref="TC-12",
       press_agencies=5)
    do(province, iid, "portal_edit", "officer.vp", **PORTAL)
    do(province, iid, "portal_approve", "chief.vp", portal_decision="approve")
    do(province, iid, "portal_publish", "officer.vp", portal_url="https://dongnai.gov.vn/tin/1")
    assert ended_at(province, iid) == "published"
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired == ["monthly", "remind", "overdue"]


def test_only_vp_ubnd_starts_it(province, briefing):
    with pytest.raises(Forbidden):
        province.runtime.start("monthly_briefing", PEOPLE["spokesperson.yte"])
