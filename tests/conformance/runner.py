"""Run the peer test models of corpus/manifest.json through pressdesk and through raw SpiffWorkflow.

Each case names its files, the process to start, the steps its peer test takes (complete a user task with
data, send a message or a signal, let time pass) and what the peer test expects at the end (completed or
not, the user tasks then open, end events reached, some variables, or an error). A run is classified:

- PASS: the expectation holds;
- WRONG: the model ran but ended somewhere else;
- REFUSED: the engine declined the model or a step, naming an element and the feature;
- CRASH: anything else (an exception no engine should let out).
"""
from __future__ import annotations

import json
import tempfile
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from lxml import etree

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = CORPUS / "manifest.json"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
VERDICTS = ("PASS", "WRONG", "REFUSED", "CRASH")
START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)


@dataclass
class Final:
    """Where a run ended."""

    completed: bool
    user_tasks: list[str]
    end_events: list[str]
    variables: dict[str, Any]
    user_task_names: list[str] = field(default_factory=list)


@dataclass
class Result:
    case: str
    verdict: str
    detail: str = ""
    final: Final | None = None


class Refused(Exception):
    """The engine declined: `element` and `feature` say what and why."""

    def __init__(self, element: str | None, feature: str) -> None:
        super().__init__(f"{element}: {feature}")
        self.element, self.feature = element, feature


@dataclass
class Case:
    id: str
    files: list[str]
    process: str
    expect: dict[str, Any]
    start: dict[str, Any] = field(default_factory=dict)
    steps: list[dict[str, Any]] = field(default_factory=list)
    source: dict[str, Any] = field(default_factory=dict)
    peer_test: str = ""
    note: str = ""
    deploy: dict[str, Any] = field(default_factory=dict)  # pressdesk deployment options (human_tasks)

    def paths(self) -> list[Path]:
        return [CORPUS / f for f in self.files]


def load_cases() -> list[Case]:
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [Case(**c) for c in data["cases"]]


def end_event_ids(paths: list[Path]) -> set[str]:
    return {el.get("id") for p in paths
            for el in etree.parse(str(p)).getroot().iter(f"{{{BPMN_NS}}}endEvent")}


def lane_ids(paths: list[Path]) -> list[str]:
    return [el.get("id") for p in paths for el in etree.parse(str(p)).getroot().iter(f"{{{BPMN_NS}}}lane")]


def judge(case: Case, final: Final) -> tuple[str, str]:
    exp = case.expect
    problems = []
    if "completed" in exp and final.completed != exp["completed"]:
        problems.append(f"completed={final.completed}, expected {exp['completed']}")
    if "user_tasks" in exp and sorted(final.user_tasks) != sorted(exp["user_tasks"]):
        problems.append(f"open user tasks {sorted(final.user_tasks)}, expected {sorted(exp['user_tasks'])}")
    if "user_task_names" in exp and sorted(final.user_task_names) != sorted(exp["user_task_names"]):
        problems.append(f"open user tasks {sorted(final.user_task_names)}, "
                        f"expected {sorted(exp['user_task_names'])}")
    if "user_task_count" in exp and len(final.user_tasks) != exp["user_task_count"]:
        problems.append(f"{len(final.user_tasks)} open user tasks, expected {exp['user_task_count']}")
    missing = set(exp.get("end_events", [])) - set(final.end_events)
    if missing:
        problems.append(f"end events {sorted(missing)} not reached (reached {sorted(final.end_events)})")
    avoided = set(exp.get("not_end_events", [])) & set(final.end_events)
    if avoided:
        problems.append(f"end events {sorted(avoided)} reached but must not be")
    for key, value in exp.get("variables", {}).items():
        if final.variables.get(key) != value:
            problems.append(f"variable {key}={final.variables.get(key)!r}, expected {value!r}")
    return ("WRONG", "; ".join(problems)) if problems else ("PASS", "")


def run_case(case: Case, driver_class: type) -> Result:
    driver = driver_class()
    try:
        try:
            driver.deploy(case)
            driver.start(case)
            for step in case.steps:
                driver.step(step)
            final = driver.final()
        finally:
            driver.close()
    except Refused as exc:
        return Result(case.id, "REFUSED", f"{exc.element}: {exc.feature}")
    except Exception as exc:  # noqa: BLE001 - classified, not hidden
        if driver.is_model_error(exc):  # the engine ran the model and stopped it with its own error
            if case.expect.get("raises"):
                return Result(case.id, "PASS", f"raised as expected: {exc}"[:300])
            return Result(case.id, "WRONG", f"ended in error: {exc}"[:300])
        return Result(case.id, "CRASH", f"{type(exc).__name__}: {exc}"[:300] + "\n"
                      + "".join(traceback.format_exception(exc)[-3:])[:600])
    if case.expect.get("raises"):
        return Result(case.id, "WRONG", "expected an error, the run went on", final)
    verdict, detail = judge(case, final)
    return Result(case.id, verdict, detail, final)


def run_all(driver_class: type, cases: list[Case] | None = None) -> list[Result]:
    return [run_case(c, driver_class) for c in (cases if cases is not None else load_cases())]


def counts(results: list[Result]) -> dict[str, int]:
    return {v: sum(r.verdict == v for r in results) for v in VERDICTS}


def tmp_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="pressdesk-conformance-"))


def duration(text: str) -> timedelta:
    from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

    return TimerEventDefinition.get_timedelta_from_start(TimerEventDefinition.parse_iso_duration(text), START)
