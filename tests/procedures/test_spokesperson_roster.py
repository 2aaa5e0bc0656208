"""spokesperson_roster: started every six months, one list per district (checked, returned once), reminder
and chasing of late districts, consolidation with the press contacts, portal approval (or return)."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import NotFound, ScriptError

from .conftest import PEOPLE, deploy
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
                 "press_contacts": "VPĐD Báo Nhân Dân; VPĐD Báo Tuổi Trẻ; ..."}
DISTRICT_OFFICER = {"ubnd-bien-hoa": "officer.bienhoa", "ubnd-long-khanh": "supervisor"}


@pytest.fixture
def roster(province):
    deploy(province, "spokesperson_roster")

    def start(**variables):
        return province.runtime.start("spokesperson_roster", PEOPLE["officer.tttt"], variables).id
    return start


def _send(engine, iid, district, data):
    do(engine, iid, "compile_list", DISTRICT_OFFICER[district], **data)


def _accept(engine, iid):
    do(engine, iid, "check_list", "officer.tttt", list_check="accept")


def _publish(engine, iid):
    do(engine, iid, "consolidate", "officer.tttt", **PROVINCE_LIST)
    do(engine, iid, "portal_approve", "chief.vp", portal_decision="approve")
    do(engine, iid, "portal_publish", "officer.vp", portal_url="https://dongnai.gov.vn/nguoi-phat-ngon")


def test_the_six_monthly_timer_starts_it_in_june_and_december(province, clock):
    deploy(province, "spokesperson_roster")
    clock.set(datetime(2026, 6, 1, 8, 0, 1, tzinfo=LOCAL_TZ))
    assert province.runtime.fire_due_timers() == 1
    [inst], _ = province.runtime.list(definition="spokesperson_roster")
    assert inst.started_by == "timer"
    assert sorted(t.candidate_groups[0] for t in open_tasks(province, inst.id)) == [
        "ubnd-bien-hoa", "ubnd-long-khanh"]
    [waiting] = [t for t in start_timers(province, "spokesperson_roster") if t.status == "waiting"]
    assert waiting.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None) == datetime(2026, 12, 1, 8, 0)


def test_lists_checked_one_returned_then_consolidated_and_published(province, roster):
    iid = roster()
    assert province.runtime.get(iid).variables["roster_period"] == "2026-H1"
    [bh] = [t for t in open_tasks(province, iid) if t.candidate_groups == ["ubnd-bien-hoa"]]
    with pytest.raises(NotFound):  # one district's officer does not see another's list
        province.tasks.complete(bh.id, PEOPLE["spokesperson.yte"], BIEN_HOA)
    _send(province, iid, "ubnd-bien-hoa", BIEN_HOA)
    with pytest.raises(ScriptError, match="check_note"):
        do(province, iid, "check_list", "officer.tttt", list_check="return")
    do(province, iid, "check_list", "officer.tttt", list_check="return", check_note="Thiếu số điện thoại xã")
    _send(province, iid, "ubnd-bien-hoa", BIEN_HOA)
    _accept(province, iid)
    _send(province, iid, "ubnd-long-khanh", LONG_KHANH)
    _accept(province, iid)
    variables = province.runtime.get(iid).variables
    assert variables["communes_listed"] == 3 and variables["late_districts"] == []
    assert [s.get("returns", 0) for s in variables["submissions"]] == [1, 0]
    do(province, iid, "consolidate", "officer.tttt", **PROVINCE_LIST)
    do(province, iid, "portal_approve", "chief.vp", portal_decision="return", portal_comment="Bổ sung VPĐD")
    _publish(province, iid)
    assert ended_at(province, iid) == "published"
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed.count("compile_list") == 3 and completed.count("consolidate") == 2


@pytest.mark.parametrize("lines, count, message", [
    ("Phường Tân Phong | Lê Thị A | 0913000111", 2, "1 lines for 2 communes"),
    ("Phường Tân Phong, Lê Thị A\nPhường Hóa An | Ngô Văn B | 0913", 2, "line 1"),
])
def test_a_malformed_commune_list_is_refused(province, roster, lines, count, message):
    iid = roster(districts=["ubnd-bien-hoa"])
    with pytest.raises(ScriptError, match=message):
        _send(province, iid, "ubnd-bien-hoa", {**BIEN_HOA, "commune_count": count,
                                              "commune_spokespersons": lines})
    assert open_elements(province, iid) == ["compile_list"]


def test_reminder_then_chasing_the_late_district(province, roster, clock):
    iid = roster()  # Monday 5 Jan: due Monday 19 Jan 08:00, reminder Wednesday 14 Jan
    _send(province, iid, "ubnd-bien-hoa", BIEN_HOA)
    _accept(province, iid)
    clock.advance(days=9, seconds=1)
    province.runtime.fire_due_timers()
    assert province.runtime.get(iid).variables["reminders_sent"] == 1
    clock.advance(days=5)
    province.runtime.fire_due_timers()
    [chase] = [t for t in open_tasks(province, iid) if t.element_id == "escalate"]
    assert chase.priority == 90 and chase.candidate_groups == ["so-tttt"]
    [late] = province.tasks.list(PEOPLE["supervisor"], overdue=True, instance=iid)[0]
    assert late.element_id == "compile_list" and late.candidate_groups == ["ubnd-long-khanh"]
    do(province, iid, "escalate", "officer.tttt", chase_note="Công văn đôn đốc số 15")
    _send(province, iid, "ubnd-long-khanh", LONG_KHANH)
    _accept(province, iid)
    assert province.runtime.get(iid).variables["late_districts"] == ["ubnd-long-khanh"]
    _publish(province, iid)
    assert ended_at(province, iid) == "published"
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired == ["half_yearly", "remind_districts", "submissions_overdue"]


def test_no_district_is_refused_at_start(province, roster):
    with pytest.raises(ScriptError, match="at least one district"):
        roster(districts=[])
