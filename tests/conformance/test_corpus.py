"""The peer test corpus (corpus/manifest.json) through pressdesk: no model may run to a wrong end or crash
the engine; a refused model names the element and the feature. Raw SpiffWorkflow runs the same corpus in
the same test so the report shows both (bench/conformance.py prints the table)."""
from __future__ import annotations

import json

import pytest

from .drivers import PressdeskDriver, SpiffDriver
from .runner import CORPUS, counts, load_cases, run_all, run_case

CASES = load_cases()


def test_the_manifest_names_source_commit_and_licence_of_every_model():
    assert 40 <= len(CASES) <= 150
    notice = (CORPUS / "NOTICE").read_text(encoding="utf-8")
    for case in CASES:
        src = case.source
        assert src["repo"] and src["commit"] and len(src["commit"]) == 40 and src["paths"]
        assert src["licence"] in ("LGPL-3.0-or-later", "Apache-2.0") and src["licence_file"] in notice
        assert src["repo"] in notice
        assert case.peer_test and case.expect is not None
        for path in case.paths():
            assert path.is_file(), path


def test_no_model_runs_wrong_or_crashes_pressdesk(record_property):
    ours = run_all(PressdeskDriver, CASES)
    theirs = run_all(SpiffDriver, CASES)
    summary = {"pressdesk": counts(ours), "SpiffWorkflow": counts(theirs)}
    record_property("conformance", json.dumps(summary))
    print("\n" + json.dumps(summary))
    bad = [f"{r.case}: {r.verdict} {r.detail}" for r in ours if r.verdict in ("WRONG", "CRASH")]
    assert not bad, "\n".join(bad)
    for r in ours:
        if r.verdict == "REFUSED":
            element, _, feature = r.detail.partition(": ")
            assert element and element != "None" and feature.strip(), r


def test_a_case_with_a_wrong_expectation_is_reported_wrong():
    # The runner itself: the same model with an expectation it cannot meet.
    case = next(c for c in CASES if c.id == "operaton:start-to-end")
    wrong = type(case)(**{**case.__dict__, "expect": {"completed": False}})
    assert run_case(wrong, PressdeskDriver).verdict == "WRONG"
    missing = type(case)(**{**case.__dict__, "steps": [{"complete": "no-such-task"}]})
    assert run_case(missing, PressdeskDriver).verdict == "WRONG"


@pytest.mark.parametrize("driver", [PressdeskDriver, SpiffDriver], ids=["pressdesk", "spiff"])
def test_an_unparsable_model_is_refused_not_crashed(tmp_path, driver, monkeypatch):
    case = next(c for c in CASES if c.id == "operaton:start-to-end")
    bad = tmp_path / "broken.bpmn"
    bad.write_text('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">'
                   '<process id="startToEnd" isExecutable="true"><startEvent id="s"/>'
                   '<sequenceFlow id="f" sourceRef="s" '
                   'targetRef="nowhere"/></process></definitions>')
    broken = type(case)(**{**case.__dict__, "files": [str(bad)]})
    assert run_case(broken, driver).verdict in ("REFUSED", "WRONG")
