"""Task attributes given as expressions (dueDate, followUpDate, priority, candidateGroups, assignee):
evaluated on the engine clock, and a failing one refuses the change with a ScriptError."""
from __future__ import annotations

import pytest

from engine.errors import ScriptError

from ..conftest import OFFICER_TTTT, OFFICER_YTE, SUPERVISOR
from .helpers import deploy, event_types, open_tasks, task_named

GOOD = {"unit": "so-y-te", "days": 2, "level": 80}


def _start(engine):
    deploy(engine, "task_attributes.bpmn")
    inst = engine.runtime.start("task_attributes", OFFICER_TTTT)
    return inst.id, task_named(engine, inst.id, "prepare", OFFICER_TTTT).id


def test_expressions_read_the_engine_clock(engine):
    iid, prepare = _start(engine)  # Monday 5 January 2026, 08:00 Hanoi
    engine.tasks.complete(prepare, OFFICER_TTTT, GOOD)
    answer = task_named(engine, iid, "answer", OFFICER_YTE)
    assert answer.due_at.startswith("2026-01-07T01:00")  # Wednesday 08:00 Hanoi
    assert answer.follow_up_at.startswith("2026-01-06T01:00")
    assert answer.priority == 80 and answer.candidate_groups == ["so-y-te"] and answer.assignee is None


def test_an_assignee_expression_names_the_user(engine):
    iid, prepare = _start(engine)
    engine.tasks.complete(prepare, OFFICER_TTTT, {**GOOD, "who": "spokesperson.yte"})
    assert task_named(engine, iid, "answer", OFFICER_YTE).assignee == "spokesperson.yte"


@pytest.mark.parametrize("data, attribute", [
    ({**GOOD, "days": "two"}, "dueDate"),
    ({"days": 2, "level": 80}, "candidateGroups"),  # `unit` is not defined
    ({**GOOD, "level": "high"}, "priority"),
    ({**GOOD, "who": None, "days": None}, "dueDate"),
    ({**GOOD, "who": ["officer.tttt", "spokesperson.yte"]}, "assignee"),
    ({**GOOD, "unit": 5}, "candidateGroups"),
    ({**GOOD, "unit": {"so-y-te": True}}, "candidateGroups"),
])
def test_a_failing_attribute_expression_refuses_the_completion(engine, data, attribute):
    iid, prepare = _start(engine)
    with pytest.raises(ScriptError, match=attribute):
        engine.tasks.complete(prepare, OFFICER_TTTT, data)
    # Nothing changed: the first task is still open, and no task of the next step exists.
    assert [t.element_id for t in open_tasks(engine, iid, SUPERVISOR)] == ["prepare"]
    assert "task_completed" not in event_types(engine, iid, SUPERVISOR)
    assert engine.runtime.get(iid).status == "running"
    engine.tasks.complete(prepare, OFFICER_TTTT, GOOD)  # and the corrected completion goes through
    assert task_named(engine, iid, "answer", OFFICER_YTE).priority == 80


def test_a_week_and_days_duration_deploys_starts_and_fires(engine, clock):
    """`P1W2D` (weeks with days, ISO 8601-1:2019) validates, becomes the task's due date and is the
    intermediate timer's wait: the same grammar at deploy, in the task list and in the interpreter."""
    from datetime import timedelta

    deploy(engine, "week_and_days.bpmn")
    inst = engine.runtime.start("week_and_days", OFFICER_TTTT)
    answer = task_named(engine, inst.id, "answer", OFFICER_TTTT)
    assert answer.due_at.startswith("2026-01-14T01:00")  # nine days after Monday 5 January, 08:00 Hanoi
    assert answer.follow_up_at.startswith("2026-01-12T13:00")
    engine.tasks.complete(answer.id, OFFICER_TTTT, {})
    clock.advance(timedelta(days=9) - timedelta(minutes=1))
    engine.runtime.fire_due_timers()
    assert engine.runtime.get(inst.id, SUPERVISOR).status != "completed"
    clock.advance(timedelta(minutes=2))
    engine.runtime.fire_due_timers()
    assert engine.runtime.get(inst.id, SUPERVISOR).status == "completed"
