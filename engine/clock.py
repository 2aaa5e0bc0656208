"""The one source of "now" for the engine.

Everything that asks for the time (timers, due dates, history stamps) goes through a Clock, so tests
and simulations can move time forward by weeks without sleeping.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock:
    """Wall-clock time, always timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock(Clock):
    """A clock that only moves when told to (tests, simulations)."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime(2026, 1, 5, 1, 0, tzinfo=UTC)  # a Monday, 08:00 in Hanoi
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start time")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        delta = delta or timedelta(**kwargs)
        with self._lock:
            self._now += delta
            return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("ManualClock.set needs a timezone-aware time")
        with self._lock:
            self._now = moment.astimezone(UTC)


# The clock of the engine step running in this thread/context. SpiffWorkflow and the script helpers ask
# for "now" deep inside calls we do not control; they read it from here (see engine/bpmn/clock_bridge.py).
_WALL_CLOCK = Clock()
_current_clock: ContextVar[Clock] = ContextVar("pressdesk_clock", default=_WALL_CLOCK)  # noqa: B039 - stateless


def current_clock() -> Clock:
    return _current_clock.get()


@contextmanager
def using_clock(clock: Clock) -> Iterator[Clock]:
    """Make `clock` the time source for everything called inside the block."""
    token = _current_clock.set(clock)
    try:
        yield clock
    finally:
        _current_clock.reset(token)
