"""StatisticsService: a period's counts of instances, end events and tasks, read from the engine's records."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.errors import Forbidden, ValidationFailed
from engine.identity import SYSTEM

from ..conftest import AUDITOR, OFFICER_TTTT, SUPERVISOR
from .helpers import deploy, task_named


def _complete(engine, iid, element_id, actor, data=None):
    engine.tasks.complete(task_named(engine, iid, element_id, actor).id, actor, data or {})


def test_a_period_counts_instances_ends_late_overdue_and_escalated_work(engine, clock):
    deploy(engine, "one_task.bpmn", "task_attributes.bpmn")
    t0 = clock.now()
    on_time, late, left_open = (engine.runtime.start("one_task", OFFICER_TTTT).id for _ in range(3))
    _complete(engine, on_time, "answer", OFFICER_TTTT)
    escalated = engine.runtime.start("task_attributes", OFFICER_TTTT).id
    _complete(engine, escalated, "prepare", OFFICER_TTTT, {"unit": "so-y-te", "days": 10, "level": 95})
    clock.advance(days=3)  # one_task's answer is due after two days
    _complete(engine, late, "answer", OFFICER_TTTT)
    stats = engine.statistics.summary(SUPERVISOR, t0, t0 + timedelta(days=4))
    assert stats["procedures"]["one_task"] == {"started": 3, "completed": 2, "open": 1, "ends": {"end": 2},
                                               "tasks": {"answer": 2}}
    assert stats["procedures"]["task_attributes"] == {"started": 1, "completed": 0, "open": 1, "ends": {},
                                                      "tasks": {"prepare": 1}}
    assert stats["tasks"] == {"completed": 3, "late": 1, "open_overdue": 1, "escalations": 1}
    assert stats["period"]["from"] == t0.isoformat()
    # A later period: nothing started or done in it, the unanswered work is still open and overdue.
    later = engine.statistics.summary(AUDITOR, t0 + timedelta(days=10), t0 + timedelta(days=20))
    assert later["procedures"]["one_task"]["started"] == 0 and later["procedures"]["one_task"]["open"] == 1
    assert later["tasks"] == {"completed": 0, "late": 0, "open_overdue": 2, "escalations": 0}
    # Work done after a period's end still counts as overdue at that end.
    _complete(engine, left_open, "answer", OFFICER_TTTT)
    early = engine.statistics.summary(SYSTEM, t0, t0 + timedelta(days=2, hours=1))
    assert early["tasks"]["open_overdue"] == 2  # both answers done on day 3 were overdue then
    assert engine.statistics.summary(SYSTEM, t0, t0 + timedelta(days=4))["tasks"] == {
        "completed": 4, "late": 2, "open_overdue": 0, "escalations": 1}


def test_only_supervisors_auditors_and_admins_read_statistics_of_a_real_period(engine, clock):
    t0 = clock.now()
    with pytest.raises(Forbidden):
        engine.statistics.summary(OFFICER_TTTT, t0, t0 + timedelta(days=1))
    with pytest.raises(ValidationFailed):
        engine.statistics.summary(SUPERVISOR, t0, t0)
    with pytest.raises(ValidationFailed):
        engine.statistics.summary(SUPERVISOR, datetime(2026, 1, 1), datetime(2026, 2, 1))
    assert engine.statistics.summary(SUPERVISOR, t0, t0 + timedelta(days=1))["procedures"] == {}
