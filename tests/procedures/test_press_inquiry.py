"""press_inquiry walked as the demo users: credentials, forwarding, VP UBND deciding the competent unit,
four-eyes approval, secrecy review, escalation above the unit, publication on the unit's site and the
portal, and the per-agency statistics of forwards, declines and escalations."""
from __future__ import annotations

from datetime import timedelta

import pytest

from engine.errors import Forbidden, NotFound, ScriptError, ValidationFailed
from engine.identity import SYSTEM, Actor
from engine.rules.four_eyes import FourEyesViolation

from .conftest import PEOPLE, deploy
from .walk import INQUIRY, do, ended_at, history_of, open_elements, open_tasks

CARD = {"journalist_name": "Nguyễn Văn A", "press_agency": "Báo Đồng Nai", "credential_type": "press_card",
        "credential_number": "HNB-0123", "credential_valid_until": "2026-12-31",
        "question": "Số ca sốt xuất huyết tháng này?"}
YTE = "spokesperson.yte"


@pytest.fixture
def inquiry(province):
    deploy(province, "press_inquiry", "secrecy_review", "portal_publication")

    def start(**variables):
        return province.runtime.start("press_inquiry", PEOPLE[YTE], {**INQUIRY, **variables}).id
    return start


def _answer(engine, iid, who=YTE, leader="leader.yte", **answer):
    """From routing to the answer in the competent unit, released in full."""
    do(engine, iid, "route", who, competent="yes", spokesperson=who)
    do(engine, iid, "draft", who, answer_text="Tháng này có 120 ca sốt xuất huyết.")
    do(engine, iid, "approve", leader, approval="approve")
    do(engine, iid, "secrecy_leader_review", leader, secrecy_decision="release")
    do(engine, iid, "answer", who, **{"answer_channel": "email", "release_form": "answer_only", **answer})


def test_an_expired_card_cannot_be_valid_and_nothing_changes(province, inquiry):
    iid = inquiry()
    with pytest.raises(ValidationFailed) as refused:
        do(province, iid, "intake", YTE, **{**CARD, "credential_valid_until": "2026-01-04"},
           credentials_ok="yes")
    assert [e["field"] for e in refused.value.errors] == ["credential_valid_until"]
    assert "expired on 04/01/2026" in refused.value.errors[0]["message"]
    with pytest.raises(ValidationFailed) as no_number:
        do(province, iid, "intake", YTE, **{**CARD, "credential_number": ""}, credentials_ok="yes")
    assert [e["field"] for e in no_number.value.errors] == ["credential_number"]
    assert open_elements(province, iid) == ["intake"]
    assert "task_completed" not in [kind for kind, _ in history_of(province, iid)]


def test_a_refused_journalist_is_told_and_an_impersonation_goes_to_vp_police_and_tttt(province, inquiry):
    iid = inquiry()
    do(province, iid, "intake", YTE, **{**CARD, "credential_type": "none", "credential_number": ""},
       impersonation_suspected=True, credentials_ok="no",
       refusal_reason="Không xuất trình thẻ nhà báo; nghi vấn giả danh phóng viên")
    tasks = {t.element_id: t for t in open_tasks(province, iid)}
    assert sorted(tasks) == ["notify_police", "notify_tttt", "notify_vp", "tell_refused"]
    assert {k: t.candidate_groups for k, t in tasks.items() if k != "tell_refused"} == {
        "notify_vp": ["vp-ubnd"], "notify_police": ["cong-an-pa03"], "notify_tttt": ["so-tttt"]}
    assert all(t.due_at.startswith("2026-01-06T01:00") for t in tasks.values())
    do(province, iid, "tell_refused", YTE, refusal_channel="in_person",
       refusal_notice="Đề nghị xuất trình thẻ nhà báo hoặc giấy giới thiệu của cơ quan báo chí")
    do(province, iid, "notify_vp", "officer.vp", vp_handling="Đã phối hợp với Công an tỉnh")
    do(province, iid, "notify_police", "officer.congan", police_handling="Xác minh danh tính")
    do(province, iid, "notify_tttt", "officer.tttt", tttt_handling="Đối chiếu danh sách phóng viên")
    assert ended_at(province, iid) == "refused_credentials"
    assert province.runtime.get(iid).variables["outcome"] == "refused_impersonation"


def test_a_start_that_does_not_fill_in_the_start_form_is_refused(province, inquiry):
    with pytest.raises(ValidationFailed) as refused:
        province.runtime.start("press_inquiry", PEOPLE[YTE], {"unit": "so-y-te", "answer_days": 0})
    assert {e["field"] for e in refused.value.errors} == {"journalist_name", "press_agency", "question",
                                                          "answer_days"}
    assert province.runtime.list(definition="press_inquiry")[1] == 0


def test_another_agencys_officer_cannot_see_or_take_the_request(province, inquiry):
    iid = inquiry()
    [intake] = open_tasks(province, iid)
    assert intake.candidate_groups == ["so-y-te"] and intake.form == "press_inquiry_intake"
    with pytest.raises(NotFound):
        province.tasks.complete(intake.id, PEOPLE["officer.bienhoa"], {"credentials_ok": "yes"})
    with pytest.raises(Forbidden):
        province.runtime.start("press_inquiry", PEOPLE["auditor"], {"unit": "so-y-te"})


