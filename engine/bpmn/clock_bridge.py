"""Route SpiffWorkflow's timer arithmetic through the engine clock.

SpiffWorkflow's timer events call `datetime.now(timezone.utc)` directly. We give its timer module a
`datetime` whose now() asks engine.clock.current_clock(), so timers fire by the engine's clock (a
ManualClock in tests and simulations) while every other datetime behaviour stays the standard one.
A naive date-time in a timer (a script's `datetime.now().isoformat()`) means Hanoi time there, as it
does for pressdesk's timer rows (projection.parse_moment), whatever the server's own timezone.
"""
from __future__ import annotations

from datetime import datetime, tzinfo

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _spiff_timer

from ..clock import LOCAL_TZ, current_clock


class _EngineClockDatetime(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        moment = current_clock().now()
        return moment.astimezone(tz) if tz is not None else moment.astimezone(LOCAL_TZ).replace(tzinfo=None)


def install() -> None:
    """Idempotent; called once when the engine is built. Also gives SpiffWorkflow's timers the engine's
    one duration grammar (engine/timeparse.py)."""
    from .. import timeparse

    _spiff_timer.datetime = _EngineClockDatetime
    timeparse.install()
    _spiff_timer.LOCALTZ = LOCAL_TZ  # SpiffWorkflow reads naive timer values in this zone
