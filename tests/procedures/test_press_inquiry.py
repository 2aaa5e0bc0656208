"""press_inquiry walked through every gateway path, with the reminder and escalation timers."""
from __future__ import annotations

import pytest

from engine.errors import Forbidden, NotFound, ScriptError, ValidationFailed

from .conftest import PEOPLE, deploy
from .walk import INQUIRY, do, ended_at, history_of, open_elements, open_tasks

CARD = {"journalist_name": "Nguyễn Văn A", "press_agency": "Báo Đồng Nai", "credential_type": "press_card",
        "credential_number": "HNB-0123", "question": "Số ca sốt xuất huyết tháng này?"}
YTE = "spokesperson.yte"


@pytest.fixture
def inquiry(province):
    deploy(province, "press_inquiry")

    def start(**variables):
        inst = province.runtime.start("press_inquiry", PEOPLE[YTE], {**INQUIRY, **variables})
        return inst.id
    return start


def _to_review(engine, iid, who=YTE, **route):
    do(engine, iid, "intake", who, **CARD, credentials_ok="yes")
    do(engine, iid, "route", who, competent="yes", spokesperson=who, **route)


def test_without_valid_credentials_the_request_is_refused_with_its_reason(province, inquiry):
    iid = inquiry()
    with pytest.raises(ScriptError, match="refusal_reason"):
        do(province, iid, "intake", YTE, **{**CARD, "credential_type": "none"}, credentials_ok="no")
    assert open_elements(province, iid) == ["intake"]  # the refused completion changed nothing
    do(province, iid, "intake", YTE, **{**CARD, "credential_type": "none"}, credentials_ok="no",
       refusal_reason="Không xuất trình thẻ nhà báo hoặc giấy giới thiệu")
    assert ended_at(province, iid) == "refused_credentials"
    inst = province.runtime.get(iid)
    assert inst.variables["outcome"] == "refused_credentials"
    assert inst.variables["refusal_reason"].startswith("Không xuất trình")


def test_a_start_that_does_not_fill_in_the_start_form_is_refused(province, inquiry):
    with pytest.raises(ValidationFailed) as refused:
        province.runtime.start("press_inquiry", PEOPLE[YTE], {"unit": "so-y-te", "answer_days": 0})
    assert {e["field"] for e in refused.value.errors} == {"journalist_name", "press_agency", "question",
                                                          "answer_days"}
    assert province.runtime.list(definition="press_inquiry")[1] == 0  # nothing was written
    assert province.runtime.get(inquiry(answer_days=3)).variables["answer_days"] == 3


def test_another_agencys_officer_cannot_see_or_take_the_request(province, inquiry):
    iid = inquiry()
    [intake] = open_tasks(province, iid)
    assert intake.candidate_groups == ["so-y-te"] and intake.form == "press_inquiry_intake"
    with pytest.raises(NotFound):
        province.tasks.complete(intake.id, PEOPLE["officer.bienhoa"], {"credentials_ok": "yes"})
    with pytest.raises(Forbidden):
        province.runtime.start("press_inquiry", PEOPLE["auditor"], {"unit": "so-y-te"})


def test_forwarded_to_the_competent_unit_then_refused_as_secret(province, inquiry):
    iid = inquiry()
    do(province, iid, "intake", YTE, **CARD, credentials_ok="yes")
    do(province, iid, "route", YTE, competent="no", forward_to="cong-an")
    [route] = open_tasks(province, iid)
    assert route.element_id == "route" and route.candidate_groups == ["cong-an"]
    do(province, iid, "route", "officer.congan", competent="yes", spokesperson="officer.congan")
    review = open_tasks(province, iid)[0]
    assert review.assignee == "officer.congan"
    do(province, iid, "secrecy_review", "officer.congan", secrecy="secret",
       secrecy_basis="Bí mật điều tra (Bộ luật Tố tụng hình sự)")
    do(province, iid, "refusal_notice", "officer.congan", refusal_text="Vụ việc đang được điều tra")
    assert ended_at(province, iid) == "refused_secret"
    assert province.runtime.get(iid).variables["forwarded_from"] == "so-y-te"


