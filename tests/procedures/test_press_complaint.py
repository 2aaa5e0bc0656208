"""press_complaint: hotline intake, verification, the impersonation path to Police, the inspection with
Police and the Journalists' Association under a deadline with reminder and escalation, the decision
and its publication, and the complainant's answer."""
from __future__ import annotations

import pytest

from engine.errors import Forbidden, NotFound, ScriptError

from .conftest import PEOPLE, deploy
from .walk import do, ended_at, history_of, open_elements, open_tasks

TTTT, INSPECTOR = "officer.tttt", "inspector.tttt"
CALL = {"channel": "phone", "complainant_name": "Trần Thị B", "complainant_phone": "0912 345 678",
        "category": "impersonation", "press_agency": "Người tự xưng phóng viên báo X",
        "complaint_text": "Một người tự xưng phóng viên đòi tiền để không đăng bài"}


@pytest.fixture
def complaint(province):
    deploy(province, "press_complaint")

    def start(finding: str, press_card: str = "none", **variables):
        iid = province.runtime.start("press_complaint", PEOPLE[TTTT], {"complaint_number": "KN-1",
                                                                        **variables}).id
        do(province, iid, "intake", TTTT, **CALL)
        do(province, iid, "verify", TTTT, press_card=press_card, verification_result=finding,
           verification_notes="Đã liên hệ cơ quan báo chí, tra cứu danh sách thẻ nhà báo")
        return iid
    return start


def _inspect(engine, iid, finding: str = "violation"):
    do(engine, iid, "inspection_plan", INSPECTOR, inspection_ref="15/QĐ-TTr",
       inspection_scope="Hoạt động của văn phòng đại diện báo X")
    do(engine, iid, "police_input", "officer.congan", police_opinion="Không có dấu hiệu hình sự")
    do(engine, iid, "association_input", "officer.hnb", ethics_breach="yes",
       association_opinion="Phóng viên vi phạm quy định đạo đức nghề nghiệp")
    do(engine, iid, "conclusion", INSPECTOR, inspection_finding=finding,
       conclusion_text="Kết luận: phóng viên vi phạm quy định về hoạt động báo chí")


def _decide_and_publish(engine, iid, decision: str, text: str):
    do(engine, iid, "decision", TTTT, decision=decision, decision_ref="20/QĐ-STTTT", decision_text=text)
    do(engine, iid, "publish_results", TTTT, results_url="https://stttt.laichau.gov.vn/ket-qua/1",
       public_summary=f"Kết quả xử lý phản ánh: {text}")
    assert ended_at(engine, iid) == "published"


def _answer(engine, iid):
    do(engine, iid, "answer_complainant", TTTT, answer_channel="phone", answer_text="Đã xác minh, trả lời")


def test_an_unfounded_complaint_is_answered(province, complaint):
    iid = complaint("unfounded", press_card="valid")
    [answer] = open_tasks(province, iid)
    assert answer.element_id == "answer_complainant" and answer.candidate_groups == ["so-tttt"]
    _answer(province, iid)
    assert ended_at(province, iid) == "answered"


def test_an_impersonated_journalist_goes_to_police(province, complaint):
    iid = complaint("impersonation")
    [police] = open_tasks(province, iid)
    assert police.candidate_groups == ["cong-an"]
    with pytest.raises(NotFound):  # the Journalists' Association does not take Police work
        province.tasks.complete(police.id, PEOPLE["officer.hnb"], {"police_ref": "x"})
    do(province, iid, "police", "officer.congan", police_ref="CA-12", police_action="administrative",
       police_result="Xử phạt hành vi mạo danh phóng viên")
    assert ended_at(province, iid) == "police_done"


def test_impersonation_is_refused_when_the_press_card_is_valid(province, complaint):
    deploy(province, "press_complaint")
    iid = province.runtime.start("press_complaint", PEOPLE[TTTT]).id
    do(province, iid, "intake", TTTT, **CALL)
    with pytest.raises(ScriptError, match="valid press card"):
        do(province, iid, "verify", TTTT, press_card="valid", verification_result="impersonation",
           verification_notes="Thẻ hợp lệ")
    assert open_elements(province, iid) == ["verify"]


