"""What `make run` deploys: every process, decision table and form, cleanly, and again as unchanged."""
from __future__ import annotations

from api.demo import seed_demo

from .conftest import ROOT


def test_demo_deploys_everything_then_nothing_twice(province):
    first = list(seed_demo(province, ROOT))
    deployed = [line for line in first if line.startswith("deployed")]
    assert deployed and all(line.endswith("version 1") for line in deployed)
    again = [line for line in seed_demo(province, ROOT) if line.startswith("deployed")]
    assert len(again) == len(deployed) and all(line.endswith("(unchanged)") for line in again)
    assert {d.key for d in province.repository.list_definitions()} >= {
        "press_inquiry", "false_report_rebuttal", "multi_agency_case", "press_complaint", "periodic_report"}
