"""multi_agency_case: designation, the spokesperson's statement on a serious incident, parallel
coordination (named agencies plus one task per further agency), press updates on a timer cycle while the
case is open, another round when the authority asks for it, portal news and closure."""
from __future__ import annotations

import pytest

from engine.errors import Forbidden, NotFound, ScriptError, ValidationFailed

from .conftest import PEOPLE, deploy
from .walk import do, ended_at, history_of, open_elements, open_tasks

YTE = "spokesperson.yte"
REPORT = {"case_title": "Ngộ độc thực phẩm tại trường học", "case_summary": "Nhiều học sinh nhập viện",
          "public_interest": "serious", "proposed_lead": "so-y-te"}
NAMED = [("coord_btg", "officer.btg", {"btg_orientation": "Định hướng đưa tin khách quan"}),
         ("coord_vp", "officer.vp", {"vp_input": "Đã báo cáo Chủ tịch UBND tỉnh"}),
         ("coord_tttt", "officer.tttt", {"tttt_guidance": "Hướng dẫn báo chí, theo dõi mạng xã hội"})]
OFFICER_OF = {"cong-an": "officer.congan", "ubnd-bien-hoa": "officer.bienhoa"}


@pytest.fixture
def case(province):
    deploy(province, "multi_agency_case")

    def start(serious: str = "yes", **variables):
        iid = province.runtime.start("multi_agency_case", PEOPLE["officer.vp"],
                                     {"case_number": "VV-1", **variables}).id
        do(province, iid, "report", "officer.vp", **REPORT)
        do(province, iid, "designate", "supervisor", lead_agency="so-y-te", serious_incident=serious,
           designation_note="Sở Y tế chủ trì")
        return iid
    return start


def _coordinate(engine, iid, extra: list[str]):
    do(engine, iid, "plan", YTE, extra_agencies=extra, coordination_request="Đề nghị cung cấp thông tin")
    for element, who, data in NAMED:
        do(engine, iid, element, who, **data)
    for task in [t for t in open_tasks(engine, iid) if t.element_id == "coord_other"]:
        [group] = task.candidate_groups
        engine.tasks.complete(task.id, PEOPLE[OFFICER_OF[group]], {"agency_input": f"Thông tin của {group}"})


def _report_and_advise(engine, iid, decision: str):
    do(engine, iid, "consolidate", YTE, consolidated_report="Báo cáo tổng hợp ý kiến các cơ quan phối hợp")
    do(engine, iid, "advise", YTE, advice="Đề xuất kết luận vụ việc, công bố kết quả")
    do(engine, iid, "authority", "supervisor", authority_decision=decision)


def _close(engine, iid):
    do(engine, iid, "portal_news", "officer.vp", portal_title="Kết quả xử lý vụ ngộ độc",
       portal_url="https://dongnai.gov.vn/tin/vu-viec-1")
    do(engine, iid, "closure", YTE, closure_note="Đã xử lý xong, công bố kết quả")


def test_serious_incident_spokesperson_speaks_then_every_agency_coordinates(province, case):
    iid = case("yes")
    [statement] = open_tasks(province, iid)
    assert statement.element_id == "statement" and statement.candidate_groups == ["so-y-te"]
    assert statement.priority == 85 and statement.due_at.startswith("2026-01-06T01:00")  # 1 working day
    do(province, iid, "statement", YTE, spokesperson=YTE, statement_channel="press_conference",
       statement_text="Các em đã được cấp cứu kịp thời")
    do(province, iid, "plan", YTE, extra_agencies=["cong-an", "ubnd-bien-hoa", "so-y-te", "cong-an"],
       coordination_request="Đề nghị cung cấp thông tin")
    tasks = open_tasks(province, iid)
    groups = sorted((t.element_id, tuple(t.candidate_groups)) for t in tasks)
    # One task per further agency; the lead agency and a repeated choice get none.
    assert groups == [("coord_btg", ("ban-tuyen-giao",)), ("coord_other", ("cong-an",)),
                      ("coord_other", ("ubnd-bien-hoa",)), ("coord_tttt", ("so-tttt",)),
                      ("coord_vp", ("vp-ubnd",))]
    assert all(t.due_at.startswith("2026-01-07T01:00") for t in tasks)  # coordination_days = 2
    police_task = next(t for t in tasks if t.candidate_groups == ["cong-an"])
    with pytest.raises(NotFound):  # another agency's officer cannot take the Police's task
        province.tasks.complete(police_task.id, PEOPLE["officer.bienhoa"], {"agency_input": "Không phải"})
    for element, who, data in NAMED:
        do(province, iid, element, who, **data)
    assert "consolidate" not in open_elements(province, iid)  # the join waits for every agency
    for task in [t for t in open_tasks(province, iid) if t.element_id == "coord_other"]:
        [group] = task.candidate_groups
        province.tasks.complete(task.id, PEOPLE[OFFICER_OF[group]], {"agency_input": f"Thông tin {group}"})
    _report_and_advise(province, iid, "close")
    _close(province, iid)
    assert ended_at(province, iid) == "closed"
    variables = province.runtime.get(iid).variables
    assert variables["further_agencies"] == ["cong-an", "ubnd-bien-hoa"] and variables["rounds"] == 1
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed[:3] == ["report", "designate", "statement"]
    assert completed.count("coord_other") == 2 and completed[-2:] == ["portal_news", "closure"]


