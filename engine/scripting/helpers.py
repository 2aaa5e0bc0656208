"""Functions and types available to BPMN expressions and scripts (documented in docs/scripting.md).

Task data holds JSON, so every helper that expects a moment also accepts an ISO 8601 string. A moment
without a timezone means Hanoi local time. "Now" is always the engine clock of the running step
(engine.clock.current_clock()), so simulations with a ManualClock see consistent due dates.
"""
from __future__ import annotations

from datetime import date as _date
from datetime import datetime as _datetime
from datetime import time as _time
from datetime import timedelta
from typing import Any

from ..calendar import default_calendar
from ..clock import LOCAL_TZ, current_clock
from ..organisation import current_directory

MAX_WORKING_DAYS = 10_000  # ~40 years; keeps one helper call bounded in time
MAX_SPAN_DAYS = 20_000  # calendar days working_days_between() will walk (~55 years)


class _RealDateMeta(type):
    # isinstance(x, date) inside a script must accept every date, not only our subclass's instances.
    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, cls.__mro__[1])

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, cls.__mro__[1])

    # These classes are shared by every evaluation in the process: a script must not patch them.
    def __setattr__(cls, name: str, value: Any) -> None:
        raise TypeError(f"cannot set '{name}' on {cls.__name__}")

    def __delattr__(cls, name: str) -> None:
        raise TypeError(f"cannot delete '{name}' from {cls.__name__}")


class date(_date, metaclass=_RealDateMeta):
    """datetime.date whose today() is the local date of the engine clock."""

    @classmethod
    def today(cls) -> _date:
        return today()


class datetime(_datetime, metaclass=_RealDateMeta):
    """datetime.datetime whose now()/today()/utcnow() read the engine clock.

    now() without a timezone gives naive Hanoi local time, like Python's own now() on a Hanoi server;
    the now() helper (timezone-aware) is usually what a script wants.
    """

    @classmethod
    def now(cls, tz: Any = None) -> _datetime:
        moment = current_clock().now()
        return moment.astimezone(tz) if tz is not None else moment.astimezone(LOCAL_TZ).replace(tzinfo=None)

    @classmethod
    def today(cls) -> _datetime:
        return cls.now()

    @classmethod
    def utcnow(cls) -> _datetime:
        return current_clock().now().replace(tzinfo=None)


def now() -> _datetime:
    """The engine clock's current moment, timezone-aware, in Hanoi time."""
    return current_clock().now().astimezone(LOCAL_TZ)


def today() -> _date:
    """Today's date in Hanoi."""
    return now().date()


def parse_datetime(value: Any) -> _datetime | None:
    """An aware datetime from an ISO string, a datetime or a date (midnight); None/'' give None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = _datetime.fromisoformat(value.strip())
    elif isinstance(value, _date) and not isinstance(value, _datetime):
        value = _datetime.combine(value, _time(0))
    if not isinstance(value, _datetime):
        raise TypeError(f"expected an ISO 8601 string, date or datetime, got {type(value).__name__}")
    return value if value.tzinfo is not None else value.replace(tzinfo=LOCAL_TZ)


def parse_date(value: Any) -> _date | None:
    """A date from an ISO string, a date, or a datetime (its Hanoi date); None/'' give None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return _date.fromisoformat(text)
        return parse_datetime(text).astimezone(LOCAL_TZ).date()
    if isinstance(value, _datetime):
        return parse_datetime(value).astimezone(LOCAL_TZ).date()
    if isinstance(value, _date):
        return value
    raise TypeError(f"expected an ISO 8601 string, date or datetime, got {type(value).__name__}")


