"""training_cycle: started by its yearly timer, planned with Hội Nhà báo, nominations from every unit with
reminder and chasing, sessions, attendance, evaluation with a make-up session, report."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import NotFound, ScriptError

from .conftest import PEOPLE, deploy
from .timers import start_timers
from .walk import do, ended_at, history_of, open_elements, open_tasks

PLAN = {"plan_ref": "KH-12/STTTT", "topics": ["skills", "crisis"], "places_per_unit": 2,
        "first_session_on": "2026-03-20", "plan_summary": "Tập huấn kỹ năng phát ngôn năm 2026"}
UNITS = ["so-y-te", "ubnd-bien-hoa", "ubnd-long-khanh"]
# Who nominates for each unit: its demo officer, the supervisor where the unit has none.
NOMINATOR = {"so-y-te": "spokesperson.yte", "ubnd-bien-hoa": "officer.bienhoa",
             "ubnd-long-khanh": "supervisor"}


@pytest.fixture
def training(province):
    deploy(province, "training_cycle")

    def start(**variables):
        return province.runtime.start("training_cycle", PEOPLE["officer.tttt"], variables).id
    return start


def _planned(engine, iid, revise_first=False):
    do(engine, iid, "plan", "officer.tttt", **PLAN, units=UNITS)
    if revise_first:
        do(engine, iid, "hnb_agree", "officer.hnb", hnb_decision="revise", hnb_comment="Thêm nội dung luật")
        do(engine, iid, "plan", "officer.tttt", **{**PLAN, "topics": ["skills", "law"]}, units=UNITS)
    do(engine, iid, "hnb_agree", "officer.hnb", hnb_decision="agree", lecturers="Nhà báo Trần B")


def test_the_yearly_timer_starts_the_cycle_and_schedules_the_next_year(province, clock):
    deploy(province, "training_cycle")
    [timer] = start_timers(province, "training_cycle")
    assert timer.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None) == datetime(2026, 3, 2, 8, 0)
    clock.set(datetime(2026, 3, 2, 8, 0, 1, tzinfo=LOCAL_TZ))
    assert province.runtime.fire_due_timers() == 1
    [inst], _ = province.runtime.list(definition="training_cycle")
    assert inst.started_by == "timer" and open_elements(province, inst.id) == ["plan"]
    do(province, inst.id, "plan", "officer.tttt", **PLAN, units=UNITS)
    variables = province.runtime.get(inst.id).variables
    assert variables["training_year"] == 2026 and variables["nomination_days"] == 10
    waiting = [t for t in start_timers(province, "training_cycle") if t.status == "waiting"]
    assert [t.due_at.astimezone(LOCAL_TZ).year for t in waiting] == [2027]


def test_plan_revised_every_unit_nominates_make_up_session_then_report(province, training):
    iid = training()
    _planned(province, iid, revise_first=True)
    tasks = open_tasks(province, iid)
    assert sorted(t.candidate_groups[0] for t in tasks) == sorted(UNITS)
    assert {t.form for t in tasks} == {"training_cycle_nominate"}
    with pytest.raises(NotFound):  # Biên Hòa's officer cannot answer for the Department of Health
        yte = next(t for t in tasks if t.candidate_groups == ["so-y-te"])
        province.tasks.complete(yte.id, PEOPLE["officer.bienhoa"], {"nominee_count": 1, "nominees": "X"})
    do(province, iid, "nominate", "spokesperson.yte", nominee_count=2, nominees="Nguyễn A; Lê B")
    do(province, iid, "nominate", "officer.bienhoa", nominee_count=1, nominees="Phạm C")
    do(province, iid, "nominate", "supervisor", nominee_count=0, no_nominee_reason="Người phát ngôn mới")
    inst = province.runtime.get(iid)
    assert inst.variables["total_nominees"] == 3 and inst.variables["units_without"] == ["ubnd-long-khanh"]
    assert inst.variables["late_units"] == [] and inst.variables["plan_revisions"] == 1
    do(province, iid, "hold_sessions", "officer.hnb", session_count=2, last_session_on="2026-02-10",
       venue="Hội trường Sở TTTT", session_notes="Kỹ năng trả lời phỏng vấn")
    do(province, iid, "attendance", "officer.tttt", attended=3)
    do(province, iid, "evaluate", "officer.hnb", passed=2, satisfaction=4, makeup_needed="yes",
       evaluation="Một học viên chưa đạt")
    do(province, iid, "hold_sessions", "officer.hnb", session_count=1, last_session_on="2026-02-20",
       venue="Hội Nhà báo", session_notes="Buổi bổ sung")
    do(province, iid, "attendance", "officer.tttt", attended=1, absentees="2 học viên đã đạt")
    do(province, iid, "evaluate", "officer.hnb", passed=1, satisfaction=5, makeup_needed="no",
       evaluation="Cả lớp đạt yêu cầu")
    do(province, iid, "report", "officer.tttt", report_ref="BC-5/STTTT", report_summary="3 học viên, 3 đạt")
    assert ended_at(province, iid) == "reported"
    variables = province.runtime.get(iid).variables
    assert variables["sessions_held"] == 3 and variables["attendance_rate"] == 33
    completed = [el for kind, el in history_of(province, iid) if kind == "task_completed"]
    assert completed.count("nominate") == 3 and completed.count("hold_sessions") == 2
    assert completed.count("plan") == 2


def test_nomination_rules_refuse_and_change_nothing(province, training):
    iid = training()
    _planned(province, iid)
    with pytest.raises(ScriptError, match="nominees"):
        do(province, iid, "nominate", "spokesperson.yte", nominee_count=2)
    with pytest.raises(ScriptError, match="no_nominee_reason"):
        do(province, iid, "nominate", "spokesperson.yte", nominee_count=0)
    with pytest.raises(ScriptError, match="places per unit"):
        do(province, iid, "nominate", "spokesperson.yte", nominee_count=3, nominees="A; B; C")
    assert open_elements(province, iid) == ["nominate"] * 3


def test_attendance_cannot_exceed_the_nominees(province, training):
    iid = training(units=["so-y-te"])
    do(province, iid, "plan", "officer.tttt", **PLAN, units=["so-y-te"])
    do(province, iid, "hnb_agree", "officer.hnb", hnb_decision="agree")
    do(province, iid, "nominate", "spokesperson.yte", nominee_count=1, nominees="Nguyễn A")
    do(province, iid, "hold_sessions", "officer.hnb", session_count=1, last_session_on="2026-02-10",
       venue="Sở TTTT", session_notes="Kỹ năng phát ngôn")
    with pytest.raises(ScriptError, match="attended"):
        do(province, iid, "attendance", "officer.tttt", attended=2)
    assert open_elements(province, iid) == ["attendance"]


def test_reminder_then_chasing_then_a_late_nomination(province, training, clock):
    iid = training()
    _planned(province, iid)  # Monday 5 Jan: due Monday 19 Jan 08:00, reminder Wednesday 14 Jan
    do(province, iid, "nominate", "spokesperson.yte", nominee_count=1, nominees="Nguyễn A")
    clock.advance(days=9, seconds=1)
    province.runtime.fire_due_timers()
    assert province.runtime.get(iid).variables["reminders_sent"] == 1
    clock.advance(days=5)
    province.runtime.fire_due_timers()
    [chase] = [t for t in open_tasks(province, iid) if t.element_id == "escalate"]
    assert chase.candidate_groups == ["so-tttt"] and chase.priority == 90
    overdue = province.tasks.list(PEOPLE["supervisor"], overdue=True, instance=iid)[0]
    assert sorted(t.element_id for t in overdue) == ["nominate", "nominate"]
    do(province, iid, "escalate", "officer.tttt", chase_note="Đã gọi điện hai đơn vị")
    do(province, iid, "nominate", "officer.bienhoa", nominee_count=1, nominees="Phạm C")
    do(province, iid, "nominate", "supervisor", nominee_count=1, nominees="Võ D")
    assert province.runtime.get(iid).variables["late_units"] == ["ubnd-bien-hoa", "ubnd-long-khanh"]
    fired = [el for kind, el in history_of(province, iid) if kind == "timer_fired"]
    assert fired == ["yearly", "remind_units", "nominations_overdue"]  # a start by hand fires the start event


def test_nobody_nominated_the_training_is_not_held(province, training):
    iid = training()
    _planned(province, iid)
    for unit in UNITS:
        do(province, iid, "nominate", NOMINATOR[unit], nominee_count=0, no_nominee_reason="Không bố trí được")
    assert ended_at(province, iid) == "cancelled"