def test_inspection_with_police_and_association_then_sanction_made_public(province, complaint):
    iid = complaint("violation", press_card="valid")
    [plan] = open_tasks(province, iid)
    assert plan.candidate_groups == ["so-tttt-thanh-tra"]
    assert plan.due_at.startswith("2026-01-26T01:00")  # inspection_days = 15 working days
    do(province, iid, "inspection_plan", INSPECTOR, inspection_ref="15/QĐ-TTr",
       inspection_scope="Hoạt động của văn phòng đại diện báo X")
    assert open_elements(province, iid) == ["association_input", "police_input"]
    association = next(t for t in open_tasks(province, iid) if t.element_id == "association_input")
    with pytest.raises(NotFound):
        province.tasks.complete(association.id, PEOPLE["officer.congan"], {"ethics_breach": "no"})
    do(province, iid, "police_input", "officer.congan", police_opinion="Không có dấu hiệu hình sự")
    do(province, iid, "association_input", "officer.hnb", ethics_breach="yes",
       association_opinion="Vi phạm quy định đạo đức nghề nghiệp")
    do(province, iid, "conclusion", INSPECTOR, inspection_finding="violation",
       conclusion_text="Kết luận: phóng viên vi phạm quy định về hoạt động báo chí")
    [decision] = open_tasks(province, iid)
    with pytest.raises(NotFound):  # the Director's decision is Sở TTTT's, not the Inspectorate's
        province.tasks.complete(decision.id, PEOPLE[INSPECTOR], {"decision": "sanction"})
    _decide_and_publish(province, iid, "sanction", "Phạt tiền theo Nghị định 119/2020/NĐ-CP")
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed == ["intake", "verify", "inspection_plan", "police_input", "association_input",
                         "conclusion", "decision", "publish_results"]


def test_inspection_finds_no_violation_and_the_complainant_is_answered(province, complaint, clock):
    iid = complaint("violation", press_card="valid")
    _inspect(province, iid, "no_violation")
    do(province, iid, "decision", TTTT, decision="no_violation", decision_ref="21/TB-STTTT",
       decision_text="Không có vi phạm")
    _answer(province, iid)
    assert ended_at(province, iid) == "answered"
    clock.advance(days=60)
    assert province.runtime.fire_due_timers() == 0  # the inspection's timers ended with it


def test_inspection_reminder_then_escalation_to_the_director(province, complaint, clock):
    iid = complaint("violation", press_card="valid", inspection_days=5, reminder_days=1)
    clock.advance(days=4, seconds=1)  # Friday 9 January: one working day before Monday's deadline
    assert province.runtime.fire_due_timers() == 1
    assert province.runtime.get(iid).variables["reminders_sent"] == 1
    assert "escalate" not in open_elements(province, iid)
    clock.advance(days=3)  # Monday 12 January, past the deadline
    province.runtime.fire_due_timers()
    [escalation] = [t for t in open_tasks(province, iid) if t.element_id == "escalate"]
    assert escalation.candidate_groups == ["so-tttt"] and escalation.priority == 90
    overdue = [t.element_id for t in province.tasks.list(PEOPLE[INSPECTOR], overdue=True)[0]]
    assert overdue == ["inspection_plan"]
    do(province, iid, "escalate", TTTT, escalation_instruction="Hoàn thành thanh tra trong tuần")
    _inspect(province, iid)
    _decide_and_publish(province, iid, "warning", "Nhắc nhở, yêu cầu khắc phục")
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired == ["inspection_remind", "inspection_overdue"]


def test_refusals_wrong_starter_and_no_way_to_answer(province):
    deploy(province, "press_complaint")
    with pytest.raises(Forbidden):  # the hotline is Sở TTTT's
        province.runtime.start("press_complaint", PEOPLE["officer.bienhoa"])
    iid = province.runtime.start("press_complaint", PEOPLE[TTTT]).id
    assert province.runtime.get(iid).variables["complaint_number"].startswith("KN-2026")
    [intake] = open_tasks(province, iid)
    assert intake.due_at.startswith("2026-01-12T01:00")  # verify_days = 5 working days
    anonymous = {k: v for k, v in CALL.items() if k not in ("complainant_phone", "complainant_name")}
    with pytest.raises(ScriptError, match="complainant_phone or complainant_email"):
        do(province, iid, "intake", TTTT, **anonymous)
    assert open_elements(province, iid) == ["intake"]
    with pytest.raises(NotFound):
        province.tasks.complete(intake.id, PEOPLE["officer.bienhoa"], CALL)
    do(province, iid, "intake", TTTT, **anonymous, complainant_email="nguoidan@example.vn")
    assert open_elements(province, iid) == ["verify"]
