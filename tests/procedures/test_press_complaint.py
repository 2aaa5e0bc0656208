"""press_complaint: hotline intake by the press office, verification with Thanh tra Sở (Police and the
Journalists' Association when asked), the impersonation path telling VP UBND, Police and Sở TTTT, the
inspection through press_inspection, and the complainant answered on every path."""
from __future__ import annotations

import pytest

from engine.errors import Forbidden, NotFound, ScriptError

from .conftest import PEOPLE, deploy
from .walk import do, ended_at, history_of, open_elements, open_tasks

TTTT, INSPECTOR = "officer.tttt", "inspector.tttt"
CALL = {"channel": "phone", "complainant_name": "Trần Thị B", "complainant_phone": "0912 345 678",
        "category": "impersonation", "press_agency": "Người tự xưng phóng viên báo X",
        "complaint_text": "Một người tự xưng phóng viên đòi tiền để không đăng bài"}
KEYS = ("press_complaint", "press_inspection")


@pytest.fixture
def complaint(province):
    deploy(province, *KEYS)

    def start(finding: str, press_card: str = "none", consulted=(), **variables):
        iid = province.runtime.start("press_complaint", PEOPLE[TTTT], {"complaint_number": "KN-1",
                                                                        **variables}).id
        do(province, iid, "intake", TTTT, **CALL, consulted=list(consulted))
        do(province, iid, "consult_input", INSPECTOR, consult_opinion="Thanh tra Sở đã đối chiếu hồ sơ")
        for who in {"police_security": "officer.congan", "journalists": "officer.hnb"}.items():
            if who[0] in consulted:
                do(province, iid, "consult_input", who[1], consult_opinion=f"Ý kiến phối hợp của {who[1]}")
        do(province, iid, "verify", TTTT, press_card=press_card, verification_result=finding,
           verification_notes="Đã liên hệ cơ quan báo chí, tra cứu danh sách thẻ nhà báo")
        return iid
    return start


def answer(engine, iid, end: str = "answered"):
    [task] = open_tasks(engine, iid)
    assert task.element_id == "answer_complainant" and task.candidate_groups == ["so-tttt-ttbcxb"]
    assert task.due_at
    do(engine, iid, "answer_complainant", TTTT, answer_channel="phone", answer_text="Đã xác minh, trả lời")
    assert ended_at(engine, iid) == end


def test_an_unfounded_complaint_is_answered(province, complaint):
    iid = complaint("unfounded", press_card="valid")
    answer(province, iid)


def test_verification_asks_the_inspectorate_and_the_units_chosen(province):
    deploy(province, *KEYS)
    iid = province.runtime.start("press_complaint", PEOPLE[TTTT]).id
    do(province, iid, "intake", TTTT, **CALL, consulted=["police_security", "journalists"])
    groups = sorted(t.candidate_groups[0] for t in open_tasks(province, iid))
    assert groups == ["cong-an-pa03", "hoi-nha-bao", "so-tttt-thanh-tra"]
    [hnb] = [t for t in open_tasks(province, iid) if t.candidate_groups == ["hoi-nha-bao"]]
    with pytest.raises(NotFound):
        province.tasks.complete(hnb.id, PEOPLE["officer.congan"], {"consult_opinion": "Không phải việc"})


def test_an_impersonated_journalist_is_reported_to_vp_ubnd_police_and_so_tttt(province, complaint):
    iid = complaint("impersonation")
    tasks = {t.element_id: t.candidate_groups for t in open_tasks(province, iid)}
    assert tasks == {"police": ["cong-an-pa03"], "notify_vp": ["vp-ubnd"],
                     "notify_tttt": ["so-tttt-lanh-dao"]}
    do(province, iid, "police", "officer.congan", police_ref="CA-12", police_action="administrative",
       police_result="Xử phạt hành vi mạo danh phóng viên")
    do(province, iid, "notify_vp", "officer.vp", vp_note="Đã ghi nhận, báo cáo Chánh Văn phòng")
    assert open_elements(province, iid) == ["notify_tttt"]
    do(province, iid, "notify_tttt", "leader.tttt", tttt_note="Theo dõi, tổng hợp vụ việc")
    answer(province, iid, "police_done")