def test_a_second_forward_goes_to_vp_ubnd_which_decides_the_competent_unit(province, inquiry):
    iid = inquiry()
    do(province, iid, "intake", YTE, **CARD, credentials_ok="yes")
    with pytest.raises(ScriptError, match="forward_to"):
        do(province, iid, "route", YTE, competent="forward", forward_to="so-y-te")
    do(province, iid, "route", YTE, competent="forward", forward_to="ubnd-bien-hoa")
    [route] = open_tasks(province, iid)
    assert route.element_id == "route" and route.candidate_groups == ["ubnd-bien-hoa"]
    do(province, iid, "route", "officer.bienhoa", competent="forward", forward_to="cong-an")
    [decide] = open_tasks(province, iid)  # not forwarded twice: VP UBND's leaders decide
    assert decide.element_id == "decide_competent" and decide.candidate_groups == ["vp-ubnd-lanh-dao"]
    with pytest.raises(NotFound):
        province.tasks.complete(decide.id, PEOPLE["officer.vp"], {"competent_unit": "cong-an"})
    do(province, iid, "decide_competent", "chief.vp", competent_unit="ubnd-bien-hoa",
       decision_note="Thuộc thẩm quyền UBND thành phố Biên Hòa")
    [route] = open_tasks(province, iid)
    assert route.candidate_groups == ["ubnd-bien-hoa"]
    do(province, iid, "route", "officer.bienhoa", competent="forward", forward_to="so-y-te")
    assert open_elements(province, iid) == ["decide_competent"]  # still no second forward


def test_a_declining_unit_goes_to_vp_ubnd_and_the_decided_unit_answers(province, inquiry):
    iid = inquiry()
    do(province, iid, "intake", YTE, **CARD, credentials_ok="yes")
    with pytest.raises(ScriptError, match="decline_reason"):
        do(province, iid, "route", YTE, competent="decline")
    do(province, iid, "route", YTE, competent="decline", decline_reason="Thuộc lĩnh vực an ninh trật tự")
    do(province, iid, "decide_competent", "deputy.vp", competent_unit="so-y-te",
       decision_note="Số liệu dịch bệnh do Sở Y tế cung cấp")
    _answer(province, iid)
    assert ended_at(province, iid) == "answered"
    assert province.runtime.get(iid).variables["decided_by_vp"] is True


def test_the_drafter_cannot_approve_their_own_answer(province, inquiry):
    iid = inquiry()
    do(province, iid, "intake", YTE, **CARD, credentials_ok="yes")
    do(province, iid, "route", YTE, competent="yes", spokesperson=YTE)
    drafter = PEOPLE["leader.yte"]  # a leader drafting the answer himself …
    draft = next(t for t in open_tasks(province, iid) if t.element_id == "draft")
    province.tasks.assign(draft.id, None, PEOPLE["supervisor"])
    both = Actor(drafter.username, drafter.roles, drafter.groups | {"so-y-te"})
    do(province, iid, "draft", both, answer_text="Dự thảo của lãnh đạo")
    [approve] = open_tasks(province, iid)
    assert approve.candidate_groups == ["so-y-te-lanh-dao"]
    with pytest.raises(FourEyesViolation):  # … may not approve it: another leader does
        province.tasks.complete(approve.id, both, {"approval": "approve"})
    with pytest.raises(FourEyesViolation):
        province.tasks.claim(approve.id, both)
    assert open_elements(province, iid) == ["approve"]
    with pytest.raises(NotFound):  # and the unit's officers are not its approvers
        province.tasks.complete(approve.id, PEOPLE[YTE], {"approval": "approve"})


def test_refused_under_secrecy_after_the_police_are_consulted(province, inquiry):
    iid = inquiry(unit="cong-an")
    congan = "officer.congan"
    do(province, iid, "intake", congan, **CARD, credentials_ok="yes")
    do(province, iid, "route", congan, competent="yes", spokesperson=congan)
    do(province, iid, "draft", congan, answer_text="Vụ việc đang điều tra")
    do(province, iid, "approve", "leader.congan", approval="approve")
    do(province, iid, "secrecy_leader_review", "leader.congan", secrecy_decision="refuse",
       secrecy_note="Bí mật điều tra (Bộ luật Tố tụng hình sự)")
    do(province, iid, "refusal_notice", congan, refusal_text="Vụ việc đang được điều tra")
    assert ended_at(province, iid) == "refused_secret"


