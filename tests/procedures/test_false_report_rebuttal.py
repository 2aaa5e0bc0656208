"""false_report_rebuttal: every route of the decision table, the correction wait, reminder and escalation."""
from __future__ import annotations

import pytest

from engine.errors import NotFound

from .conftest import PEOPLE, deploy
from .walk import do, ended_at, history_of, open_elements, open_tasks

ARTICLE = {"article_url": "https://bao.example/bai-1", "press_agency": "Báo Mẫu",
           "verification_notes": "Đối chiếu số liệu chính thức của Sở"}
YTE = "spokesperson.yte"


@pytest.fixture
def rebuttal(province):
    deploy(province, "false_report_rebuttal")

    def start(finding: str, **variables):
        inst = province.runtime.start("false_report_rebuttal", PEOPLE["officer.tttt"],
                                      {"unit": "so-y-te", "case_number": "PB-1", **variables})
        do(province, inst.id, "verify", YTE, **ARTICLE, finding=finding)
        return inst.id
    return start


def _respond(engine, iid):
    [respond] = open_tasks(engine, iid)
    assert respond.element_id == "respond" and respond.priority == 80
    do(engine, iid, "respond", YTE, response_ref="123/SYT", response_text="Đề nghị cải chính")
    do(engine, iid, "copy_received", "officer.tttt", press_agency_level="local")


@pytest.mark.parametrize("finding", ["false", "distorted", "slanderous", "misleading"])
def test_false_reporting_is_answered_copied_and_corrected(province, rebuttal, finding):
    iid = rebuttal(finding)
    _respond(province, iid)
    assert province.runtime.get(iid).status == "waiting"
    with pytest.raises(NotFound):  # another case's correction does not reach this one
        province.runtime.correlate_message("correction_published", PEOPLE["officer.tttt"], "PB-2")
    province.runtime.correlate_message("correction_published", PEOPLE["officer.tttt"], "PB-1",
                                       {"correction_url": "https://bao.example/cai-chinh"})
    assert ended_at(province, iid) == "corrected"
    variables = province.runtime.get(iid).variables
    assert variables["route"] == "respond" and variables["route_clause"] == "CT-7"
    assert variables["correction_url"].endswith("cai-chinh")


@pytest.mark.parametrize("finding, steps, end", [
    ("security", [("police", "officer.congan", {"police_ref": "CA-7",
                                                "police_conclusion": "Đã xử lý theo thẩm quyền"})],
     "police_done"),
    ("beyond_authority", [("dossier", "officer.tttt", {"dossier_ref": "HS-1",
                                                       "dossier_summary": "Đề xuất giao Sở TTTT xử lý"}),
                          ("authority", "supervisor", {"authority_decision": "Giao Sở TTTT xử lý"})],
     "authority_done"),
    ("accurate", [], "accurate"),
])
def test_police_dossier_and_accurate_routes(province, rebuttal, finding, steps, end):
    iid = rebuttal(finding)
    for element, who, data in steps:
        do(province, iid, element, who, **data)
    assert ended_at(province, iid) == end


def test_police_task_is_for_police_only(province, rebuttal):
    iid = rebuttal("security")
    [task] = open_tasks(province, iid)
    assert task.candidate_groups == ["cong-an"]
    with pytest.raises(NotFound):
        province.tasks.complete(task.id, PEOPLE[YTE], {"police_ref": "x", "police_conclusion": "y"})


def test_reminder_then_escalation_wait_again_then_close_uncorrected(province, rebuttal, clock):
    iid = rebuttal("false")
    _respond(province, iid)
    clock.advance(days=2, seconds=1)  # Wednesday: reminder_days = 2
    assert province.runtime.fire_due_timers() == 1
    assert province.runtime.get(iid).variables["chases"] == 1
    clock.advance(days=5)  # the next Monday: correction_days = 5 counted from Monday
    province.runtime.fire_due_timers()
    assert open_elements(province, iid) == ["escalate"]
    do(province, iid, "escalate", "officer.tttt", escalation_action="wait_more",
       escalation_note="Đã gọi điện đôn đốc")
    assert "await_correction" in province.runtime.get(iid).active_elements
    clock.advance(days=8)
    province.runtime.fire_due_timers()
    do(province, iid, "escalate", "officer.tttt", escalation_action="close_uncorrected",
       escalation_note="Chuyển Thanh tra Sở")
    assert ended_at(province, iid) == "uncorrected"
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired.count("no_correction") == 2 and "remind" in fired


def test_started_without_a_case_number_it_gets_one_from_the_clock(province):
    deploy(province, "false_report_rebuttal")
    inst = province.runtime.start("false_report_rebuttal", PEOPLE["officer.tttt"], {"unit": "so-y-te"})
    assert inst.variables["case_number"] == "PB-20260105080000"  # Monday 5 January 2026, 08:00 Hanoi