def iso_duration(delta: timedelta) -> str:
    """A timedelta as an ISO 8601 duration (P2DT3H), the form BPMN timeDuration expects."""
    sign = "-" if delta < timedelta(0) else ""
    delta = abs(delta)
    hours, rest = divmod(delta.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    secs = str(seconds)
    if delta.microseconds:
        secs = f"{seconds}.{delta.microseconds:06d}".rstrip("0")
    clock = "".join(f"{v}{u}" for v, u in ((hours, "H"), (minutes, "M")) if v)
    clock += f"{secs}S" if seconds or delta.microseconds else ""
    out = f"{sign}P" + (f"{delta.days}D" if delta.days else "") + (f"T{clock}" if clock else "")
    return out if out.rstrip("-") != "P" else "PT0S"


def iso(value: Any) -> str | None:
    """ISO 8601 text of a datetime (naive = Hanoi), date or timedelta; strings pass through."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _datetime):
        return parse_datetime(value).isoformat()
    if isinstance(value, (_date, _time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return iso_duration(value)
    raise TypeError(f"iso() takes a date, datetime or timedelta, got {type(value).__name__}")


def _count(n: Any) -> int:
    if isinstance(n, str) and n.strip().lstrip("-").isdigit():
        n = int(n)
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    if not isinstance(n, int):
        raise TypeError(f"a number of working days must be a whole number, got {n!r}")
    if abs(n) > MAX_WORKING_DAYS:
        raise ValueError(f"at most {MAX_WORKING_DAYS} working days, got {n}")
    return n


def _is_date_only(value: Any) -> bool:
    if isinstance(value, str):
        return len(value.strip()) == 10
    return isinstance(value, _date) and not isinstance(value, _datetime)


def add_working_days(start: Any, n: Any) -> Any:
    """start moved by n working days (engine.calendar rules). Returns the type it was given: an ISO
    string for a string, a date for a date (or date-only string), an aware datetime for a datetime."""
    days = _count(n)
    cal = default_calendar()
    if _is_date_only(start):
        result: Any = cal.add_working_days_to_date(parse_date(start), days)
    else:
        result = cal.add_working_days(parse_datetime(start), days)
    return result.isoformat() if isinstance(start, str) else result


def working_days(n: Any, start: Any = None) -> str:
    """ISO 8601 moment n working days after now (or after `start`), to the second, in Hanoi time.
    This is what timer timeDate and due-date expressions use: working_days(5)."""
    base = now() if start is None else parse_datetime(start).astimezone(LOCAL_TZ)
    return default_calendar().add_working_days(base.replace(microsecond=0), _count(n)).isoformat()


def working_days_between(a: Any, b: Any) -> int:
    """Working days after a's date up to and including b's date (negative if b is earlier)."""
    first, last = parse_date(a), parse_date(b)
    if abs((last - first).days) > MAX_SPAN_DAYS:
        raise ValueError(f"working_days_between() spans more than {MAX_SPAN_DAYS} days")
    return default_calendar().working_days_between(first, last)


def is_working_day(d: Any = None) -> bool:
    """Whether the (Hanoi) date of d is a working day; today when d is omitted."""
    return default_calendar().is_working_day(parse_date(d) if d is not None else today())


def next_working_day(d: Any = None) -> Any:
    """The first working day after d (today when omitted); an ISO date string when d is a string."""
    day = default_calendar().next_working_day(parse_date(d) if d is not None else today())
    return day.isoformat() if isinstance(d, str) else day


def leaders(code: Any) -> str:
    """The leaders group (head and deputies) of the group `code`: leaders("so-y-te") is
    "so-y-te-lanh-dao". Approval tasks go to ${leaders(unit)}."""
    return current_directory().leaders(code)


def org_groups(kind: Any) -> list[str]:
    """The codes of the organisation's groups of a kind ("district", "department", "unit", "leaders",
    "office", "party", "association", "province", "duty"), sorted."""
    return current_directory().of_kind(kind)


def org_unit(function: Any) -> str:
    """The group code that holds a function in this organisation: org_unit("press_office") is
    "so-tttt-ttbcxb" (functions are listed in docs/scripting.md)."""
    return current_directory().unit(function)


# name -> object, as scripts see them.
HELPERS: dict[str, Any] = {
    "now": now,
    "today": today,
    "add_working_days": add_working_days,
    "working_days": working_days,
    "working_days_between": working_days_between,
    "is_working_day": is_working_day,
    "next_working_day": next_working_day,
    "parse_datetime": parse_datetime,
    "parse_date": parse_date,
    "iso": iso,
    "leaders": leaders,
    "org_groups": org_groups,
    "org_unit": org_unit,
    "date": date,
    "datetime": datetime,
    "timedelta": timedelta,
}
