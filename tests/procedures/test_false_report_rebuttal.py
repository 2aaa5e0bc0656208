"""false_report_rebuttal: each route of the decision table; the written response drafted, reviewed for
secrecy and approved by another person; the copy to Sở TTTT as its own branch; the correction wait,
follow-up and the inspection an uncorrected article starts."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import Forbidden, NotFound
from engine.identity import Actor

from .conftest import PEOPLE, deploy
from .walk import do, ended_at, history_of, open_elements, open_tasks

ARTICLE = {"article_url": "https://bao.example/bai-1", "press_agency": "Báo Mẫu", "medium": "press",
           "verification_notes": "Đối chiếu số liệu chính thức của Sở"}
YTE, LEADER, TTTT = "spokesperson.yte", "leader.yte", "officer.tttt"
KEYS = ("false_report_rebuttal", "press_inspection", "secrecy_review")


@pytest.fixture
def rebuttal(province):
    deploy(province, *KEYS)

    def start(finding: str, medium: str = "press", **variables):
        inst = province.runtime.start("false_report_rebuttal", PEOPLE[TTTT],
                                      {"unit": "so-y-te", "case_number": "PB-1", **variables})
        do(province, inst.id, "verify", PEOPLE[YTE], **{**ARTICLE, "medium": medium}, finding=finding)
        return inst.id
    return start


def release(engine, iid, who: str = LEADER, decision: str = "release") -> None:
    """The unit leader's secrecy review (secrecy_review, called before the response is released)."""
    note = {} if decision == "release" else {"secrecy_note": "Khoản 1 Điều 9 Nghị định 09/2017/NĐ-CP"}
    do(engine, iid, "secrecy_leader_review", who, secrecy_decision=decision, consult_police=False, **note)


def respond(engine, iid, approve_as: str = LEADER) -> None:
    """Draft, secrecy review, leader approval and sending of the written response."""
    do(engine, iid, "draft_response", PEOPLE[YTE], response_text="Đề nghị cải chính số liệu")
    release(engine, iid, LEADER)
    do(engine, iid, "approve_response", PEOPLE[approve_as], approval="approve")
    do(engine, iid, "send_response", PEOPLE[YTE], response_ref="123/SYT")


@pytest.mark.parametrize("finding", ["false", "distorted", "slanderous", "insulting", "misleading"])
def test_false_reporting_gets_an_approved_written_response_copied_and_corrected(province, rebuttal,
                                                                                  finding):
    iid = rebuttal(finding)
    [draft] = open_tasks(province, iid)
    assert draft.element_id == "draft_response" and draft.priority == 80 and draft.due_at
    respond(province, iid)
    assert open_elements(province, iid) == ["copy_received"]
    do(province, iid, "copy_received", PEOPLE[TTTT], press_agency_level="local")
    assert province.runtime.get(iid).status == "waiting"
    with pytest.raises(NotFound):  # another case's correction does not reach this one
        province.runtime.correlate_message("correction_published", PEOPLE[TTTT], "PB-2")
    province.runtime.correlate_message("correction_published", PEOPLE[TTTT], "PB-1",
                                       {"correction_url": "https://bao.example/cai-chinh"})
    assert ended_at(province, iid) == "corrected"
    variables = province.runtime.get(iid).variables
    assert variables["route"] == "respond" and variables["route_clause"] == "CT 1.e"


def test_a_correction_before_so_tttt_reads_its_copy_does_not_wait_for_it(province, rebuttal, clock):
    iid = rebuttal("false")
    respond(province, iid)
    [copy] = open_tasks(province, iid)
    assert copy.candidate_groups == ["so-tttt-ttbcxb"]
    assert copy.due_at.startswith("2026-01-07T01:00")  # copy_days = 2 working days from Monday 08:00
    province.runtime.correlate_message("correction_published", PEOPLE[TTTT], "PB-1",
                                       {"correction_url": "https://bao.example/cai-chinh"})
    assert ("message_received", "await_correction") in history_of(province, iid)
    assert open_elements(province, iid) == ["copy_received"]  # still open, with its due date
    clock.advance(days=5)
    province.runtime.fire_due_timers()
    # no correction follow-up (the case was corrected); the late copy goes to the press office's leaders
    assert open_elements(province, iid) == ["copy_received", "escalate_copy_received"]
    [late] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_copy_received"]
    assert late.candidate_groups == ["so-tttt-ttbcxb-lanh-dao"]
    do(province, iid, "escalate_copy_received", "leader.ttbcxb",
       escalation_copy_received_instruction="Theo dõi, tổng hợp ngay")
    do(province, iid, "copy_received", PEOPLE[TTTT], press_agency_level="central")
    assert province.runtime.get(iid).status == "completed"