def test_impersonation_is_refused_when_the_press_card_is_valid(province):
    deploy(province, *KEYS)
    iid = province.runtime.start("press_complaint", PEOPLE[TTTT]).id
    do(province, iid, "intake", TTTT, **CALL)
    do(province, iid, "consult_input", INSPECTOR, consult_opinion="Thanh tra Sở đã đối chiếu hồ sơ")
    with pytest.raises(ScriptError, match="valid press card"):
        do(province, iid, "verify", TTTT, press_card="valid", verification_result="impersonation",
           verification_notes="Thẻ hợp lệ")
    assert open_elements(province, iid) == ["verify"]


@pytest.mark.parametrize("finding, end, inner", [("violation", "published", "inspection_published"),
                                                 ("no_violation", "answered", "inspection_no_violation")])
def test_a_suspected_violation_is_inspected_and_the_complainant_answered(province, complaint, finding,
                                                                        end, inner):
    iid = complaint("violation", press_card="valid", consulted=["journalists"])
    [plan] = open_tasks(province, iid)
    assert plan.element_id == "inspection_plan" and plan.candidate_groups == ["so-tttt-thanh-tra"]
    assert province.runtime.get(iid).variables["inspection_source"] == "complaint"
    do(province, iid, "inspection_plan", INSPECTOR, inspection_ref="15/QĐ-TTr",
       inspection_scope="Hoạt động của văn phòng đại diện báo X", inspection_coordinators=["journalists"])
    do(province, iid, "inspection_coordinate", "officer.hnb",
       coordination_opinion="Phóng viên vi phạm quy định đạo đức nghề nghiệp")
    do(province, iid, "inspection_conclude", INSPECTOR, inspection_finding=finding,
       inspection_authority="within", inspection_measure="warning" if finding == "violation" else "none",
       inspection_conclusion="Kết luận thanh tra hoạt động của phóng viên báo X")
    do(province, iid, "inspection_approve", "leader.thanhtra", inspection_approval="approve")
    if finding == "violation":
        do(province, iid, "inspection_publish", INSPECTOR, inspection_results_url="https://stttt.example/kq",
           inspection_public_summary="Nhắc nhở phóng viên báo X")
    answer(province, iid, end)
    completed = [el for kind, el in history_of(province, iid) if kind == "element_completed"]
    assert inner in completed


def test_late_verification_goes_to_the_department_leaders(province, clock):
    deploy(province, *KEYS)
    iid = province.runtime.start("press_complaint", PEOPLE[TTTT], {"verify_days": 2}).id
    do(province, iid, "intake", TTTT, **CALL)
    do(province, iid, "consult_input", INSPECTOR, consult_opinion="Thanh tra Sở đã đối chiếu hồ sơ")
    clock.advance(days=2, seconds=1)
    province.runtime.fire_due_timers()
    [escalation] = [t for t in open_tasks(province, iid) if t.element_id == "escalate"]
    assert escalation.candidate_groups == ["so-tttt-lanh-dao"] and escalation.priority == 90
    do(province, iid, "escalate", "leader.tttt", escalation_instruction="Hoàn thành xác minh ngay")
    assert open_elements(province, iid) == ["verify"]


def test_refusals_wrong_starter_and_no_way_to_answer(province):
    deploy(province, *KEYS)
    with pytest.raises(Forbidden):  # the hotline is the press office's
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
    assert open_elements(province, iid) == ["consult_input"]


def test_a_late_answer_to_the_complainant_goes_to_the_press_office_leaders(province, complaint, clock):
    iid = complaint("unfounded", press_card="valid")
    clock.advance(days=2, seconds=1)  # answer_days = 2 working days
    province.runtime.fire_due_timers()
    [late] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_answer_complainant"]
    assert late.candidate_groups == ["so-tttt-ttbcxb-lanh-dao"] and late.priority == 90
    do(province, iid, "escalate_answer_complainant", "leader.ttbcxb",
       escalation_answer_complainant_instruction="Trả lời người dân trong ngày")
    answer(province, iid)
