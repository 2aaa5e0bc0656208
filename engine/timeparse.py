"""The one ISO 8601 grammar: durations and date-times as BPMN timers, due dates and SLA offsets write
them. Deploy-time checks (engine/bpmn/validation.py, engine/scripting/policy.py), the scheduler's timer
arithmetic (engine/scheduler/timer_expr.py), task due dates (engine/projection.py) and SpiffWorkflow's
own timer events (through `install`) all parse here, so what deploys also runs.

Durations: `P[nY][nM][nW][nD][T[nH][nM][nS]]`, fractions with `.` or `,` on W, D, H, M, S; weeks may
combine with other units (ISO 8601-1:2019), so `P1W2D` is nine days. Years and months stay calendar
units (a relativedelta). Date-times: ISO 8601; a naive one means Asia/Ho_Chi_Minh.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from dateutil.parser import isoparse
from dateutil.relativedelta import relativedelta

from .clock import LOCAL_TZ
from .errors import ValidationFailed

_NUM = r"\d+(?:[.,]\d+)?"
_DURATION = re.compile(
    rf"P(?=\d|T\d)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>{_NUM})W)?(?:(?P<days>{_NUM})D)?"
    rf"(?:T(?=\d)(?:(?P<hours>{_NUM})H)?(?:(?P<minutes>{_NUM})M)?(?:(?P<seconds>{_NUM})S)?)?",
    re.IGNORECASE)
_REPEAT = re.compile(r"R\d*", re.IGNORECASE)


class TimeExpressionError(ValidationFailed):
    """A duration or date-time pressdesk cannot read; the message says which part is wrong."""


def is_duration(text: str) -> bool:
    return bool(_DURATION.fullmatch(text.strip()))


def is_datetime(text: str) -> bool:
    try:
        parse_datetime(text)
    except TimeExpressionError:
        return False
    return True


def is_moment(text: str) -> bool:
    """A literal due date or timer date: an ISO 8601 duration (from now) or date-time."""
    return is_duration(text) or is_datetime(text)


def is_timer_literal(text: str) -> bool:
    """A bare ISO 8601 date-time, duration or repeating interval (`R3/PT1H`, `R/2026-01-05T08:00/P1D`)."""
    parts = text.strip().split("/")
    if parts[0][:1].upper() == "R":
        if not _REPEAT.fullmatch(parts[0]) or len(parts) not in (2, 3):
            return False
        parts = parts[1:]
    elif len(parts) != 1:
        return False
    return all(is_moment(p) for p in parts)


def duration_parts(text: str) -> dict[str, float]:
    """The units of a duration (`{"weeks": 1, "days": 2}`); raises TimeExpressionError."""
    match = _DURATION.fullmatch(text.strip())
    if not match:
        raise TimeExpressionError(f"{text[:80]!r} is not an ISO 8601 duration "
                                  "(such as P1D, PT1H, P1W2D or P1M)")
    return {k: float(v.replace(",", ".")) for k, v in match.groupdict().items() if v}


def parse_duration(text: str, allow_zero: bool = False) -> relativedelta:
    """A duration as a relativedelta (years and months calendar units); raises TimeExpressionError."""
    parts = duration_parts(text)
    delta = relativedelta(years=int(parts.pop("years", 0)), months=int(parts.pop("months", 0)))
    delta += timedelta(**parts)
    if delta == relativedelta() and not allow_zero:
        raise TimeExpressionError(f"duration {text!r} is zero")
    return delta


def parse_datetime(text: str) -> datetime:
    """An ISO 8601 date-time in UTC; naive means Hanoi local time. Raises TimeExpressionError."""
    try:
        moment = isoparse(text.strip())
    except (ValueError, OverflowError, TypeError) as exc:
        raise TimeExpressionError(f"{text[:80]!r} is not an ISO 8601 date-time") from exc
    return aware(moment)


def aware(moment: datetime) -> datetime:
    """A datetime in UTC; naive means Hanoi local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(UTC)


def _spiff_duration(expression: Any) -> dict[str, float]:
    parts = duration_parts(str(expression))
    # SpiffWorkflow adds months by walking calendar months, so it wants whole ones as numbers.
    return {k: (int(v) if v == int(v) else v) for k, v in parts.items()}


def install() -> None:
    """Make SpiffWorkflow's timer events read durations with this grammar (idempotent)."""
    from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

    TimerEventDefinition.parse_iso_duration = staticmethod(_spiff_duration)
