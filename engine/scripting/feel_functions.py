"""FEEL's built-in functions (the DMN 1.3 subset pressdesk supports) and its temporal values.

Each function takes FEEL values and gives one; a wrong argument gives null, as FEEL says. pressdesk's
working-day helpers are FEEL functions too: `=working_days(5)`.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from dateutil.parser import isoparse

from . import guards
from .exprbase import check_size, guarded
from .helpers import HELPERS, now, today

REFUSED_FUNCTIONS = {
    name: "regular expressions are not supported (Python's re has no time bound)"
    for name in ("matches", "replace")
} | {"sort": "it needs a function argument", "string format": "not a FEEL function"}


class YearsMonths:
    """A years-and-months duration (P1Y2M): months only, as FEEL keeps it."""

    def __init__(self, months: int) -> None:
        self.months = months

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YearsMonths) and other.months == self.months

    def __lt__(self, other: YearsMonths) -> bool:
        return self.months < other.months

    def __hash__(self) -> int:
        return hash(self.months)

    def iso(self) -> str:
        sign, months = ("-" if self.months < 0 else ""), abs(self.months)
        years, rest = divmod(months, 12)
        if years and rest:
            return f"{sign}P{years}Y{rest}M"
        return f"{sign}P{years}Y" if years else f"{sign}P{rest}M"


def add_months(moment: date | datetime, months: int) -> date | datetime:
    y, m = divmod(moment.month - 1 + months, 12)
    year, month = moment.year + y, m + 1
    import calendar

    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def parse_duration(text: str) -> timedelta | YearsMonths:
    from .helpers import iso_duration  # noqa: F401 - the inverse, used when results are stored
    from .policy import _DURATION

    raw = text.strip().upper()
    if not _DURATION.fullmatch(raw):
        raise ValueError(f"{text!r} is not an ISO 8601 duration")
    sign = -1 if raw.startswith("-") else 1
    raw = raw.lstrip("-")[1:]
    date_part, _, time_part = raw.partition("T")
    values: dict[str, float] = {}
    for part, units in ((date_part, "YMWD"), (time_part, "HMS")):
        number = ""
        for c in part:
            if c.isdigit() or c in ".,":
                number += c.replace(",", ".")
            elif c in units:
                values[c if part is date_part else c.lower()] = float(number)
                number = ""
    if "Y" in values or "M" in values:
        if set(values) - {"Y", "M"}:
            raise ValueError(f"{text!r} mixes years/months with days or time")
        return YearsMonths(sign * int(values.get("Y", 0) * 12 + values.get("M", 0)))
    return sign * timedelta(weeks=values.get("W", 0), days=values.get("D", 0), hours=values.get("h", 0),
                            minutes=values.get("m", 0), seconds=values.get("s", 0))


def parse_temporal(text: str) -> Any:
    """The value of an @"..." literal: a date, time, date-time or duration."""
    text = text.strip()
    if text.lstrip("-")[:1].upper() == "P":
        return parse_duration(text)
    if len(text) == 10:
        return date.fromisoformat(text)
    if "T" not in text and ":" in text:
        return time.fromisoformat(text.removesuffix("Z"))
    return isoparse(text)


def _to_date(value: Any = None, month: Any = None, day: Any = None) -> date | None:
    if month is not None:
        return date(int(value), int(month), int(day))
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10]) if isinstance(value, str) else None


def _to_datetime(value: Any, at: Any = None) -> datetime | None:
    if at is not None:
        return datetime.combine(_to_date(value), at if isinstance(at, time) else time.fromisoformat(at))
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0))
    return isoparse(value) if isinstance(value, str) else None


def _to_time(value: Any, minute: Any = None, second: Any = 0) -> time | None:
    if minute is not None:
        return time(int(value), int(minute), int(second))
    if isinstance(value, datetime):
        return value.timetz()
    return time.fromisoformat(value.removesuffix("Z")) if isinstance(value, str) else None


def _substring(s: str, start: Any, length: Any = None) -> str:
    begin = int(start)
    begin = begin - 1 if begin > 0 else len(s) + begin
    return s[begin:] if length is None else s[begin:begin + int(length)]


def _text(value: Any) -> str | None:
    from .feel_eval import to_text

    return to_text(value)


def _number(text: Any, *_: Any) -> Decimal | None:
    return Decimal(str(text).strip()) if text is not None else None


def _decimal(n: Any, scale: Any) -> Decimal:
    return Decimal(n).quantize(Decimal(1).scaleb(-int(scale)), rounding="ROUND_HALF_EVEN")


def _flatten(items: list, depth: int = 0) -> list:
    out: list = []
    for item in items:
        out.extend(_flatten(item, depth + 1) if isinstance(item, list) and depth < 20 else [item])
    check_size(len(out))
    return out


def _concatenate(*lists: list) -> list:
    check_size(sum(len(x) for x in lists))
    return [x for lst in lists for x in lst]


def _string_join(items: list, sep: str = "") -> str:
    return guarded(guards.sb_method, sep, "join", [x for x in items if x is not None])


def _split(s: str, sep: str) -> list[str]:
    if any(c in sep for c in r".^$*+?{}[]\|()"):
        raise ValueError("split() takes a plain separator here (regular expressions are not supported)")
    return s.split(sep)


def _sublist(items: list, start: Any, length: Any = None) -> list:
    begin = int(start)
    begin = begin - 1 if begin > 0 else len(items) + begin
    return items[begin:] if length is None else items[begin:begin + int(length)]


def _mean(*items: Any) -> Decimal | None:
    values = items[0] if len(items) == 1 and isinstance(items[0], list) else list(items)
    return Decimal(sum(values)) / len(values) if values else None


def _varargs(fn: Callable[[list], Any]) -> Callable[..., Any]:
    # min(1, 2, 3) and min([1, 2, 3]) mean the same in FEEL.
    return lambda *a: fn(a[0] if len(a) == 1 and isinstance(a[0], list) else list(a))


def _with_plain_numbers(fn: Callable[..., Any]) -> Callable[..., Any]:
    """pressdesk's helpers take ints, not FEEL's decimals."""
    def call(*args: Any) -> Any:
        return fn(*[(int(a) if a == a.to_integral_value() else float(a)) if isinstance(a, Decimal) else a
                    for a in args])
    return call


def _not(value: Any) -> bool | None:
    return (not value) if isinstance(value, bool) else None


# name -> (callable, parameter names for named arguments)
FUNCTIONS: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
    "not": (_not, ("negand",)),
    "count": (len, ("list",)),
    "sum": (_varargs(lambda v: sum(v, Decimal(0)) if v else None), ("list",)),
    "min": (_varargs(lambda v: min(v) if v else None), ("list",)),
    "max": (_varargs(lambda v: max(v) if v else None), ("list",)),
    "mean": (_mean, ("list",)),
    "product": (_varargs(lambda v: math.prod(v) if v else None), ("list",)),
    "all": (_varargs(lambda v: all(x is True for x in v)), ("list",)),
    "any": (_varargs(lambda v: any(x is True for x in v)), ("list",)),
    "string length": (len, ("string",)),
    "upper case": (str.upper, ("string",)),
    "lower case": (str.lower, ("string",)),
    "substring": (_substring, ("string", "start position", "length")),
    "substring before": (lambda s, m: s.partition(m)[0] if m in s else "", ("string", "match")),
    "substring after": (lambda s, m: s.partition(m)[2] if m in s else "", ("string", "match")),
    "contains": (lambda s, m: m in s, ("string", "match")),
    "starts with": (lambda s, m: s.startswith(m), ("string", "match")),
    "ends with": (lambda s, m: s.endswith(m), ("string", "match")),
    "split": (_split, ("string", "delimiter")),
    "string join": (_string_join, ("list", "delimiter")),
    "string": (_text, ("from",)),
    "number": (_number, ("from", "grouping separator", "decimal separator")),
    "abs": (abs, ("n",)),
    "floor": (lambda n: Decimal(math.floor(n)), ("n",)),
    "ceiling": (lambda n: Decimal(math.ceil(n)), ("n",)),
    "decimal": (_decimal, ("n", "scale")),
    "modulo": (lambda a, b: a - b * Decimal(math.floor(a / b)), ("dividend", "divisor")),
    "odd": (lambda n: n % 2 == 1, ("number",)),
    "even": (lambda n: n % 2 == 0, ("number",)),
    "list contains": (lambda lst, x: x in lst, ("list", "element")),
    "append": (lambda lst, *xs: _concatenate(lst, list(xs)), ("list", "item")),
    "concatenate": (_concatenate, ("list",)),
    "insert before": (lambda lst, i, x: _concatenate(lst[:int(i) - 1], [x], lst[int(i) - 1:]),
                      ("list", "position", "newItem")),
    "remove": (lambda lst, i: lst[:int(i) - 1] + lst[int(i):], ("list", "position")),
    "reverse": (lambda lst: lst[::-1], ("list",)),
    "sublist": (_sublist, ("list", "start position", "length")),
    "index of": (lambda lst, x: [Decimal(i + 1) for i, y in enumerate(lst) if y == x], ("list", "match")),
    "distinct values": (lambda lst: [x for i, x in enumerate(lst) if x not in lst[:i]], ("list",)),
    "flatten": (_flatten, ("list",)),
    "get value": (lambda ctx, key: ctx.get(key), ("m", "key")),
    "get entries": (lambda ctx: [{"key": k, "value": v} for k, v in ctx.items()], ("m",)),
    "date": (_to_date, ("from", "month", "day")),
    "date and time": (_to_datetime, ("from", "time")),
    "time": (_to_time, ("from", "minute", "second")),
    "duration": (parse_duration, ("from",)),
    "years and months duration": (
        lambda a, b: YearsMonths((_to_date(b).year - _to_date(a).year) * 12 + _to_date(b).month
                                 - _to_date(a).month - (1 if _to_date(b).day < _to_date(a).day else 0)),
        ("from", "to")),
    "now": (now, ()),
    "today": (today, ()),
    "day of week": (lambda d: _to_date(d).strftime("%A"), ("date",)),
    "month of year": (lambda d: _to_date(d).strftime("%B"), ("date",)),
    "day of year": (lambda d: Decimal(_to_date(d).timetuple().tm_yday), ("date",)),
    "week of year": (lambda d: Decimal(_to_date(d).isocalendar()[1]), ("date",)),
    **{name: (_with_plain_numbers(fn), ()) for name, fn in HELPERS.items()
       if name not in ("date", "datetime", "timedelta", "now", "today")},
}
MULTI_WORD = frozenset(name for name in (*FUNCTIONS, *REFUSED_FUNCTIONS) if " " in name)
