"""daily_monitoring: started every day, the press office on working days and the duty officer on days off,
the digest (late: escalated to the press office's leaders), and each flagged item handled as its own
false_report_rebuttal case through the call activity."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine import ProcessEngine
from engine.clock import LOCAL_TZ
from engine.config import Settings
from engine.errors import NotFound, ScriptError
from engine.identity import Actor
from engine.organisation import load_organisation

from .conftest import PEOPLE, deploy
from .test_false_report_rebuttal import respond
from .timers import start_timers
from .walk import do, ended_at, history_of, open_elements, open_tasks

DIGEST = {"items_total": 14, "channels": ["press", "social_media"], "digest": "Dư luận quan tâm dịch sốt"}
TWO_FLAGS = ("https://bao.example/sot-xuat-huyet | so-y-te | Báo Mẫu\n"
             "https://mxh.example/bai-dang | cong-an | Trang Mạng")
VERIFY = {"verification_notes": "Đối chiếu số liệu của Sở"}
KEYS = ("false_report_rebuttal", "daily_monitoring", "press_inspection", "secrecy_review")


@pytest.fixture
def monitoring(province):
    deploy(province, *KEYS)

    def start(**variables):
        return province.runtime.start("daily_monitoring", PEOPLE["officer.tttt"], variables).id
    return start


def _instances(engine):
    return sorted(engine.runtime.list(definition="daily_monitoring", per_page=100)[0],
                  key=lambda v: v.started_at)


def test_one_instance_every_day_the_duty_officer_on_days_off(province, clock):
    clock.set(datetime(2025, 12, 31, 20, 0, tzinfo=LOCAL_TZ))
    deploy(province, *KEYS)
    [timer] = start_timers(province, "daily_monitoring")
    assert timer.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None) == datetime(2026, 1, 1, 8, 0)
    for _ in range(11):  # Thursday 1 January (New Year's Day) to Sunday 11 January, 08:00
        clock.advance(hours=12, seconds=1)
        province.runtime.fire_due_timers()
        clock.advance(hours=12)
    days = _instances(province)
    assert len(days) == 11 and {v.started_by for v in days} == {"timer"}
    assert all(v.status != "completed" for v in days)  # no day ends without its digest
    duty = [v.started_at[:10] for v in days if "duty_collect" in v.active_elements]
    assert duty == ["2026-01-01", "2026-01-03", "2026-01-04", "2026-01-10", "2026-01-11"]
    assert len([v for v in days if "collect_items" in v.active_elements]) == 6


def test_a_sunday_is_monitored_by_the_duty_officer(province, monitoring, clock):
    clock.set(datetime(2026, 1, 11, 8, 0, tzinfo=LOCAL_TZ))  # Sunday
    iid = monitoring()
    [task] = open_tasks(province, iid)
    assert task.element_id == "duty_collect" and task.candidate_groups == ["so-tttt-truc"]
    assert task.due_at.startswith("2026-01-11T09:00")  # 16:00 the same Sunday
    with pytest.raises(NotFound):  # an officer who is not on duty does not see it
        province.tasks.complete(task.id, PEOPLE["spokesperson.yte"], DIGEST)
    do(province, iid, "duty_collect", "duty.tttt", **DIGEST,
       flagged_items="https://bao.example/chu-nhat | so-y-te | Báo Mẫu")
    [verify] = open_tasks(province, iid)
    assert verify.element_id == "verify" and verify.candidate_groups == ["so-y-te"]


def test_a_late_sunday_digest_goes_to_the_press_office_leaders(province, monitoring, clock):
    clock.set(datetime(2026, 1, 11, 8, 0, tzinfo=LOCAL_TZ))
    iid = monitoring(collect_hours=2)
    clock.advance(hours=2, seconds=1)
    province.runtime.fire_due_timers()
    [escalation] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_digest"]
    assert escalation.candidate_groups == ["so-tttt-ttbcxb-lanh-dao"] and escalation.priority == 90
    do(province, iid, "escalate_digest", "leader.ttbcxb", escalation_instruction="Gửi bản tổng hợp ngay")
    do(province, iid, "duty_collect", "duty.tttt", **DIGEST)
    assert ended_at(province, iid) == "nothing_flagged"
    assert ("timer_fired", "duty_collect_overdue") in history_of(province, iid)


def test_nothing_flagged(province, monitoring):
    iid = monitoring()
    [task] = open_tasks(province, iid)
    assert task.candidate_groups == ["so-tttt-ttbcxb"] and task.due_at.startswith("2026-01-05T09:00")
    do(province, iid, "collect_items", "officer.tttt", **DIGEST)
    assert ended_at(province, iid) == "nothing_flagged"
    assert province.runtime.get(iid).variables["flagged_count"] == 0


def test_each_flagged_item_is_its_own_rebuttal_case(province, monitoring, clock):
    iid = monitoring()
    do(province, iid, "collect_items", "officer.tttt", **DIGEST, flagged_items=TWO_FLAGS)
    verify = sorted(open_tasks(province, iid), key=lambda t: t.candidate_groups)
    assert [(t.element_id, t.candidate_groups) for t in verify] == [
        ("verify", ["cong-an"]), ("verify", ["so-y-te"])]
    do(province, iid, "verify", "spokesperson.yte", article_url="https://bao.example/sot-xuat-huyet",
       press_agency="Báo Mẫu", finding="distorted", **VERIFY)
    do(province, iid, "verify", "officer.congan", article_url="https://mxh.example/bai-dang",
       press_agency="Trang Mạng", medium="social_media", finding="accurate", **VERIFY)
    do(province, iid, "handle", "officer.congan", handling_result="Đã xử lý theo thẩm quyền")
    do(province, iid, "inform_press", "officer.congan", inform_ref="12/CAT-PX")
    respond(province, iid)
    do(province, iid, "copy_received", "officer.tttt", press_agency_level="central")
    assert province.runtime.get(iid).status == "waiting"  # the Health case waits for its correction
    clock.advance(days=2, seconds=1)
    province.runtime.fire_due_timers()  # the rebuttal's own reminder, inside the call activity
    with pytest.raises(NotFound):  # the second case has ended: nothing waits under its number
        province.runtime.correlate_message("correction_published", PEOPLE["officer.tttt"], "GS-20260105-2")
    province.runtime.correlate_message("correction_published", PEOPLE["officer.tttt"], "GS-20260105-1",
                                       {"correction_url": "https://bao.example/cai-chinh"})
    assert ended_at(province, iid) == "cases_closed"
    variables = province.runtime.get(iid).variables
    assert [(f["case_number"], f["unit"], f["route"], f["corrected"]) for f in variables["flags"]] == [
        ("GS-20260105-1", "so-y-te", "respond", True), ("GS-20260105-2", "cong-an", "accurate", False)]
    assert variables["rebuttal_routes"] == {"respond": 1, "accurate": 1}
    events = history_of(province, iid)
    assert ("timer_fired", "remind") in events and ("message_received", "await_correction") in events
    assert [el for kind, el in events if kind == "element_completed" and el == "rebut"] == ["rebut", "rebut"]


def test_a_sensitive_matter_goes_to_ban_tuyen_giao_beside_the_rebuttal(province, monitoring):
    iid = monitoring()
    do(province, iid, "collect_items", "officer.tttt", **DIGEST, sensitive=True,
       flagged_items="https://bao.example/nhay-cam | so-y-te | Báo Mẫu")
    tasks = {t.element_id: t.candidate_groups for t in open_tasks(province, iid)}
    assert tasks == {"orientation": ["ban-tuyen-giao-ttbcxb"], "verify": ["so-y-te"]}
    do(province, iid, "orientation", "officer.btg", orientation_note="Định hướng đưa tin khách quan")
    assert province.runtime.get(iid).status != "completed"  # the rebuttal goes on
    do(province, iid, "verify", "spokesperson.yte", article_url="https://bao.example/nhay-cam",
       press_agency="Báo Mẫu", finding="accurate", **VERIFY)
    do(province, iid, "handle", "spokesperson.yte", handling_result="Đã xử lý theo thẩm quyền")
    do(province, iid, "inform_press", "spokesperson.yte", inform_ref="7/SYT")
    assert ended_at(province, iid) == "cases_closed"
    assert ("element_completed", "oriented") in history_of(province, iid)


@pytest.mark.parametrize("flagged, message", [
    ("bao.example/bai | so-y-te | Báo Mẫu", "line 1"),
    ("https://bao.example/bai | so-khong-co | Báo Mẫu", "unknown unit"),
    ("https://bao.example/bai | so-y-te", "line 1"),
    (TWO_FLAGS, "more items flagged"),
])
def test_malformed_flags_are_refused_and_change_nothing(province, monitoring, flagged, message):
    iid = monitoring()
    total = 1 if message == "more items flagged" else DIGEST["items_total"]
    with pytest.raises(ScriptError, match=message):
        do(province, iid, "collect_items", "officer.tttt", **{**DIGEST, "items_total": total},
           flagged_items=flagged)
    assert open_elements(province, iid) == ["collect_items"]


def test_late_digest_is_escalated(province, monitoring, clock):
    iid = monitoring(collect_hours=4)  # due 12:00
    clock.advance(hours=4, seconds=1)
    province.runtime.fire_due_timers()
    [escalation] = [t for t in open_tasks(province, iid) if t.element_id == "escalate_digest"]
    assert escalation.priority == 90 and escalation.candidate_groups == ["so-tttt-ttbcxb-lanh-dao"]
    do(province, iid, "escalate_digest", "leader.ttbcxb",
       escalation_instruction="Gửi bản tổng hợp trước 14 giờ")
    do(province, iid, "collect_items", "officer.tttt", **DIGEST)
    assert ended_at(province, iid) == "nothing_flagged"
    assert ("timer_fired", "collect_items_overdue") in history_of(province, iid)


def test_in_lai_chau_the_flagged_units_and_inspection_districts_are_lai_chau_s(tmp_path, clock):
    lai_chau = load_organisation("lai-chau")
    people = {u["username"]: Actor(u["username"], frozenset(u["roles"]), frozenset(u["groups"]))
              for u in lai_chau.demo_users if u["groups"] != ["*"]}
    eng = ProcessEngine(Settings(database_url=f"sqlite:///{tmp_path / 'lai-chau.db'}"), clock=clock)
    try:
        eng.create_schema()
        eng.identity.seed_organisation(lai_chau)
        deploy(eng, *KEYS)
        iid = eng.runtime.start("daily_monitoring", people["officer.tttt"]).id
        with pytest.raises(ScriptError, match="unknown unit"):  # a Đồng Nai district is no unit here
            do(eng, iid, "collect_items", people["officer.tttt"], **DIGEST,
               flagged_items="https://bao.example/a | ubnd-bien-hoa | Báo Mẫu")
        do(eng, iid, "collect_items", people["officer.tttt"], **DIGEST,
           flagged_items="https://bao.example/a | ubnd-tam-duong | Báo Mẫu")
        [verify] = open_tasks(eng, iid)
        assert verify.candidate_groups == ["ubnd-tam-duong"]
        inspection = eng.runtime.start("press_inspection", people["inspector.tttt"]).id
        do(eng, inspection, "inspection_plan", people["inspector.tttt"], inspection_ref="1/QĐ-TTr",
           inspection_scope="Kiểm tra hoạt động báo chí trên địa bàn huyện Tam Đường",
           inspection_coordinators=["districts"], inspection_districts="ubnd-tam-duong")
        [coordinate] = open_tasks(eng, inspection)
        assert coordinate.candidate_groups == ["ubnd-tam-duong-vhtt"]
    finally:
        eng.dispose()