def test_happy_path_answered_published_on_the_units_site_and_the_portal(province, inquiry):
    iid = inquiry()
    do(province, iid, "intake", YTE, **CARD, credentials_ok="yes")
    _answer(province, iid, release_form="statement")
    tasks = {t.element_id: t for t in open_tasks(province, iid)}
    assert sorted(tasks) == ["portal_edit", "publish_site"]  # at the same time
    assert all(t.due_at is not None for t in tasks.values())
    do(province, iid, "publish_site", YTE, unit_site_url="https://syt.dongnai.gov.vn/tin/1")
    do(province, iid, "portal_edit", "officer.vp", portal_title="Sở Y tế trả lời báo chí",
       portal_summary="Tình hình sốt xuất huyết")
    do(province, iid, "portal_approve", "chief.vp", portal_decision="approve")
    do(province, iid, "portal_publish", "officer.vp", portal_url="https://dongnai.gov.vn/tin/9")
    assert ended_at(province, iid) == "published"
    data = province.runtime.get(iid).variables
    assert data["portal_url"] == "https://dongnai.gov.vn/tin/9" and data["item_kind"] == "statement"


def test_a_statement_skips_the_portal_only_with_a_reason_and_serious_incidents_are_statements(
        province, inquiry):
    iid = inquiry()
    do(province, iid, "intake", YTE, **CARD, credentials_ok="yes")
    do(province, iid, "route", YTE, competent="yes", spokesperson=YTE, serious_incident=True)
    do(province, iid, "draft", YTE, answer_text="Thông cáo về ổ dịch")
    do(province, iid, "approve", "leader.yte", approval="approve")
    do(province, iid, "secrecy_leader_review", "leader.yte", secrecy_decision="release")
    with pytest.raises(ScriptError, match="CT 1.d"):
        do(province, iid, "answer", YTE, answer_channel="email", release_form="answer_only")
    do(province, iid, "answer", YTE, answer_channel="press_conference", release_form="statement",
       portal_skip_reason="Cổng đã đăng thông cáo cùng nội dung hôm qua")
    assert open_elements(province, iid) == ["publish_site"]
    do(province, iid, "publish_site", YTE, unit_site_url="https://syt.dongnai.gov.vn/tin/3")
    assert ended_at(province, iid) == "published"


def test_a_late_answer_escalates_to_the_units_leaders_then_to_vp_ubnd_and_so_tttt(province, inquiry, clock):
    iid = inquiry(answer_days=3)  # Monday 5 Jan 08:00: due Thursday 8 Jan 08:00, reminder Wednesday
    do(province, iid, "intake", YTE, **CARD, credentials_ok="yes")
    do(province, iid, "route", YTE, competent="yes", spokesperson=YTE)
    clock.advance(days=2, seconds=1)
    province.runtime.fire_due_timers()
    assert province.runtime.get(iid).variables["reminders_sent"] == 1
    clock.advance(days=1)
    province.runtime.fire_due_timers()
    [first] = [t for t in open_tasks(province, iid) if t.element_id == "escalate"]
    assert first.candidate_groups == ["so-y-te-lanh-dao"] and first.priority == 90  # not back to so-y-te
    do(province, iid, "escalate", "leader.yte", escalation_instruction="Trả lời ngay trong ngày")
    clock.advance(days=4)  # Monday 12 Jan: two working days after the deadline, still no answer
    province.runtime.fire_due_timers()
    [above] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_above"]
    assert above.candidate_groups == ["vp-ubnd-lanh-dao", "so-tttt-lanh-dao"]
    do(province, iid, "escalate_above", "leader.tttt",
       escalation_above_instruction="Đôn đốc Sở Y tế trả lời ngay")
    do(province, iid, "draft", YTE, answer_text="Nội dung trả lời nhà báo")
    do(province, iid, "approve", "leader.yte", approval="approve")
    do(province, iid, "secrecy_leader_review", "leader.yte", secrecy_decision="release")
    do(province, iid, "answer", YTE, answer_channel="email", release_form="answer_only")
    assert ended_at(province, iid) == "answered"
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired == ["remind", "overdue", "overdue_above"]


def test_answered_in_time_no_timer_fires(province, inquiry, clock):
    iid = inquiry()
    do(province, iid, "intake", YTE, **CARD, credentials_ok="yes")
    _answer(province, iid)
    clock.advance(days=30)
    assert province.runtime.fire_due_timers() == 0
    assert ended_at(province, iid) == "answered"


def test_forwards_declines_and_escalations_are_counted_per_agency(province, inquiry, clock):
    t0 = clock.now()
    forwarded, declined, late = inquiry(), inquiry(), inquiry(answer_days=1)
    for iid in (forwarded, declined, late):
        do(province, iid, "intake", YTE, **CARD, credentials_ok="yes")
    do(province, forwarded, "route", YTE, competent="forward", forward_to="ubnd-bien-hoa")
    do(province, forwarded, "route", "officer.bienhoa", competent="forward", forward_to="so-tttt")
    do(province, declined, "route", YTE, competent="decline", decline_reason="Không thuộc lĩnh vực y tế")
    do(province, late, "route", YTE, competent="yes", spokesperson=YTE)
    clock.advance(days=1, seconds=1)
    province.runtime.fire_due_timers()
    stats = province.statistics.summary(SYSTEM, t0, t0 + timedelta(days=7))
    assert stats["agencies"] == {
        "so-y-te": {"forwards": 1, "declines": 1, "escalations": 1},
        "ubnd-bien-hoa": {"forwards": 1, "declines": 0, "escalations": 0}}
