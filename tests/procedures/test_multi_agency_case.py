"""multi_agency_case: the lead agency's spokesperson speaks on a serious incident, every release is
secrecy-reviewed by the lead agency's leader and published on its site and the portal (the Chief of
Office approving) during the case; coordination with Ban Tuyên giáo, VP UBND and Sở TTTT plus further
agencies; press updates on a timer cycle; the advice signed by a leader who did not consolidate."""
from __future__ import annotations

import pytest

from engine.errors import Forbidden, NotFound, ScriptError

from .conftest import PEOPLE, deploy
from .publishing import CALLED, portal, review, site
from .walk import do, ended_at, history_of, open_elements, open_tasks

YTE, LEADER = "spokesperson.yte", "leader.yte"
REPORT = {"case_title": "Ngộ độc thực phẩm tại trường học", "case_summary": "Nhiều học sinh nhập viện",
          "public_interest": "serious", "proposed_lead": "so-y-te"}
NAMED = [("coord_btg", "officer.btg", {"btg_orientation": "Định hướng đưa tin khách quan"}),
         ("coord_vp", "officer.vp", {"vp_input": "Đã báo cáo Chủ tịch UBND tỉnh"}),
         ("coord_tttt", "officer.tttt", {"tttt_guidance": "Hướng dẫn báo chí, theo dõi mạng xã hội"})]
OFFICER_OF = {"cong-an": "officer.congan", "ubnd-bien-hoa": "officer.bienhoa"}


@pytest.fixture
def case(province):
    deploy(province, "multi_agency_case", *CALLED)

    def start(serious: str = "yes", lead: str = "so-y-te", **variables):
        iid = province.runtime.start("multi_agency_case", PEOPLE["officer.vp"],
                                     {"case_number": "VV-1", **variables}).id
        do(province, iid, "report", "officer.vp", **REPORT)
        do(province, iid, "designate", "supervisor", lead_agency=lead, serious_incident=serious,
           designation_note="Giao cơ quan chủ trì")
        return iid
    return start


def _coordinate(engine, iid, extra: str = ""):
    do(engine, iid, "plan", YTE, extra_agencies=extra, coordination_request="Đề nghị cung cấp thông tin")
    for element, who, data in NAMED:
        do(engine, iid, element, who, **data)
    for task in [t for t in open_tasks(engine, iid) if t.element_id == "coord_other"]:
        [group] = task.candidate_groups
        engine.tasks.complete(task.id, PEOPLE[OFFICER_OF[group]], {"agency_input": f"Thông tin của {group}"})


def _advise_and_close(engine, iid, decision: str = "close"):
    do(engine, iid, "consolidate", YTE, consolidated_report="Báo cáo tổng hợp ý kiến các cơ quan phối hợp")
    do(engine, iid, "advise", LEADER, advice="Đề xuất kết luận vụ việc, công bố kết quả")
    do(engine, iid, "authority", "supervisor", authority_decision=decision)


def _outcome(engine, iid):
    do(engine, iid, "result", YTE, result_channel="press_release", result_text="Đã xác định nguyên nhân")
    review(engine, iid, LEADER)
    site(engine, iid, "outcome_site", YTE, "https://syt.example/tin/ket-qua")
    portal(engine, iid, "https://portal.example/tin/ket-qua")
    do(engine, iid, "closure", YTE, closure_note="Đã xử lý xong, công bố kết quả")