def test_the_drafter_cannot_approve_their_own_response(province, rebuttal):
    deputy = Actor("deputy.yte", frozenset({"officer"}), frozenset({"so-y-te", "so-y-te-lanh-dao"}))
    iid = rebuttal("false")
    do(province, iid, "draft_response", deputy, response_text="Dự thảo của Phó Giám đốc")
    release(province, iid, LEADER)
    [approve] = open_tasks(province, iid)
    assert approve.candidate_groups == ["so-y-te-lanh-dao"]
    with pytest.raises(Forbidden):  # four-eyes: the drafter may not approve their own text
        province.tasks.complete(approve.id, deputy, {"approval": "approve"})
    assert open_elements(province, iid) == ["approve_response"]
    do(province, iid, "approve_response", PEOPLE[LEADER], approval="approve")
    assert open_elements(province, iid) == ["send_response"]


def test_a_leader_sends_the_draft_back_and_a_refused_release_is_redrafted(province, rebuttal):
    iid = rebuttal("misleading")
    do(province, iid, "draft_response", PEOPLE[YTE], response_text="Bản thứ nhất")
    release(province, iid, LEADER, "refuse")
    assert open_elements(province, iid) == ["draft_response"]
    do(province, iid, "draft_response", PEOPLE[YTE], response_text="Bản thứ hai")
    release(province, iid, LEADER)
    do(province, iid, "approve_response", PEOPLE[LEADER], approval="revise", approval_comment="Bổ sung")
    assert open_elements(province, iid) == ["draft_response"]


@pytest.mark.parametrize("medium, police_group", [("press", "cong-an-pa03"),
                                                  ("social_media", "cong-an-pa05")])
def test_a_security_matter_gets_the_response_the_copy_and_police_with_the_inspectorate(
        province, rebuttal, medium, police_group):
    iid = rebuttal("security", medium=medium)
    tasks = {t.element_id: t for t in open_tasks(province, iid)}
    assert sorted(tasks) == ["draft_response", "inspectorate_security", "police"]
    assert tasks["police"].candidate_groups == [police_group]
    assert tasks["inspectorate_security"].candidate_groups == ["so-tttt-thanh-tra"]
    with pytest.raises(NotFound):
        province.tasks.complete(tasks["police"].id, PEOPLE[YTE], {"police_ref": "x"})
    respond(province, iid)
    do(province, iid, "police", PEOPLE["officer.congan"], police_ref="CA-7",
       police_conclusion="Đã xử lý tài khoản đăng tin")
    do(province, iid, "inspectorate_security", PEOPLE["inspector.tttt"],
       inspectorate_note="Phối hợp Công an xử lý theo thẩm quyền")
    do(province, iid, "copy_received", PEOPLE[TTTT], press_agency_level="local")
    province.runtime.correlate_message("correction_published", PEOPLE[TTTT], "PB-1")
    assert province.runtime.get(iid).status == "completed"
    ends = [el for kind, el in history_of(province, iid) if kind == "element_completed"
            and el in ("security_done", "copy_filed", "corrected")]
    assert sorted(ends) == ["copy_filed", "corrected", "security_done"]
    assert province.runtime.get(iid).variables["route_clause"] == "CT 1.e, KH III.2, CT 4.b"


def test_an_accurate_report_is_handled_and_the_press_informed(province, rebuttal):
    iid = rebuttal("accurate")
    do(province, iid, "handle", PEOPLE[YTE], handling_result="Đã chấn chỉnh bộ phận tiếp dân")
    do(province, iid, "inform_press", PEOPLE[YTE], inform_ref="45/SYT-VP")
    assert ended_at(province, iid) == "accurate"


def test_beyond_authority_goes_to_the_competent_decider(province, rebuttal):
    iid = rebuttal("beyond_authority")
    do(province, iid, "dossier", PEOPLE[YTE], dossier_ref="HS-1", dossier_summary="Đề xuất giao Sở TTTT")
    [authority] = open_tasks(province, iid)
    assert authority.candidate_groups == ["vp-ubnd-lanh-dao"]
    do(province, iid, "authority", PEOPLE["chief.vp"], authority_decision="Giao Sở TTTT xử lý")
    assert ended_at(province, iid) == "authority_done"


def test_late_verification_goes_to_the_unit_leaders(province, clock):
    deploy(province, *KEYS)
    iid = province.runtime.start("false_report_rebuttal", PEOPLE[TTTT], {"unit": "so-y-te"}).id
    clock.advance(days=1, seconds=1)
    province.runtime.fire_due_timers()
    escalation = next(t for t in open_tasks(province, iid) if t.element_id == "escalate_verify")
    assert escalation.candidate_groups == ["so-y-te-lanh-dao"] and escalation.priority == 90
    month = datetime(2026, 1, 1, tzinfo=LOCAL_TZ), datetime(2026, 2, 1, tzinfo=LOCAL_TZ)
    agencies = province.statistics.summary(PEOPLE["supervisor"], *month)["agencies"]
    assert agencies["so-y-te"]["escalations"] == 1  # counted against the late unit


