"""Task attributes written as expressions (due and follow-up dates) read the engine clock, as scripts and
timers do: a simulated month sees due dates of its own month, not of the wall clock."""
from __future__ import annotations

from ..conftest import OFFICER_TTTT
from .helpers import deploy, task_named


def test_due_and_follow_up_dates_follow_the_engine_clock(engine, clock):
    deploy(engine, "due_by_working_days.bpmn")
    inst = engine.runtime.start("due_by_working_days", OFFICER_TTTT)  # Monday 5 January 2026, 08:00
    first = task_named(engine, inst.id, "first", OFFICER_TTTT)
    assert first.due_at.startswith("2026-01-07T01:00")  # Wednesday 08:00 Hanoi
    assert first.follow_up_at.startswith("2026-01-05T01:00")
    clock.advance(days=4)  # Friday 9 January
    engine.tasks.complete(first.id, OFFICER_TTTT, {})
    second = task_named(engine, inst.id, "second", OFFICER_TTTT)
    assert second.due_at.startswith("2026-01-12T01:00")  # the next working day is Monday
