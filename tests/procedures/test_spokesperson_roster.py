"""spokesperson_roster: every six months one list per district of the organisation (compiled, approved by
the district's leader, checked by Sở TTTT's press office, returned once), chasing late districts by the
Department's leaders, consolidation with the press contacts, approval, Sở TTTT's site and the portal."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import Forbidden, NotFound, ScriptError
from engine.identity import Actor

from .conftest import ORGANISATION, PEOPLE, deploy
from .publishing import CALLED, portal, site
from .timers import start_timers
from .walk import do, ended_at, history_of, open_elements, open_tasks

BIEN_HOA = {"spokesperson_name": "Trần Văn Hòa", "spokesperson_title": "Chủ tịch UBND thành phố",
            "spokesperson_phone": "0251 3822 111", "spokesperson_email": "phatngon@bienhoa.gov.vn",
            "commune_count": 2, "commune_spokespersons": "Phường Tân Phong | Lê Thị A | 0913000111\n"
                                                          "Phường Hóa An | Ngô Văn B | 0913000222"}
LONG_KHANH = {**BIEN_HOA, "spokesperson_name": "Phạm Thị Khánh", "spokesperson_email": "pn@longkhanh.gov.vn",
              "commune_count": 1, "commune_spokespersons": "Phường Xuân An | Đỗ Văn C | 0913000333"}
PROVINCE_LIST = {"roster_ref": "DS-06/STTTT",
                 "provincial_spokespersons": "Chủ tịch UBND tỉnh; Giám đốc các sở",
                 "representative_offices": 12, "resident_reporters": 30,
                 "press_contacts": "VPĐD Báo Nhân Dân; VPĐD Báo Tuổi Trẻ"}
LK_OFFICER = Actor("officer.longkhanh", frozenset({"officer"}), frozenset({"ubnd-long-khanh"}))
LK_LEADER = Actor("leader.longkhanh", frozenset({"officer"}), frozenset({"ubnd-long-khanh-lanh-dao"}))
TWO = ["ubnd-bien-hoa", "ubnd-long-khanh"]


@pytest.fixture
def roster(province):
    deploy(province, "spokesperson_roster", *CALLED)

    def start(**variables):
        return province.runtime.start("spokesperson_roster", PEOPLE["officer.tttt"], variables).id
    return start


def test_one_list_per_district_of_the_organisation_and_a_six_monthly_timer(province, roster):
    iid = roster()
    districts = sorted(g.code for g in ORGANISATION.groups if g.kind == "district")
    assert len(districts) == 11 and province.runtime.get(iid).variables["districts"] == districts
    tasks = open_tasks(province, iid)
    assert sorted(t.candidate_groups[0] for t in tasks) == districts
    assert {t.element_id for t in tasks} == {"compile_list"} and all(t.due_at for t in tasks)
    [waiting] = [t for t in start_timers(province, "spokesperson_roster") if t.status == "waiting"]
    assert waiting.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None) == datetime(2026, 6, 1, 8, 0)
    with pytest.raises(ScriptError, match="not districts"):  # a district of another province
        roster(districts=["ubnd-tam-duong"])


def test_approved_checked_returned_once_consolidated_and_published(province, roster):
    iid = roster(districts=TWO)
    do(province, iid, "compile_list", "officer.bienhoa", **BIEN_HOA)
    [approve] = [t for t in open_tasks(province, iid) if t.element_id == "approve_list"]
    assert approve.candidate_groups == ["ubnd-bien-hoa-lanh-dao"] and approve.due_at
    do(province, iid, "approve_list", "leader.bienhoa", dispatch_ref="12/UBND")
    lk = next(t for t in open_tasks(province, iid) if t.candidate_groups == ["ubnd-long-khanh"])
    with pytest.raises(NotFound):  # Biên Hòa cannot send Long Khánh's list
        province.tasks.complete(lk.id, PEOPLE["officer.bienhoa"], LONG_KHANH)
    province.tasks.complete(lk.id, LK_OFFICER, LONG_KHANH)
    [check_bh] = [t for t in open_tasks(province, iid) if t.element_id == "check_list"]
    assert check_bh.candidate_groups == ["so-tttt-ttbcxb"]
    province.tasks.complete(check_bh.id, PEOPLE["officer.tttt"], {"list_check": "return",
                                                                   "check_note": "Thiếu số điện thoại"})
    do(province, iid, "compile_list", "officer.bienhoa", **BIEN_HOA)
    do(province, iid, "approve_list", "leader.bienhoa", dispatch_ref="13/UBND")
    approve_lk = next(t for t in open_tasks(province, iid) if t.element_id == "approve_list")
    province.tasks.complete(approve_lk.id, LK_LEADER, {"dispatch_ref": "7/UBND"})
    for task in [t for t in open_tasks(province, iid) if t.element_id == "check_list"]:
        province.tasks.complete(task.id, PEOPLE["officer.tttt"], {"list_check": "accept"})
    assert open_elements(province, iid) == ["consolidate"]
    assert province.runtime.get(iid).variables["communes_listed"] == 3
    do(province, iid, "consolidate", "officer.tttt", **PROVINCE_LIST)
    [approval] = open_tasks(province, iid)
    assert approval.candidate_groups == ["so-tttt-lanh-dao"]
    do(province, iid, "approve_roster", "leader.tttt", roster_decision="approve")
    site(province, iid, "roster_site", "officer.tttt", "https://stttt.example/nguoi-phat-ngon", choice=False)
    portal(province, iid, "https://portal.example/nguoi-phat-ngon")
    assert ended_at(province, iid) == "published"
    assert province.runtime.get(iid).variables["item_kind"] == "roster"
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed.count("compile_list") == 3 and completed.count("approve_list") == 3


def test_the_compiler_does_not_approve_and_late_districts_go_to_the_departments_leaders(province, roster,
                                                                                          clock):
    iid = roster(districts=TWO[:1])
    do(province, iid, "compile_list", "supervisor", **BIEN_HOA)  # the supervisor is in every group
    [approve] = [t for t in open_tasks(province, iid) if t.element_id == "approve_list"]
    with pytest.raises(Forbidden):
        province.tasks.complete(approve.id, PEOPLE["supervisor"], {"dispatch_ref": "12/UBND"})
    clock.set(datetime(2026, 1, 19, 8, 0, 1, tzinfo=LOCAL_TZ))  # 10 working days later
    province.runtime.fire_due_timers()
    [chase] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_lists"]
    assert chase.candidate_groups == ["so-tttt-lanh-dao"] and chase.priority == 90
    do(province, iid, "escalate_lists", "leader.tttt", escalation_instruction="Đôn đốc UBND huyện")
    assert open_elements(province, iid) == ["approve_list"]  # the district's work goes on
