"""When a definition-level timer (a timer start event) fires: its first and next occurrences.

Accepted, as Camunda 7 accepts them in a timer start event:
- timeDate: an ISO 8601 date-time (naive = Asia/Ho_Chi_Minh), fires once;
- timeDuration: an ISO 8601 duration, fires once that long after deployment;
- timeCycle: an ISO 8601 repeating interval `R[n]/duration`, `R[n]/start/duration`,
  `R[n]/duration/end` or `R[n]/start/end`, or a cron expression: 5 fields (minute hour day month
  weekday) or Quartz's 6 (seconds first, `?` allowed, weekdays 1-7 = SUN-SAT), in Hanoi time.

A cycle that fired late (workers were down) fires once for the missed occurrence, then resumes at the
first occurrence not in the past, as Camunda's timer jobs do.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from dateutil.parser import isoparse
from dateutil.relativedelta import relativedelta

from ..clock import LOCAL_TZ
from ..timeparse import TimeExpressionError, parse_datetime, parse_duration

_QUOTED = re.compile(r"""^\s*(['"])(.*)\1\s*$""", re.DOTALL)
_MAX_CATCH_UP = 100_000  # occurrences walked past at most when a cycle resumes after a long outage


TimerExpressionError = TimeExpressionError  # a timer expression pressdesk cannot schedule


@dataclass(frozen=True)
class Occurrence:
    due_at: datetime
    index: int  # 0 for the first occurrence of the series


@dataclass(frozen=True)
class Schedule:
    kind: str  # time_date | duration | cycle | cron
    expression: str
    anchor: datetime  # deployment time: where relative series start

    # --- reading ------------------------------------------------------------------------------
    @classmethod
    def parse(cls, timer_type: str, text: str, anchor: datetime) -> Schedule:
        """`timer_type` is timeDate, timeDuration or timeCycle; `text` the element's text (bare, or
        one quoted string literal). Raises TimerExpressionError."""
        expression = unquote(text)
        if not expression:
            raise TimerExpressionError(f"{timer_type} is empty")
        kind = {"timeDate": "time_date", "timeDuration": "duration", "timeCycle": "cycle"}.get(timer_type)
        if kind is None:
            raise TimerExpressionError(f"unknown timer type {timer_type!r}")
        if kind == "cycle" and is_cron(expression):
            kind = "cron"
        schedule = cls(kind, expression, anchor.astimezone(UTC))
        schedule.first()  # parse now, so that a bad expression is refused at deployment
        return schedule

    def as_detail(self, occurrence: Occurrence) -> dict[str, Any]:
        return {"expression": self.expression, "kind": self.kind, "anchor": self.anchor.isoformat(),
                "index": occurrence.index}

    @classmethod
    def from_detail(cls, detail: dict[str, Any]) -> tuple[Schedule, int]:
        return cls(detail["kind"], detail["expression"], isoparse(detail["anchor"])), int(detail["index"])

    # --- occurrences ----------------------------------------------------------------------------
    def first(self) -> Occurrence | None:
        if self.kind == "time_date":
            return Occurrence(_moment(self.expression), 0)
        if self.kind == "duration":
            return Occurrence(self.anchor + parse_duration(self.expression), 0)
        if self.kind == "cron":
            return Occurrence(_cron_next(self.expression, self.anchor), 0)
        repeats, at = _series(self.expression, self.anchor)
        return Occurrence(at(0), 0) if repeats != 0 else None

    def next_after(self, fired: Occurrence, now: datetime) -> Occurrence | None:
        """The occurrence that follows `fired`, skipping those already in the past at `now`."""
        if self.kind in ("time_date", "duration"):
            return None
        if self.kind == "cron":
            return Occurrence(_cron_next(self.expression, max(fired.due_at, now - timedelta(microseconds=1))),
                              fired.index + 1)
        repeats, at = _series(self.expression, self.anchor)
        index = fired.index + 1
        while repeats < 0 or index < repeats:
            if at(index) >= now or index - fired.index > _MAX_CATCH_UP:
                return Occurrence(at(index), index)
            index += 1
        return None


# --- helpers -------------------------------------------------------------------------------------
def unquote(text: str) -> str:
    """`"R/P1D"` -> `R/P1D`: models may write the expression as a Python string literal."""
    text = (text or "").strip()
    match = _QUOTED.match(text)
    return match.group(2).strip() if match else text


def is_cron(text: str) -> bool:
    fields = text.split()
    return len(fields) in (5, 6) and not text.upper().startswith(("R", "P"))


def _moment(text: str) -> datetime:
    return parse_datetime(text)


def _is_duration(text: str) -> bool:
    return text.strip().upper().startswith("P")


def _series(text: str, anchor: datetime):
    """(repeats or -1 for unbounded, index -> due time) of an ISO 8601 repeating interval."""
    parts = text.strip().split("/")
    head = parts[0].upper()
    if not re.fullmatch(r"R\d*", head) or len(parts) not in (2, 3):
        raise TimerExpressionError(f"{text!r} is neither an ISO 8601 repeating interval (such as R/P1D or "
                                   "R3/2026-01-01T08:00/P1M) nor a cron expression")
    repeats = int(head[1:]) if head[1:] else -1
    if len(parts) == 2:
        if not _is_duration(parts[1]):
            raise TimerExpressionError(f"{text!r}: R/… with one part needs a duration")
        period = parse_duration(parts[1])
        return repeats, lambda i: anchor + period * (i + 1)
    first, second = parts[1], parts[2]
    if _is_duration(first) and _is_duration(second):
        raise TimerExpressionError(f"{text!r}: a repeating interval cannot have two durations")
    if _is_duration(first):
        period, end = parse_duration(first), _moment(second)
        return repeats, lambda i: end - period + period * i
    start = _moment(first)
    if _is_duration(second):
        period = parse_duration(second)
    else:
        span = _moment(second) - start
        if span <= timedelta(0):
            raise TimerExpressionError(f"{text!r}: the interval's end is not after its start")
        period = relativedelta(seconds=span.total_seconds())
    return repeats, lambda i: start + period * i


def _cron(text: str) -> tuple[str, bool]:
    """(croniter expression, seconds given first) from a 5-field cron or 6-field Quartz expression."""
    fields = text.split()
    if len(fields) == 5:
        return text, False
    # Quartz: seconds first, '?' for "no specific value", weekdays 1-7 counted from Sunday.
    fields = [f.replace("?", "*") for f in fields]
    fields[5] = ",".join(_shift_weekday(part) for part in fields[5].split(","))
    return " ".join(fields), True


def _shift_weekday(part: str) -> str:
    body, _, step = part.partition("/")
    head, hash_, nth = body.partition("#")
    head = re.sub(r"\d+", lambda m: str(int(m.group()) - 1), head)
    return head + hash_ + nth + ("/" + step if step else "")


def _cron_next(text: str, after: datetime) -> datetime:
    from croniter import croniter

    expression, seconds_first = _cron(text)
    try:
        it = croniter(expression, after.astimezone(LOCAL_TZ), second_at_beginning=seconds_first)
        return it.get_next(datetime).astimezone(UTC)
    except (ValueError, KeyError, TypeError) as exc:  # croniter's errors derive from ValueError
        raise TimerExpressionError(f"{text!r} is not a valid cron expression: {exc}") from exc
