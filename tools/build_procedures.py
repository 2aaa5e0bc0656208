"""Write processes/<key>.bpmn and forms/<form id>.form from the procedure definitions in tools/procedures/.

    .venv/bin/python -m tools.build_procedures [key ...]

Overwrites the named procedures' files (all when none is named): run it only while a procedure is
authored here; once analysts edit a .bpmn in a modeller, that file is the source.
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = ["press_inquiry", "false_report_rebuttal", "multi_agency_case", "press_complaint", "training_cycle",
        "monthly_briefing", "spokesperson_roster", "daily_monitoring", "periodic_report", "secrecy_review",
        "portal_publication", "press_briefing", "press_inspection"]


def main(keys: list[str]) -> None:
    for key in keys or KEYS:
        try:
            module = importlib.import_module(f"tools.procedures.{key}")
        except ModuleNotFoundError:
            print(f"skip {key}: no definition")
            continue
        process = module.build()
        (ROOT / "processes" / f"{key}.bpmn").write_text(process.xml(), encoding="utf-8")
        (ROOT / "forms").mkdir(exist_ok=True)
        for form_id, form in process.forms.items():
            text = json.dumps(form, ensure_ascii=False, indent=2) + "\n"
            (ROOT / "forms" / f"{form_id}.form").write_text(text, encoding="utf-8")
        print(f"{key}: {len(process.nodes)} elements, {len(process.forms)} forms")


if __name__ == "__main__":
    main(sys.argv[1:])