def test_not_serious_no_statement_and_the_authority_asks_for_another_round(province, case):
    iid = case("no")
    assert open_elements(province, iid) == ["plan"]  # no statement needed
    _coordinate(province, iid, [])
    assert open_elements(province, iid) == ["consolidate"]  # no further agency: the three named only
    _report_and_advise(province, iid, "more")
    assert open_elements(province, iid) == ["plan"]
    _coordinate(province, iid, ["ubnd-bien-hoa"])
    _report_and_advise(province, iid, "close")
    _close(province, iid)
    assert ended_at(province, iid) == "closed"
    assert province.runtime.get(iid).variables["rounds"] == 2
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert "statement" not in completed and completed.count("coord_btg") == 2
    assert completed.count("coord_other") == 1 and completed.count("authority") == 2


def test_press_updates_every_two_days_while_the_case_is_open(province, case, clock):
    iid = case("no")
    clock.advance(days=2, seconds=1)
    province.runtime.fire_due_timers()  # with the SLA timers of the tasks' due dates (issue 5)
    [update] = [t for t in open_tasks(province, iid) if t.element_id == "press_update"]
    assert update.candidate_groups == ["so-y-te"] and update.priority == 70
    do(province, iid, "press_update", YTE, update_channel="press_release", update_text="Tiến độ xử lý")
    _coordinate(province, iid, [])
    clock.advance(days=2)
    province.runtime.fire_due_timers()
    assert [t.element_id for t in open_tasks(province, iid)].count("press_update") == 1
    _report_and_advise(province, iid, "close")  # closing the case withdraws the unanswered update
    assert open_elements(province, iid) == ["portal_news"]
    _close(province, iid)
    assert ended_at(province, iid) == "closed"
    clock.advance(days=10)
    assert province.runtime.fire_due_timers() == 0  # no updates once the case is closed
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired == ["update_due", "update_due"]
    cancelled = [el for kind, el in history_of(province, iid) if kind == "task_cancelled"]
    assert cancelled == ["press_update"]


def test_the_update_cycle_is_a_variable(province, case, clock):
    iid = case("no", update_every_days=1)
    clock.advance(days=1, seconds=1)
    province.runtime.fire_due_timers()
    assert "press_update" in open_elements(province, iid)
    with pytest.raises(ScriptError, match="update_every_days"):
        province.runtime.start("multi_agency_case", PEOPLE["officer.vp"], {"update_every_days": 0})


def test_refusals_wrong_people_and_missing_data(province, case):
    with pytest.raises(Forbidden):
        province.runtime.start("multi_agency_case", PEOPLE["auditor"])
    iid = province.runtime.start("multi_agency_case", PEOPLE["officer.vp"]).id
    assert province.runtime.get(iid).variables["case_number"].startswith("VV-2026")
    do(province, iid, "report", "officer.vp", **REPORT)
    [designate] = open_tasks(province, iid)
    assert designate.candidate_groups == ["ubnd-tinh"]
    with pytest.raises(NotFound):  # only the competent authority designates the lead agency
        province.tasks.complete(designate.id, PEOPLE["officer.vp"], {"lead_agency": "vp-ubnd",
                                                                     "serious_incident": "no"})
    # No lead agency: the form requires one, and without form validation the model refuses it too
    # (the lead agency's tasks would have no group).
    with pytest.raises((ValidationFailed, ScriptError)):
        province.tasks.complete(designate.id, PEOPLE["supervisor"], {"serious_incident": "no"})
    assert open_elements(province, iid) == ["designate"]
    do(province, iid, "designate", "supervisor", lead_agency="ubnd-bien-hoa", serious_incident="no")
    [plan] = open_tasks(province, iid)
    assert plan.candidate_groups == ["ubnd-bien-hoa"]
    with pytest.raises(NotFound):
        province.tasks.complete(plan.id, PEOPLE[YTE], {"coordination_request": "Không phải đơn vị chủ trì"})


@pytest.mark.parametrize("lead, officer, skipped", [("so-tttt", "officer.tttt", "coord_tttt"),
                                                    ("vp-ubnd", "officer.vp", "coord_vp")])
def test_a_named_agency_that_leads_does_not_coordinate_with_itself(province, lead, officer, skipped):
    deploy(province, "multi_agency_case")
    iid = province.runtime.start("multi_agency_case", PEOPLE["officer.vp"]).id
    do(province, iid, "report", "officer.vp", **{**REPORT, "proposed_lead": lead})
    do(province, iid, "designate", "supervisor", lead_agency=lead, serious_incident="no")
    do(province, iid, "plan", officer, extra_agencies=["cong-an"], coordination_request="Đề nghị phối hợp")
    asked = [t.element_id for t in open_tasks(province, iid)]
    assert sorted(asked) == sorted({"coord_btg", "coord_vp", "coord_tttt", "coord_other"} - {skipped})
    for element, who, data in NAMED:
        if element != skipped:
            do(province, iid, element, who, **data)
    do(province, iid, "coord_other", "officer.congan", agency_input="Thông tin của Công an")
    do(province, iid, "consolidate", officer, consolidated_report="Báo cáo tổng hợp ý kiến các cơ quan")
    do(province, iid, "advise", officer, advice="Đề xuất kết thúc")
    do(province, iid, "authority", "supervisor", authority_decision="close")
    do(province, iid, "portal_news", "officer.vp", portal_title="Kết quả xử lý vụ việc",
       portal_url="https://dongnai.gov.vn/tin/vu-viec-2")
    do(province, iid, "closure", officer, closure_note="Đã xử lý xong")
    assert ended_at(province, iid) == "closed"
    assert skipped not in [el for kind, el in history_of(province, iid) if kind == "task_completed"]
