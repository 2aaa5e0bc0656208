"""periodic_report: half-yearly by timer or by hand; the period's figures per agency from the engine
(statistics.summary connector), each agency's own report (late ones to its leaders, missing ones
recorded), the draft approved by the Department's leader, sent to UBND tỉnh and Cục Báo chí at least,
the violations results public on Sở TTTT's site and the portal, received by the competent authority."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.connectors import ConnectorCall, ConnectorError
from engine.connectors.builtin import statistics_summary
from engine.errors import Forbidden, ScriptError

from .conftest import PEOPLE, deploy
from .publishing import CALLED, portal, site
from .timers import start_timers
from .walk import INQUIRY, do, ended_at, open_elements, open_tasks

AGENCIES = ["so-y-te", "ubnd-bien-hoa"]
DRAFT = {"report_ref": "BC-15/STTTT", "assessment": "Các cơ quan cung cấp thông tin kịp thời, đúng quy định",
         "violations_results": "Xử phạt 2 trang thông tin điện tử vi phạm", "recommendations": "Tăng cường"}


@pytest.fixture
def report(province):
    deploy(province, "periodic_report", "press_inquiry", *CALLED)

    def start(**variables):
        iid = province.runtime.start("periodic_report", PEOPLE["officer.tttt"], {
            "agencies": AGENCIES, "period_from": "2026-01-01", "period_to": "2026-06-30", **variables}).id
        province.runtime.fire_due_timers()  # the statistics.summary job
        return iid
    return start


def test_figures_per_agency_own_reports_recipients_and_public_results(province, report, clock):
    province.runtime.start("press_inquiry", PEOPLE["spokesperson.yte"], INQUIRY)
    iid = report()
    variables = province.runtime.get(iid).variables
    assert variables["statistics"]["procedures"]["press_inquiry"]["started"] == 1
    assert variables["inquiries_received"] == 1 and "agencies" in variables["statistics"]
    asked = sorted((t.element_id, t.candidate_groups[0]) for t in open_tasks(province, iid))
    assert asked == [("agency_report", "so-y-te"), ("agency_report", "ubnd-bien-hoa")]
    do(province, iid, "agency_report", "spokesperson.yte", agency_report_ref="BC-01/SYT",
       agency_report_text="Trả lời 12 đề nghị của báo chí")
    clock.set(datetime(2026, 1, 12, 8, 0, 1, tzinfo=LOCAL_TZ))  # 5 working days: late
    province.runtime.fire_due_timers()
    [chase] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_agency"]
    assert chase.candidate_groups == ["ubnd-bien-hoa-lanh-dao"] and chase.priority == 90
    do(province, iid, "escalate_agency", "leader.bienhoa", escalation_instruction="Gửi báo cáo ngay")
    clock.set(datetime(2026, 1, 15, 8, 0, 1, tzinfo=LOCAL_TZ))  # 3 more: recorded as missing
    province.runtime.fire_due_timers()
    assert open_elements(province, iid) == ["draft_report"]
    assert province.runtime.get(iid).variables["missing_agencies"] == ["ubnd-bien-hoa"]
    do(province, iid, "draft_report", "officer.tttt", **DRAFT)
    do(province, iid, "approve", "leader.tttt", approval="approve")
    assert sorted(open_elements(province, iid)) == ["send", "violations_site"]
    with pytest.raises(ScriptError, match="cuc-bao-chi"):  # the plan's Nơi nhận: Cục Báo chí must receive it
        do(province, iid, "send", "officer.tttt", dispatch_ref="123/STTTT", recipients=["ubnd-tinh"])
    do(province, iid, "send", "officer.tttt", dispatch_ref="123/STTTT",
       recipients=["ubnd-tinh", "cuc-bao-chi", "ban-tuyen-giao"])
    site(province, iid, "violations_site", "officer.tttt", "https://stttt.example/vi-pham", choice=False)
    portal(province, iid, "https://portal.example/xu-ly-vi-pham")
    [review] = open_tasks(province, iid)
    assert review.candidate_groups == ["ubnd-tinh"] and review.due_at
    do(province, iid, "review", "supervisor", review_decision="accept")
    assert ended_at(province, iid) == "submitted"
    assert province.runtime.get(iid).variables["item_kind"] == "inspection_result"


def test_the_drafter_does_not_approve(province, report):
    iid = report()
    for task in open_tasks(province, iid):
        province.tasks.complete(task.id, PEOPLE["supervisor"], {"agency_report_ref": "BC-1",
                                                                 "agency_report_text": "Báo cáo của cơ quan"})
    do(province, iid, "draft_report", "supervisor", **DRAFT)
    [approve] = open_tasks(province, iid)
    assert approve.candidate_groups == ["so-tttt-lanh-dao"]
    with pytest.raises(Forbidden):
        province.tasks.complete(approve.id, PEOPLE["supervisor"], {"approval": "approve"})
    do(province, iid, "approve", "leader.tttt", approval="revise")
    assert open_elements(province, iid) == ["draft_report"]


def test_half_yearly_timer_and_a_bad_period(province, report):
    [waiting] = [t for t in start_timers(province, "periodic_report") if t.status == "waiting"]
    assert waiting.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None) == datetime(2026, 6, 15, 8, 0)
    with pytest.raises(ScriptError, match="period_from"):
        province.runtime.start("periodic_report", PEOPLE["officer.tttt"], {"period_from": "2026-07-01",
                                                                          "period_to": "2026-06-30"})


@pytest.mark.parametrize("inputs", [{}, {"period_from": "2026-13-01", "period_to": "2026-06-30"},
                                    {"period_from": "2026-07-01", "period_to": "2026-06-30"}])
def test_the_statistics_connector_refuses_a_bad_period(province, inputs):
    with pytest.raises(ConnectorError, match="period"):
        statistics_summary(ConnectorCall("statistics.summary", inputs, province))
