"""periodic_report: statistics from the engine's own records (after real work in the province) or entered
by hand, checked, drafted into a report, sent back once and accepted; the late report escalates."""
from __future__ import annotations

from datetime import timedelta

import pytest

from engine.errors import Forbidden, NotFound, ScriptError, ValidationFailed

from .conftest import PEOPLE, deploy
from .walk import INQUIRY, do, ended_at, history_of, open_elements, open_tasks

TTTT = "officer.tttt"
MANUAL = {"inquiries_received": 12, "inquiries_answered": 10, "inquiries_refused": 1, "rebuttals": 3,
          "corrections_obtained": 2, "complaints_received": 4, "violations_handled": 1,
          "impersonations_to_police": 1, "multi_agency_cases": 1, "spokesperson_statements": 15,
          "tasks_completed": 80, "tasks_late": 6, "escalations": 2}
DRAFT = {"report_ref": "35/BC-STTTT", "assessment": "Các đơn vị cung cấp thông tin kịp thời, đúng quy định",
         "recommendations": "Tiếp tục bồi dưỡng kỹ năng phát ngôn"}


def _month_of_work(engine):
    """A refused inquiry, a complaint sent to Police and an unfounded one."""
    iid = engine.runtime.start("press_inquiry", PEOPLE["spokesperson.yte"], INQUIRY).id
    do(engine, iid, "intake", "spokesperson.yte", journalist_name="Lê Văn C", press_agency="Báo Mẫu",
       credential_type="none", question="Số liệu dịch bệnh?", credentials_ok="no",
       refusal_reason="Không xuất trình thẻ nhà báo")
    do(engine, iid, "tell_refused", "spokesperson.yte", refusal_channel="in_person",
       refusal_notice="Đề nghị xuất trình thẻ nhà báo hoặc giấy giới thiệu")
    call = {"channel": "email", "complainant_email": "dan@example.vn", "category": "impersonation",
            "press_agency": "Người tự xưng phóng viên", "complaint_text": "Đòi tiền để không đăng bài"}
    for finding, card in (("impersonation", "none"), ("unfounded", "valid")):
        iid = engine.runtime.start("press_complaint", PEOPLE[TTTT]).id
        do(engine, iid, "intake", TTTT, **call)
        do(engine, iid, "consult_input", "inspector.tttt", consult_opinion="Thanh tra Sở đã đối chiếu")
        do(engine, iid, "verify", TTTT, press_card=card, verification_result=finding,
           verification_notes="Tra cứu danh sách thẻ nhà báo")
        if finding == "impersonation":
            do(engine, iid, "police", "officer.congan", police_ref="CA-1", police_action="warning",
               police_result="Đã cảnh cáo")
            do(engine, iid, "notify_vp", "officer.vp", vp_note="Đã ghi nhận, phối hợp")
            do(engine, iid, "notify_tttt", "leader.tttt", tttt_note="Đã ghi nhận, phối hợp")
        do(engine, iid, "answer_complainant", TTTT, answer_channel="email", answer_text="Đã xử lý, trả lời")


def test_statistics_from_the_engines_records_then_sent_back_once_and_accepted(province, clock):
    deploy(province, "periodic_report", "press_inquiry", "press_complaint", "press_inspection")
    since = clock.now()
    _month_of_work(province)
    clock.advance(days=1)
    stats = province.statistics.summary(PEOPLE["supervisor"], since, clock.now())
    iid = province.runtime.start("periodic_report", PEOPLE["supervisor"], {
        "statistics": stats, "period_from": "2026-01-05", "period_to": "2026-01-06"}).id
    assert open_elements(province, iid) == ["draft_report"]  # no manual entry needed
    variables = province.runtime.get(iid).variables
    assert variables["statistics_source"] == "engine"
    assert variables["figures"] == {
        "inquiries_received": 1, "inquiries_answered": 0, "inquiries_refused": 1, "rebuttals": 0,
        "corrections_obtained": 0, "complaints_received": 2, "violations_handled": 0,
        "impersonations_to_police": 1, "multi_agency_cases": 0, "spokesperson_statements": 0,
        "tasks_completed": 13, "tasks_late": 0, "escalations": 0}
    assert variables["on_time_rate"] == 100.0 and "procs" not in variables
    do(province, iid, "draft_report", TTTT, **DRAFT)
    [review] = open_tasks(province, iid)
    assert review.candidate_groups == ["ubnd-tinh"]
    with pytest.raises(NotFound):  # Sở TTTT cannot accept its own report
        province.tasks.complete(review.id, PEOPLE[TTTT], {"review_decision": "accept"})
    do(province, iid, "review", "supervisor", review_decision="revise", review_comment="Bổ sung số liệu")
    do(province, iid, "draft_report", TTTT, **{**DRAFT, "assessment": "Bản bổ sung: số liệu đầy đủ hơn"})
    do(province, iid, "review", "supervisor", review_decision="accept")
    assert ended_at(province, iid) == "submitted"
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed == ["draft_report", "review", "draft_report", "review"]


