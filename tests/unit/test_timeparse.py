"""The one ISO 8601 grammar (engine/timeparse.py): what deploy accepts, the scheduler, due dates and
SpiffWorkflow's timers all read the same way."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from engine import timeparse
from engine.bpmn import clock_bridge
from engine.scripting.policy import is_iso_timer_literal


@pytest.mark.parametrize("text, delta", [
    ("P1W2D", relativedelta(days=9)), ("P1W", relativedelta(weeks=1)),
    ("PT0.5S", relativedelta(microseconds=500_000)), ("P2DT3H", relativedelta(days=2, hours=3)),
    ("P1Y2M", relativedelta(years=1, months=2)), ("p1d", relativedelta(days=1)),
    ("P1,5D", relativedelta(days=1, hours=12)), ("PT90M", relativedelta(minutes=90)),
])
def test_durations(text, delta):
    assert timeparse.is_duration(text) and timeparse.parse_duration(text) == delta


@pytest.mark.parametrize("bad", ["P", "PT", "P1DT", "1D", "P1H", "PT1D", "P1.5Y", "P-1D", "P1D2W", "",
                                 "P1D junk"])
def test_malformed_durations_are_refused_by_every_reader(bad):
    assert not timeparse.is_duration(bad)
    assert not is_iso_timer_literal(bad)
    with pytest.raises(timeparse.TimeExpressionError):
        timeparse.parse_duration(bad)


def test_zero_is_refused_unless_allowed():
    with pytest.raises(timeparse.TimeExpressionError, match="zero"):
        timeparse.parse_duration("PT0S")
    assert timeparse.parse_duration("P0D", allow_zero=True) == relativedelta()


def test_naive_date_times_mean_hanoi():
    assert timeparse.parse_datetime("2026-01-05T08:00:00") == datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    assert timeparse.parse_datetime("2026-01-05T08:00:00Z") == datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    assert timeparse.aware(datetime(2026, 1, 5, 8)) == datetime(2026, 1, 5, 1, tzinfo=UTC)
    for bad in ("tomorrow", "2026-13-01", "05/01/2026"):
        assert not timeparse.is_datetime(bad)
        with pytest.raises(timeparse.TimeExpressionError):
            timeparse.parse_datetime(bad)


@pytest.mark.parametrize("text, ok", [
    ("R/P1D", True), ("R3/PT1H", True), ("R/2026-01-05T08:00/P1W2D", True), ("R2/P1D/2026-02-01", True),
    ("R/", False), ("RX/P1D", False), ("R/P1D/P2D/P3D", False), ("P1D/P2D", False),
])
def test_repeating_intervals(text, ok):
    assert timeparse.is_timer_literal(text) is ok


def test_spiffworkflow_timers_read_the_same_grammar():
    clock_bridge.install()
    start = datetime(2026, 1, 5, 1, tzinfo=UTC)
    parsed = TimerEventDefinition.parse_iso_duration("P1W2D")
    assert TimerEventDefinition.get_timedelta_from_start(parsed, start) == timedelta(days=9)
    with pytest.raises(timeparse.TimeExpressionError):
        TimerEventDefinition.parse_iso_duration("P1D2W")
