"""The 21 OMG BPMN MIWG reference models: each imports safely, and each problem names an element and why.

Run this file directly (`.venv/bin/python tests/unit/test_conformance_models.py`) for the summary table.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from engine.bpmn import safety, spiff_bridge, validation
from engine.errors import ModelProblem


def _miwg_folder() -> Path:
    """The shared conformance data: PRESSDESK_CONFORMANCE_DIR, else ../shared beside the clone (as in
    the team's checkouts and CI), else the workplace's /work/shared (a clone made elsewhere)."""
    if os.environ.get("PRESSDESK_CONFORMANCE_DIR"):
        return Path(os.environ["PRESSDESK_CONFORMANCE_DIR"]).resolve()
    beside = (Path(__file__).resolve().parents[2] / ".." / "shared" / "conformance" / "miwg").resolve()
    return beside if beside.is_dir() else Path("/work/shared/conformance/miwg")


MIWG = _miwg_folder()
FILES = sorted(MIWG.glob("*.bpmn"))
# Marked isExecutable="true", as the suite's README states.
MARKED_EXECUTABLE = {"C.1.0", "C.1.1", "C.3.0", "C.8.1", "C.9.0", "C.9.1", "C.9.2"}
# Without isExecutable, which means executable as in Camunda 7 (see elements.py).
EXECUTABLE = MARKED_EXECUTABLE | {"C.4.0", "C.5.0", "C.6.0", "C.7.0"}
REFUSING_CODES = {"unsupported-element", "unsupported-event-definition"}


@dataclass
class Outcome:
    name: str
    executable: list[str]
    problems: list[ModelProblem]
    spiff_problems: list[ModelProblem] = field(default_factory=list)

    @property
    def blocking(self) -> list[ModelProblem]:
        return validation.blocking(self.problems)

    @property
    def refused_elements(self) -> Counter:
        return Counter(p.message.split(" is not supported")[0] for p in self.problems
                       if p.extra["code"] in REFUSING_CODES)

    @property
    def verdict(self) -> str:
        if not self.executable:
            return "view only"
        if self.blocking:
            return "refused"
        return "builds" if not self.spiff_problems else "Spiff refuses"


def outcome(path: Path) -> Outcome:
    tree = safety.load_model_xml(path.read_bytes(), path.name)
    executable = [p.get("id") for p in tree.getroot().iter(f"{{{safety.BPMN_NS}}}process")
                  if (p.get("isExecutable") or "true").lower() != "false"]
    problems = validation.validate_bpmn([(path.name, tree)], lint=True)
    result = Outcome(path.stem, executable, problems)
    if executable and not result.blocking:
        # Call targets live in other deployments; the repository resolves them.
        _, result.spiff_problems = spiff_bridge.parse_with_spiff([(path.name, tree)], require_called=False)
    return result


def summary(outcomes: list[Outcome]) -> str:
    lines = ["| model | executable | verdict | errors (by check) | info | refused elements |",
             "|---|---|---|---|---|---|"]
    for o in outcomes:
        errors = Counter(p.extra["code"] for p in o.blocking + o.spiff_problems)
        info = sum(p.extra["severity"] == "info" for p in o.problems)
        refused = ", ".join(f"{k} x{n}" for k, n in sorted(o.refused_elements.items())) or "-"
        errors_text = ", ".join(f"{k} x{n}" for k, n in sorted(errors.items())) or "-"
        lines.append(f"| {o.name} | {'yes' if o.executable else 'no'} | {o.verdict} | {errors_text} | {info} "
                     f"| {refused} |")
    return "\n".join(lines)


def test_the_suite_is_there():
    assert len(FILES) == 21, f"expected the 21 MIWG reference models in {MIWG}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_model_imports_and_every_problem_names_element_and_reason(path):
    result = outcome(path)
    assert bool(result.executable) == (path.stem in EXECUTABLE)
    for problem in result.problems + result.spiff_problems:
        assert problem.element_id, problem
        assert problem.message.strip() and problem.line, problem
        assert problem.extra["severity"] in {"error", "warning", "info"}
        # Nothing in a view-only file may block its storage.
        assert result.executable or problem.extra["severity"] == "info"


def test_summary(record_property):
    outcomes = [outcome(p) for p in FILES]
    table = summary(outcomes)
    record_property("miwg_summary", table)
    print("\n" + table)
    verdicts = {o.name: o.verdict for o in outcomes}
    # C.9.1 (external tasks, timer boundary events) is the one the engine can run as written.
    assert verdicts["C.9.1"] == "builds"
    assert all(v == "view only" for n, v in verdicts.items() if n not in EXECUTABLE)


if __name__ == "__main__":
    print(summary([outcome(p) for p in FILES]))