def test_limited_answer_revised_approved_published_on_site_and_portal(province, inquiry):
    iid = inquiry()
    _to_review(province, iid)
    do(province, iid, "secrecy_review", YTE, secrecy="partial", secrecy_basis="Hồ sơ bệnh án")
    do(province, iid, "draft", YTE, answer_text="Bản nháp trả lời lần 1")
    do(province, iid, "approve", YTE, approval="revise", approval_comment="Bổ sung số liệu")
    do(province, iid, "draft", YTE, answer_text="Bản nháp trả lời lần 2")
    do(province, iid, "approve", YTE, approval="approve")
    do(province, iid, "answer", YTE, answer_channel="email", publish_release=True)
    do(province, iid, "publish_site", YTE, unit_site_url="https://syt.dongnai.gov.vn/tin/1")
    do(province, iid, "portal_edit", "officer.vp", portal_title="Sở Y tế trả lời báo chí",
       portal_summary="Tình hình sốt xuất huyết")
    [approval] = open_tasks(province, iid)
    assert approval.assignee == "chief.vp"  # only the Chief of Office approves portal items
    with pytest.raises(Forbidden):
        province.tasks.complete(approval.id, PEOPLE["officer.vp"], {"portal_decision": "approve"})
    do(province, iid, "portal_approve", "chief.vp", portal_decision="approve")
    do(province, iid, "portal_publish", "officer.vp", portal_url="https://dongnai.gov.vn/tin/9")
    assert ended_at(province, iid) == "published"
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed.count("draft") == 2 and completed.count("approve") == 2


@pytest.mark.parametrize("publish, decision, end", [(False, None, "answered"),
                                                     (True, "reject", "not_published")])
def test_answer_only_or_portal_item_declined(province, inquiry, publish, decision, end):
    iid = inquiry()
    _to_review(province, iid)
    do(province, iid, "secrecy_review", YTE, secrecy="none")
    do(province, iid, "draft", YTE, answer_text="Nội dung trả lời nhà báo")
    do(province, iid, "approve", YTE, approval="approve")
    do(province, iid, "answer", YTE, answer_channel="written", publish_release=publish)
    if decision:
        do(province, iid, "publish_site", YTE, unit_site_url="https://syt.dongnai.gov.vn/tin/2")
        do(province, iid, "portal_edit", "officer.vp", portal_title="Tin trả lời",
           portal_summary="Tóm tắt nội dung trả lời")
        do(province, iid, "portal_approve", "chief.vp", portal_decision=decision)
    assert ended_at(province, iid) == end


def test_reminder_then_escalation_to_the_units_leadership_then_answer(province, inquiry, clock):
    iid = inquiry(answer_days=3)  # Monday 5 Jan 08:00: due Thursday 8 Jan 08:00, reminder Wednesday
    _to_review(province, iid)
    [review] = open_tasks(province, iid)
    assert review.due_at.startswith("2026-01-08T01:00")
    clock.advance(days=2, seconds=1)
    province.runtime.fire_due_timers()  # with the SLA timers of the tasks' due dates (issue 5)
    assert province.runtime.get(iid).variables["reminders_sent"] == 1
    assert "escalate" not in open_elements(province, iid)
    clock.advance(days=1)
    province.runtime.fire_due_timers()
    escalation = [t for t in open_tasks(province, iid) if t.element_id == "escalate"]
    assert escalation and escalation[0].candidate_groups == ["so-y-te"] and escalation[0].priority == 90
    overdue = province.tasks.list(PEOPLE[YTE], overdue=True)[0]
    assert [t.element_id for t in overdue] == ["secrecy_review"]
    do(province, iid, "escalate", YTE, escalation_instruction="Trả lời ngay trong ngày")
    do(province, iid, "secrecy_review", YTE, secrecy="none")
    do(province, iid, "draft", YTE, answer_text="Nội dung trả lời nhà báo")
    do(province, iid, "approve", YTE, approval="approve")
    do(province, iid, "answer", YTE, answer_channel="email", publish_release=False)
    assert ended_at(province, iid) == "answered"
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired == ["remind", "overdue"]


def test_answered_in_time_no_timer_fires(province, inquiry, clock):
    iid = inquiry()
    _to_review(province, iid)
    do(province, iid, "secrecy_review", YTE, secrecy="none")
    do(province, iid, "draft", YTE, answer_text="Nội dung trả lời nhà báo")
    do(province, iid, "approve", YTE, approval="approve")
    do(province, iid, "answer", YTE, answer_channel="email")
    clock.advance(days=30)
    assert province.runtime.fire_due_timers() == 0
    assert ended_at(province, iid) == "answered"
