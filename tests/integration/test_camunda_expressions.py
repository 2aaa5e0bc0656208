"""JUEL (${...}) and FEEL (=..., language attributes, DMN tables) in deployed models: conditions, timers,
due dates, assignees and candidate groups run through the sandbox's interpreters; malformed ones are
refused at deploy with the element and the column."""
from __future__ import annotations

import pytest

from engine.errors import ModelInvalid, ScriptError
from engine.repository import ModelFile

from ..conftest import ANALYST, OFFICER_TTTT, OFFICER_YTE, SUPERVISOR
from .helpers import MODELS, deploy, task_named

BASE = {"amount": 150, "urgent": False, "kind": "news", "unit": "so-y-te", "owner": "spokesperson.yte",
        "items": [], "received": "2026-01-05T08:00:00+07:00"}


def _start(engine, **changes):
    deploy(engine, "camunda_expressions.bpmn")
    return engine.runtime.start("camunda_expressions", OFFICER_TTTT, {**BASE, **changes})


def test_juel_condition_assignee_groups_and_feel_due_date(engine):
    inst = _start(engine)
    review = task_named(engine, inst.id, "review", OFFICER_YTE)
    assert review.assignee == "spokesperson.yte" and review.candidate_groups == ["so-y-te"]
    assert review.due_at.startswith("2026-01-07T01:00")  # received + P2D, Hanoi 08:00 = 01:00 UTC


def test_juel_empty_falls_back_in_candidate_groups(engine):
    inst = _start(engine, unit="")
    assert task_named(engine, inst.id, "review", SUPERVISOR).candidate_groups == ["so-tttt"]


def test_feel_condition_by_language_attribute_and_juel_timer(engine):
    inst = _start(engine, amount=50, urgent=True, kind="alert")
    assert engine.runtime.get(inst.id).status == "waiting"
    [timer] = engine.management.timers(SUPERVISOR, instance=inst.id)[0]
    engine.clock.advance(minutes=59)
    assert engine.runtime.fire_due_timers() == 0
    engine.clock.advance(minutes=2)  # ${kind eq 'alert' ? 'PT1H' : 'PT2H'}
    assert engine.runtime.fire_due_timers() == 1
    after = task_named(engine, inst.id, "after_wait", OFFICER_YTE)
    assert after.candidate_groups == ["so-y-te", "so-tttt"] and after.assignee == "spokesperson.yte"
    assert after.due_at.startswith("2026-01-05T01:00")
    assert timer.element_id == "wait"


def test_zeebe_style_condition_feel_timer_and_composite_assignee(engine):
    inst = _start(engine, amount=5, items=[1, 2, 3, 4])
    [timer] = engine.management.timers(SUPERVISOR, instance=inst.id)[0]
    assert (timer.element_id, timer.due_at) == ("wait_feel", "2026-01-06T01:00:00+00:00")  # received + P1D
    engine.clock.advance(days=1, seconds=1)
    assert engine.runtime.fire_due_timers() == 1
    many = task_named(engine, inst.id, "many", SUPERVISOR)
    assert many.candidate_groups == ["so-y-te"] and many.assignee == "group-so-y-te"


def test_no_condition_true_takes_the_default_flow(engine):
    assert _start(engine, amount=5).status == "completed"


def test_missing_variable_in_juel_is_an_error_as_in_camunda(engine):
    deploy(engine, "camunda_expressions.bpmn")
    data = {k: v for k, v in BASE.items() if k != "amount"}
    with pytest.raises(ScriptError, match="Cannot resolve identifier 'amount'"):
        engine.runtime.start("camunda_expressions", OFFICER_TTTT, data)


@pytest.mark.parametrize("amount, kind, route, level", [
    (6000, "News", "director", "high"),
    (2000, "alert", "director", "mid"),
    (500, "report", "head", "mid"),
    (500, "ad", "none", "low"),
    (40, "ad", "none", "low"),
    (40, "report", "officer", "80"),
])
def test_dmn_with_feel_unary_tests_and_outputs(engine, amount, kind, route, level):
    deploy(engine, "feel_decision.bpmn", "feel_decision.dmn")
    done = engine.runtime.start("feel_decision", OFFICER_TTTT, {"amount": amount, "kind": kind})
    assert done.status == "completed"
    assert (done.variables["route"], done.variables["level"]) == (route, level)


def _variant(name: str, old: str, new: str) -> ModelFile:
    text = (MODELS / name).read_text(encoding="utf-8")
    assert old in text
    return ModelFile(name, text.replace(old, new).encode())


@pytest.mark.parametrize("old, new, element, column", [
    ("${amount &gt; 100 &amp;&amp; !urgent}", "${amount &gt; &amp;&amp; !urgent}", "f_juel", 12),
    ('urgent = true and kind in ("news", "alert")', 'urgent = = true', "f_feel", 10),
    ("=count(items) &gt; 3", "=count(items &gt; 3", "f_zeebe", 17),
    ("${execution.getVariable('owner')}", "${execution.}", "review", 13),
    ("${kind eq 'alert' ? 'PT1H' : 'PT2H'}", "${kind eq 'alert' ? 'PT1H'}", "wait", 27),
    ('=[unit, &quot;so-tttt&quot;]', '=[unit, ', "after_wait", 8),
    ("#{unit}", "#{unit", "many", 1),
    ('+ duration("P1D")', '+ duration("P1D"', "wait_feel", 42),
    ('=date and time(received)', '=date and time(received', "review", 42),
])
def test_malformed_expression_is_refused_at_deploy_with_its_column(engine, old, new, element, column):
    with pytest.raises(ModelInvalid) as err:
        engine.repository.deploy([_variant("camunda_expressions.bpmn", old, new)], ANALYST)
    [problem] = [e for e in err.value.errors if e["element_id"] == element]
    assert f"column {column}:" in problem["message"] and problem["line"]
    assert engine.repository.list_definitions() == []  # nothing deployed


def test_unsupported_condition_language_is_refused(engine):
    bad = _variant("camunda_expressions.bpmn", 'language="https://www.omg.org/spec/DMN/20191111/FEEL/"',
                   'language="javascript"')
    with pytest.raises(ModelInvalid) as err:
        engine.repository.deploy([bad], ANALYST)
    [problem] = [e for e in err.value.errors if e["element_id"] == "f_feel"]
    assert "'javascript' is not supported" in problem["message"]


@pytest.mark.parametrize("old, new, entry, column", [
    ("[100..1000]", "[100..", "r2_a", 7),
    ('not("ad")', 'not("ad"', "r2_k", 9),
    ("string(amount * 2)", "string(amount * )", "r4_l", 17),
    ("&gt; 1000", 'matches(?, "x")', "r1_a", 1),
])
def test_malformed_feel_dmn_entry_is_refused_at_deploy(engine, old, new, entry, column):
    with pytest.raises(ModelInvalid) as err:
        bpmn = ModelFile("feel_decision.bpmn", (MODELS / "feel_decision.bpmn").read_bytes())
        engine.repository.deploy([bpmn, _variant("feel_decision.dmn", old, new)], ANALYST)
    [problem] = [e for e in err.value.errors if e["element_id"] == entry]
    assert f"column {column}:" in problem["message"] and problem["line"]
    assert engine.repository.list_definitions() == []
