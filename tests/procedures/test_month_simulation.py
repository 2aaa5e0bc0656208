"""January 2026 of one province, simulated on a manual clock, once for Đồng Nai's organisation and once for
Lai Châu's (each in its own database: the two are never mixed). Every procedure is deployed; the timers
start the daily monitoring, the monthly briefing and the monthly press meeting; officers start press
inquiries, a multi-agency case, the spokesperson roster, the training and the periodic report. An office
of officers and leaders (tests/procedures/robot.py) works its task list twice each working day, except:
the Journalists' Association never answers (its inputs time out), one district never sends its roster,
and Sở Y tế is away from the 19th to the 21st, when the multi-agency case it leads opens (its statement
and press updates go late and are escalated).

At the end of the month: no instance failed or is stuck (each one still running has an open task or a
waiting timer), no incident, every task named a group of that province only, and every task is closed
on time, or was escalated when it passed its due date, or is still open and not yet due.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from engine import ProcessEngine
from engine.calendar import default_calendar
from engine.clock import LOCAL_TZ
from engine.config import Settings
from engine.db.models import HistoryEvent, Incident, TaskRow, Timer
from engine.identity import SYSTEM, Actor
from engine.organisation import load_organisation

from .conftest import ROOT, model_files
from .robot import Office

PROCEDURES = ("press_inquiry", "false_report_rebuttal", "multi_agency_case", "press_complaint",
              "training_cycle", "monthly_briefing", "spokesperson_roster", "daily_monitoring",
              "periodic_report", "secrecy_review", "portal_publication", "press_briefing", "press_inspection")
MINE = {"multi_agency_case", "monthly_briefing", "press_briefing", "training_cycle", "spokesperson_roster",
        "periodic_report"}
AWAY = {19, 20, 21}  # Sở Y tế's days away


def _officer(group: str) -> Actor:
    return Actor(f"a.{group}", frozenset({"officer", "spokesperson"}), frozenset({group}))


class Month:
    def __init__(self, engine: ProcessEngine, clock, org) -> None:
        self.engine, self.clock, self.org = engine, clock, org
        districts = sorted(g.code for g in org.groups if g.kind == "district")
        self.office = Office(engine, set(org.codes), lambda: self.clock.now().astimezone(LOCAL_TZ).date(),
                             values={"lead_agency": "so-y-te", "proposed_lead": "so-y-te"},
                             silent={"hoi-nha-bao", districts[-1]})
        self.districts = districts

    def at(self, day: int, hour: int, minute: int = 0) -> None:
        self.clock.set(datetime(2026, 1, day, hour, minute, tzinfo=LOCAL_TZ))
        while self.engine.runtime.fire_due_timers(limit=500):
            pass

    def start(self, key: str, group: str, variables: dict | None = None) -> str:
        return self.engine.runtime.start(key, _officer(group), variables or {}).id

    def agenda(self, day: int) -> None:
        question = {"journalist_name": "Nguyễn Văn A", "press_agency": "Báo Mẫu", "unit": "so-y-te",
                    "question": "Tình hình dịch sốt xuất huyết trên địa bàn?"}
        if day == 5:
            roster = self.districts[:2] + self.districts[-1:]
            self.start("spokesperson_roster", "so-tttt", {"districts": roster})
            self.start("training_cycle", "so-tttt", {"units": ["so-y-te", "cong-an", self.districts[0]]})
        if day in (6, 13, 20):
            self.start("press_inquiry", "so-y-te", question)
        if day == 19:  # the lead agency, Sở Y tế, is away: its statement goes late and is escalated
            self.start("multi_agency_case", "vp-ubnd", {"case_number": "VV-2026-1"})
        if day == 26:
            self.start("periodic_report", "so-tttt", {"period_from": "2025-07-01", "period_to": "2025-12-31",
                                                      "agencies": ["so-y-te", self.districts[0]]})

    def live(self, day: int) -> None:
        self.at(day, 8, 1)  # the day's timers (daily monitoring; the 1st: briefing; the 10th: meeting)
        working = default_calendar().is_working_day(date(2026, 1, day))
        self.office.absent = {"so-y-te", "so-y-te-lanh-dao"} if day in AWAY else set()
        if day == 10:  # a follow-up question from the press meeting becomes an inquiry
            self.office.values["follow_up_questions"] = "Trần Thị B | Báo Mẫu | so-y-te | Lịch tiêm chủng?"
        for hour in ((9, 15) if working else ()):
            self.at(day, hour)
            if hour == 9:
                self.agenda(day)
            self.office.work()
        if not working:  # the duty officers of the daily monitoring work on days off
            self.office.work()
        self.at(day, 23, 59)


@pytest.fixture(params=["dong-nai", "lai-chau"])
def month(request, tmp_path, clock):
    org = load_organisation(request.param)
    eng = ProcessEngine(Settings(database_url=f"sqlite:///{tmp_path / (request.param + '.db')}"), clock=clock)
    eng.create_schema()
    eng.identity.seed_organisation(org)
    clock.set(datetime(2025, 12, 31, 20, 0, tzinfo=LOCAL_TZ))
    shipped = [k for k in PROCEDURES if (ROOT / "processes" / f"{k}.bpmn").exists()]
    eng.repository.deploy(model_files(*shipped), SYSTEM)
    yield Month(eng, clock, org)
    eng.dispose()


def test_a_month_of_one_province(month):
    for day in range(1, 32):
        month.live(day)
    end = datetime(2026, 2, 1, 0, 0, tzinfo=LOCAL_TZ)
    month.clock.set(end)
    engine, office = month.engine, month.office
    assert office.failures == [] and office.strangers == set()
    with engine.reader() as uow:
        s = uow.session
        assert list(s.execute(select(Incident.id).where(Incident.status == "open"))) == []
        tasks = list(s.execute(select(TaskRow)).scalars())
        escalated = {t for (t,) in s.execute(select(HistoryEvent.task_id).where(
            HistoryEvent.type == "task_escalated"))}
        waiting = {i for (i,) in s.execute(select(Timer.instance_id).where(Timer.status == "waiting"))}
        s.expunge_all()
    views = engine.runtime.list(per_page=500)[0]
    assert {v.status for v in views} <= {"completed", "running", "waiting"}, [
        (v.definition_key, v.status) for v in views if v.status not in ("completed", "running", "waiting")]
    open_by_instance = {t.instance_id for t in tasks if t.state == "open"}
    stuck = [(v.definition_key, v.active_elements) for v in views if v.status != "completed"
             and v.id not in open_by_instance and v.id not in waiting]
    assert stuck == []
    late = [(t.definition_key, t.element_id) for t in tasks if t.due_at is not None and t.id not in escalated
            and (_utc(t.completed_at) if t.completed_at else end) > _utc(t.due_at)]
    assert late == []
    undated = sorted({(t.definition_key, t.element_id) for t in tasks if t.due_at is None
                      and t.definition_key in MINE})
    assert undated == []
    keys = {v.definition_key for v in views}
    assert {"daily_monitoring", "monthly_briefing", "press_briefing", "press_inquiry", "multi_agency_case",
            "spokesperson_roster", "training_cycle", "periodic_report"} <= keys
    daily = [v for v in views if v.definition_key == "daily_monitoring"]
    assert len(daily) == 31 and all(v.status == "completed" for v in daily)
    # Everything ran to its end but the roster, which waits (escalated) for the silent district.
    running = sorted((v.definition_key, v.status) for v in views if v.status != "completed")
    assert running == [("spokesperson_roster", "running")] or running == [("spokesperson_roster", "waiting")]
    [(element, groups)] = [(t.element_id, t.candidate_groups) for t in tasks if t.state == "open"]
    assert element == "compile_list" and groups == [month.districts[-1]]
    assert office.done > 100
    assert any(t.id in escalated and t.state == "completed" for t in tasks)  # late work, escalated, done


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # the database keeps UTC