def test_statistics_entered_by_hand_are_checked(province):
    deploy(province, "periodic_report")
    iid = province.runtime.start("periodic_report", PEOPLE[TTTT], {"period_label": "6 tháng đầu năm 2026"}).id
    [entry] = open_tasks(province, iid)
    assert entry.element_id == "enter_statistics" and entry.candidate_groups == ["so-tttt"]
    assert entry.due_at.startswith("2026-01-12T01:00")  # report_days = 5 working days
    with pytest.raises(ScriptError, match="tasks_late cannot exceed"):
        do(province, iid, "enter_statistics", TTTT, **{**MANUAL, "tasks_late": 81})
    with pytest.raises((ValidationFailed, ScriptError), match="escalations"):  # the form's min, and the model
        do(province, iid, "enter_statistics", TTTT, **{**MANUAL, "escalations": -1})
    assert open_elements(province, iid) == ["enter_statistics"]
    do(province, iid, "enter_statistics", TTTT, **MANUAL)
    variables = province.runtime.get(iid).variables
    assert variables["statistics_source"] == "manual" and variables["on_time_rate"] == 92.5
    assert variables["figures"] == MANUAL and variables["period_label"] == "6 tháng đầu năm 2026"
    do(province, iid, "draft_report", TTTT, **DRAFT)
    do(province, iid, "review", "supervisor", review_decision="accept")
    assert ended_at(province, iid) == "submitted"


def test_a_late_report_escalates_and_the_drafting_goes_on(province, clock):
    deploy(province, "periodic_report")
    iid = province.runtime.start("periodic_report", PEOPLE[TTTT], {"report_days": 2}).id
    do(province, iid, "enter_statistics", TTTT, **MANUAL)
    clock.advance(days=2, seconds=1)  # Wednesday 08:00 passed
    province.runtime.fire_due_timers()  # with the SLA timers of the tasks' due dates (issue 5)
    assert open_elements(province, iid) == ["draft_report", "escalate"]
    [escalation] = [t for t in open_tasks(province, iid) if t.element_id == "escalate"]
    assert escalation.priority == 90 and escalation.candidate_groups == ["so-tttt"]
    do(province, iid, "escalate", "supervisor", escalation_instruction="Hoàn thành trong ngày")
    do(province, iid, "draft_report", TTTT, **DRAFT)
    do(province, iid, "review", "supervisor", review_decision="accept")
    assert ended_at(province, iid) == "submitted"
    assert [el for kind, el in history_of(province, iid) if kind == "timer_fired"] == ["report_overdue"]
    period_end = clock.now() + timedelta(seconds=1)  # periods exclude their end
    stats = province.statistics.summary(PEOPLE["auditor"], period_end - timedelta(days=3), period_end)
    assert stats["procedures"]["periodic_report"]["ends"] == {"escalated": 1, "submitted": 1}
    assert stats["tasks"]["escalations"] == 1 and stats["tasks"]["late"] == 1  # the draft was late


def test_refusals_starter_period_and_statistics_readers(province, clock):
    deploy(province, "periodic_report")
    with pytest.raises(Forbidden):
        province.runtime.start("periodic_report", PEOPLE["officer.bienhoa"])
    with pytest.raises(ScriptError, match="period_from must be before period_to"):
        province.runtime.start("periodic_report", PEOPLE[TTTT], {"period_from": "2026-06-30",
                                                                 "period_to": "2026-01-01"})
    with pytest.raises(Forbidden):  # officers start the report by hand; the statistics are for supervisors
        province.statistics.summary(PEOPLE[TTTT], clock.now() - timedelta(days=1), clock.now())
