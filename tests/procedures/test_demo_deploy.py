"""What `make run` deploys: every process, decision table and form, cleanly, and again as unchanged."""
from __future__ import annotations

from api.demo import seed_demo

from .conftest import ROOT
from .timers import start_timers


def test_demo_deploys_everything_then_nothing_twice(province):
    first = list(seed_demo(province, ROOT))
    deployed = [line for line in first if line.startswith("deployed")]
    assert deployed and all(line.endswith("version 1") for line in deployed)
    again = [line for line in seed_demo(province, ROOT) if line.startswith("deployed")]
    assert len(again) == len(deployed) and all(line.endswith("(unchanged)") for line in again)
    assert {d.key for d in province.repository.list_definitions()} >= {
        "press_inquiry", "false_report_rebuttal", "multi_agency_case", "press_complaint", "periodic_report",
        "training_cycle", "monthly_briefing", "spokesperson_roster", "daily_monitoring", "press_inspection"}
    timed = {key for key in ("training_cycle", "monthly_briefing", "spokesperson_roster", "daily_monitoring",
                             "press_inspection")
             if any(t.status == "waiting" for t in start_timers(province, key))}
    assert len(timed) == 5  # the timer-started procedures are scheduled by the demo's deployment
