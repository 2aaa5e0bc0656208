"""Timer start expressions: ISO 8601 dates, durations and repeating intervals, and cron, in Hanoi time."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.scheduler.timer_expr import Occurrence, Schedule, TimerExpressionError

DEPLOYED = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)  # Monday 08:00 in Hanoi


def series(kind: str, text: str, count: int = 4) -> list[datetime]:
    plan = Schedule.parse(kind, text, DEPLOYED)
    out, occ = [], plan.first()
    while occ is not None and len(out) < count:
        out.append(occ.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None))
        occ = plan.next_after(occ, occ.due_at)
    return out


def test_repeating_intervals():
    assert series("timeCycle", "R/P1D", 2) == [datetime(2026, 1, 6, 8), datetime(2026, 1, 7, 8)]
    assert series("timeCycle", "R3/PT1H", 9) == [datetime(2026, 1, 5, h) for h in (9, 10, 11)]
    # Month ends stay month ends: counted from the series start, never drifting.
    assert series("timeCycle", '"R/2026-01-31T08:00/P1M"', 3) == [
        datetime(2026, 1, 31, 8), datetime(2026, 2, 28, 8), datetime(2026, 3, 31, 8)]
    assert series("timeCycle", "R2/2026-01-10T08:00/2026-01-11T08:00", 5) == [
        datetime(2026, 1, 10, 8), datetime(2026, 1, 11, 8)]


def test_once_only_timers():
    assert series("timeDate", "2026-03-01T08:00") == [datetime(2026, 3, 1, 8)]
    assert series("timeDuration", "P2D") == [datetime(2026, 1, 7, 8)]


def test_cron_five_fields_and_quartz():
    assert series("timeCycle", "0 8 * * MON-FRI", 5)[-1] == datetime(2026, 1, 12, 8)  # skips the weekend
    # Quartz weekdays count from Sunday = 1, so 2-6 is Monday to Friday.
    assert series("timeCycle", "0 0 9 ? * 2-6", 5) == [datetime(2026, 1, d, 9) for d in (5, 6, 7, 8, 9)]
    assert series("timeCycle", "0 0 8 1 1/6 ?", 2) == [datetime(2026, 7, 1, 8), datetime(2027, 1, 1, 8)]


def test_a_late_cycle_resumes_at_the_first_occurrence_not_in_the_past():
    plan = Schedule.parse("timeCycle", "R/P1D", DEPLOYED)
    first = plan.first()
    late = datetime(2026, 1, 9, 3, 0, tzinfo=UTC)
    nxt = plan.next_after(first, late)
    assert nxt.due_at == datetime(2026, 1, 10, 1, 0, tzinfo=UTC) and nxt.index == 4  # 6 Jan is #0
    bounded = Schedule.parse("timeCycle", "R3/P1D", DEPLOYED)
    assert bounded.next_after(Occurrence(first.due_at, 0), late) is None  # its three are all past


def test_detail_round_trip():
    plan = Schedule.parse("timeCycle", "R/PT30M", DEPLOYED)
    occ = plan.first()
    again, index = Schedule.from_detail(plan.as_detail(occ))
    assert again == plan and index == 0


@pytest.mark.parametrize("kind,text,words", [
    ("timeCycle", "every morning", "neither an ISO 8601 repeating interval"),
    ("timeCycle", "R/P", "not an ISO 8601 duration"),
    ("timeCycle", "R/PT0S", "zero"),
    ("timeCycle", "R/PT1H/PT2H", "two durations"),
    ("timeCycle", "R/2026-01-02T00:00/2026-01-01T00:00", "not after its start"),
    ("timeCycle", "61 * * * *", "not a valid cron expression"),
    ("timeDate", "tomorrow", "not an ISO 8601 date-time"),
    ("timeDuration", "", "empty"),
])
def test_bad_expressions_are_refused_with_a_reason(kind, text, words):
    with pytest.raises(TimerExpressionError, match=words):
        Schedule.parse(kind, text, DEPLOYED)