def test_serious_incident_the_statement_is_reviewed_and_on_the_portal_before_coordination(province, case):
    iid = case("yes")
    [statement] = open_tasks(province, iid)
    assert statement.element_id == "statement" and statement.candidate_groups == ["so-y-te"]
    assert statement.priority == 85 and statement.due_at.startswith("2026-01-06T01:00")  # 1 working day
    do(province, iid, "statement", YTE, spokesperson=YTE, statement_channel="press_conference",
       statement_text="Các em đã được cấp cứu kịp thời")
    [secrecy] = open_tasks(province, iid)
    assert secrecy.element_id == "secrecy_leader_review" and secrecy.candidate_groups == ["so-y-te-lanh-dao"]
    review(province, iid, LEADER)
    [post] = open_tasks(province, iid)
    assert post.element_id == "stmt_site" and post.candidate_groups == ["so-y-te"] and post.due_at
    site(province, iid, "stmt_site", YTE, "https://syt.example/tin/phat-ngon")
    [edit] = open_tasks(province, iid)
    assert edit.element_id == "portal_edit" and edit.candidate_groups == ["vp-ubnd"]
    portal(province, iid, "https://portal.example/tin/phat-ngon")
    assert open_elements(province, iid) == ["plan"]  # published during the case, before coordination
    do(province, iid, "plan", YTE, extra_agencies="cong-an, ubnd-bien-hoa, so-y-te, cong-an",
       coordination_request="Đề nghị cung cấp thông tin")
    groups = sorted((t.element_id, tuple(t.candidate_groups)) for t in open_tasks(province, iid))
    # One task per further agency; the lead agency and a repeated choice get none.
    assert groups == [("coord_btg", ("ban-tuyen-giao-ttbcxb",)), ("coord_other", ("cong-an",)),
                      ("coord_other", ("ubnd-bien-hoa",)), ("coord_tttt", ("so-tttt",)),
                      ("coord_vp", ("vp-ubnd",))]
    police = next(t for t in open_tasks(province, iid) if t.candidate_groups == ["cong-an"])
    with pytest.raises(NotFound):  # another agency's officer cannot take the Police's task
        province.tasks.complete(police.id, PEOPLE["officer.bienhoa"], {"agency_input": "Không phải"})
    for element, who, data in NAMED:
        do(province, iid, element, who, **data)
    assert "consolidate" not in open_elements(province, iid)  # the join waits for every agency
    for task in [t for t in open_tasks(province, iid) if t.element_id == "coord_other"]:
        [group] = task.candidate_groups
        province.tasks.complete(task.id, PEOPLE[OFFICER_OF[group]], {"agency_input": f"Thông tin {group}"})
    _advise_and_close(province, iid)
    assert open_elements(province, iid) == ["result"]  # the outcome goes out before the case closes
    _outcome(province, iid)
    assert ended_at(province, iid) == "closed"
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed.count("portal_approve") == 2
    assert completed.index("portal_approve") < completed.index("plan")
    assert completed.index("outcome_site") < completed.index("closure")


def test_press_updates_are_published_in_each_cycle_and_skipping_the_portal_needs_a_reason(province, case,
                                                                                          clock):
    iid = case("no")
    assert open_elements(province, iid) == ["plan"]
    clock.advance(days=2, seconds=1)
    province.runtime.fire_due_timers()
    [update] = [t for t in open_tasks(province, iid) if t.element_id == "press_update"]
    assert update.candidate_groups == ["so-y-te"] and update.priority == 70 and update.due_at
    do(province, iid, "press_update", YTE, update_channel="press_release", update_text="Tiến độ xử lý")
    review(province, iid, LEADER)
    with pytest.raises(ScriptError, match="portal_skip_reason"):  # leaving the portal out needs a reason
        do(province, iid, "upd_site", YTE, site_url="https://syt.example/tin/2", to_portal="no")
    site(province, iid, "upd_site", YTE, "https://syt.example/tin/2")
    portal(province, iid, "https://portal.example/tin/2")
    clock.advance(days=2)
    province.runtime.fire_due_timers()
    do(province, iid, "press_update", YTE, update_channel="interview", update_text="Kết quả xét nghiệm")
    review(province, iid, LEADER)
    site(province, iid, "upd_site", YTE, "https://syt.example/tin/3", skip_reason="Chỉ trả lời phỏng vấn")
    assert "portal_edit" not in open_elements(province, iid)
    _coordinate(province, iid)
    _advise_and_close(province, iid)
    _outcome(province, iid)
    assert ended_at(province, iid) == "closed"
    clock.advance(days=10)
    province.runtime.fire_due_timers()
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired.count("update_due") == 2  # no updates once the case is closed
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed.count("upd_site") == 2 and completed.count("portal_publish") == 2


def test_a_late_update_goes_to_the_lead_agencys_leaders(province, case, clock):
    iid = case("no")
    clock.advance(days=2, seconds=1)
    province.runtime.fire_due_timers()
    clock.advance(days=1, seconds=1)  # Thursday 8 January, the update was due Wednesday
    province.runtime.fire_due_timers()
    [chase] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_update"]
    assert chase.candidate_groups == ["so-y-te-lanh-dao"] and chase.priority == 90
    do(province, iid, "escalate_update", LEADER, escalation_instruction="Cung cấp thông tin ngay")