def test_an_uncorrected_article_starts_an_inspection(province, rebuttal, clock):
    iid = rebuttal("false")
    respond(province, iid)
    do(province, iid, "copy_received", PEOPLE[TTTT], press_agency_level="local")
    clock.advance(days=2, seconds=1)  # Wednesday: reminder_days = 2
    province.runtime.fire_due_timers()
    assert province.runtime.get(iid).variables["chases"] == 1
    clock.advance(days=5)  # past correction_days
    province.runtime.fire_due_timers()
    [follow] = open_tasks(province, iid)
    assert follow.element_id == "escalate_correction" and follow.candidate_groups == ["so-tttt-ttbcxb"]
    do(province, iid, "escalate_correction", PEOPLE[TTTT], follow_up_action="wait_more",
       follow_up_note="Đã gọi điện")
    clock.advance(days=8)
    province.runtime.fire_due_timers()
    do(province, iid, "escalate_correction", PEOPLE[TTTT], follow_up_action="inspect",
       follow_up_note="Đề nghị Thanh tra Sở")
    [plan] = open_tasks(province, iid)
    assert plan.element_id == "inspection_plan" and plan.candidate_groups == ["so-tttt-thanh-tra"]
    variables = province.runtime.get(iid).variables
    assert variables["inspection_source"] == "rebuttal" and "PB-1" in variables["inspection_reason"]
    do(province, iid, "inspection_plan", PEOPLE["inspector.tttt"], inspection_ref="3/QĐ-TTr",
       inspection_scope="Việc không cải chính của Báo Mẫu")
    do(province, iid, "inspection_conclude", PEOPLE["inspector.tttt"], inspection_finding="violation",
       inspection_authority="within", inspection_measure="sanction",
       inspection_conclusion="Báo Mẫu không cải chính thông tin sai sự thật theo quy định")
    do(province, iid, "inspection_approve", PEOPLE["leader.thanhtra"], inspection_approval="approve")
    do(province, iid, "inspection_publish", PEOPLE["inspector.tttt"],
       inspection_results_url="https://stttt.example/ket-qua/1", inspection_public_summary="Xử phạt Báo Mẫu")
    assert ended_at(province, iid) == "inspected"
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired.count("no_correction") == 2 and "remind" in fired


def test_started_without_a_case_number_it_gets_one_from_the_clock(province):
    deploy(province, *KEYS)
    inst = province.runtime.start("false_report_rebuttal", PEOPLE[TTTT], {"unit": "so-y-te"})
    assert inst.variables["case_number"] == "PB-20260105080000"  # Monday 5 January 2026, 08:00 Hanoi


def test_for_a_district_its_culture_and_information_office_drafts_the_response(province):
    deploy(province, *KEYS)
    iid = province.runtime.start("false_report_rebuttal", PEOPLE[TTTT], {"unit": "ubnd-bien-hoa"}).id
    do(province, iid, "verify", "officer.bienhoa", **ARTICLE, finding="false")
    [draft] = open_tasks(province, iid)
    assert draft.candidate_groups == ["ubnd-bien-hoa", "ubnd-bien-hoa-vhtt"]
    do(province, iid, "draft_response", "officer.vhtt", response_text="Phòng VHTT tham mưu phản hồi")
    do(province, iid, "secrecy_leader_review", "leader.bienhoa", secrecy_decision="release",
       consult_police=False)
    [approve] = open_tasks(province, iid)
    assert approve.candidate_groups == ["ubnd-bien-hoa-lanh-dao"]


def test_a_late_response_goes_to_the_unit_leaders_then_above_the_unit(province, rebuttal, clock):
    iid = rebuttal("false")  # verified Monday 08:00: the response is due Tuesday 08:00
    clock.advance(days=1, seconds=1)
    province.runtime.fire_due_timers()
    [first] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_response"]
    assert first.candidate_groups == ["so-y-te-lanh-dao"] and first.priority == 90
    clock.advance(days=1)
    province.runtime.fire_due_timers()
    [above] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_response_above"]
    assert sorted(above.candidate_groups) == ["so-tttt-lanh-dao", "vp-ubnd-lanh-dao"]
    do(province, iid, "escalate_response_above", "deputy.vp", response_above_instruction="Gửi ngay hôm nay")
    do(province, iid, "escalate_response", LEADER, response_instruction="Hoàn thành trong ngày")
    respond(province, iid)
    assert open_elements(province, iid) == ["copy_received"]
    month = datetime(2026, 1, 1, tzinfo=LOCAL_TZ), datetime(2026, 2, 1, tzinfo=LOCAL_TZ)
    agencies = province.statistics.summary(PEOPLE["supervisor"], *month)["agencies"]
    assert agencies["so-y-te"]["escalations"] == 2