def test_the_advice_is_signed_by_a_leader_who_did_not_consolidate(province, case):
    iid = case("no", lead="ubnd-bien-hoa")
    do(province, iid, "plan", "officer.bienhoa", coordination_request="Đề nghị phối hợp")
    for element, who, data in NAMED:
        do(province, iid, element, who, **data)
    do(province, iid, "consolidate", "supervisor", consolidated_report="Báo cáo tổng hợp ý kiến các cơ quan")
    [advise] = open_tasks(province, iid)
    assert advise.candidate_groups == ["ubnd-bien-hoa-lanh-dao"]
    with pytest.raises(Forbidden):
        province.tasks.complete(advise.id, PEOPLE["supervisor"], {"advice": "Tự đề xuất"})
    with pytest.raises(NotFound):  # an officer is not a leader
        province.tasks.complete(advise.id, PEOPLE["officer.bienhoa"], {"advice": "Đề xuất"})
    do(province, iid, "advise", "leader.bienhoa", advice="Đề xuất kết thúc")


@pytest.mark.parametrize("lead, officer, skipped", [("so-tttt", "officer.tttt", "coord_tttt"),
                                                    ("vp-ubnd", "officer.vp", "coord_vp")])
def test_a_named_agency_that_leads_does_not_coordinate_with_itself(province, case, lead, officer, skipped):
    iid = case("no", lead=lead)
    do(province, iid, "plan", officer, extra_agencies="cong-an", coordination_request="Đề nghị phối hợp")
    asked = [t.element_id for t in open_tasks(province, iid)]
    assert sorted(asked) == sorted({"coord_btg", "coord_vp", "coord_tttt", "coord_other"} - {skipped})


def test_refusals_wrong_people_and_unknown_agencies(province, case):
    with pytest.raises(Forbidden):
        province.runtime.start("multi_agency_case", PEOPLE["auditor"])
    with pytest.raises(ScriptError, match="update_every_days"):
        province.runtime.start("multi_agency_case", PEOPLE["officer.vp"], {"update_every_days": 0})
    iid = province.runtime.start("multi_agency_case", PEOPLE["officer.vp"]).id
    assert province.runtime.get(iid).variables["case_number"].startswith("VV-2026")
    do(province, iid, "report", "officer.vp", **REPORT)
    [designate] = open_tasks(province, iid)
    assert designate.candidate_groups == ["ubnd-tinh"]
    with pytest.raises(NotFound):  # only the competent authority designates the lead agency
        province.tasks.complete(designate.id, PEOPLE["officer.vp"], {"lead_agency": "vp-ubnd",
                                                                     "serious_incident": "no"})
    with pytest.raises(ScriptError, match="not an agency"):  # a code of another province
        do(province, iid, "designate", "supervisor", lead_agency="ubnd-tam-duong", serious_incident="no")
    assert open_elements(province, iid) == ["designate"]
    do(province, iid, "designate", "supervisor", lead_agency="ubnd-bien-hoa", serious_incident="no")
    with pytest.raises(ScriptError, match="extra_agencies"):
        do(province, iid, "plan", "officer.bienhoa", extra_agencies="ubnd-sin-ho",
           coordination_request="Đề nghị phối hợp")
    assert open_elements(province, iid) == ["plan"]


def test_late_work_climbs_above_the_unit_statement_to_its_leaders_advice_to_vp_ubnd(province, case, clock):
    iid = case("yes")
    clock.advance(days=1, seconds=1)  # Tuesday 6 January: the statement was due
    province.runtime.fire_due_timers()
    [chase] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_statement"]
    assert chase.candidate_groups == ["so-y-te-lanh-dao"] and chase.priority == 90
    do(province, iid, "escalate_statement", LEADER, escalation_instruction="Phát ngôn ngay")
    do(province, iid, "statement", YTE, spokesperson=YTE, statement_channel="press_conference",
       statement_text="Các em đã được cấp cứu kịp thời")
    review(province, iid, LEADER)
    site(province, iid, "stmt_site", YTE)
    portal(province, iid)
    _coordinate(province, iid)
    do(province, iid, "consolidate", YTE, consolidated_report="Báo cáo tổng hợp ý kiến các cơ quan phối hợp")
    clock.advance(days=4)  # the advice was due in 2 working days
    province.runtime.fire_due_timers()
    [above] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_advise"]
    assert above.candidate_groups == ["vp-ubnd-lanh-dao"]  # another level: the Chief of Office
    do(province, iid, "escalate_advise", "deputy.vp", escalation_instruction="Tham mưu trong ngày")
    assert "advise" in open_elements(province, iid)
