"""Working-day arithmetic for Vietnamese public administration.

Legal time limits for press procedures are counted in working days ("ngày làm việc") in Hanoi time:
Saturdays, Sundays and public holidays (Tết, 30/4-1/5, 2/9, ... as listed by the `holidays` package,
including the government's swapped days off) do not count, while official make-up Saturdays do.
A province can add its own closed dates and make-up working days on top.

Rules (the same, whole-day model Camunda's business calendars use):

* `add_working_days(start, n)` with n > 0 moves forward n whole working days in local time and keeps the
  local time of day: Monday 14:00 + 2 = Wednesday 14:00.
* If `start` falls on a non-working day the clock has not started yet: it is first moved to the next
  working day at `office_start` (08:00 by default) and the n days are counted from there, so Saturday
  10:00 + 1 = Tuesday 08:00 and Saturday 10:00 + 0 = Monday 08:00 ("next working moment").
* n == 0 on a working day returns `start` unchanged.
* n < 0 counts backward the same way ("remind 1 working day before due"); a start on a non-working day
  is first moved back to the previous working day at `office_end` (17:00 by default).
* Times of day are never adjusted on working days (whole-day model, no office-hour arithmetic).
* Results keep the timezone of `start` (UTC in, UTC out), computed through Asia/Ho_Chi_Minh.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

import holidays

from .clock import LOCAL_TZ

_ONE_DAY = timedelta(days=1)


def _local_date(d: date | datetime, tz: tzinfo) -> date:
    """The calendar date `d` falls on in local time (a plain date is already local)."""
    if isinstance(d, datetime):
        if d.tzinfo is None:
            raise ValueError("a timezone-aware datetime is needed for working-day arithmetic")
        return d.astimezone(tz).date()
    return d


class WorkingCalendar:
    """Working days of one jurisdiction, with holiday years computed once and cached."""

    def __init__(
        self,
        extra_closed_days: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
        *,
        country: str = "VN",
        tz: tzinfo = LOCAL_TZ,
        office_start: time = time(8, 0),
        office_end: time = time(17, 0),
        weekend: frozenset[int] = frozenset({5, 6}),
    ) -> None:
        self.extra_closed = frozenset(extra_closed_days)
        self.extra_working = frozenset(extra_working_days)
        clash = self.extra_closed & self.extra_working
        if clash:
            raise ValueError(f"dates both closed and working: {sorted(clash)}")
        self.country = country
        self.tz = tz
        self.office_start = office_start
        self.office_end = office_end
        self.weekend = weekend
        self._years: dict[int, tuple[dict[date, str], frozenset[date]]] = {}
        self._lock = threading.Lock()

    # -- holiday data ------------------------------------------------------------------------------

    def _year(self, year: int) -> tuple[dict[date, str], frozenset[date]]:
        """(public holidays, official make-up working days on weekends) of one year, cached."""
        cached = self._years.get(year)
        if cached is not None:
            return cached
        with self._lock:
            cached = self._years.get(year)
            if cached is None:
                table = holidays.country_holidays(self.country, years=year)
                # The package keeps every known make-up Saturday in one set; keep this year's only.
                workdays = frozenset(d for d in getattr(table, "weekend_workdays", ()) if d.year == year)
                cached = ({d: str(name) for d, name in table.items() if d.year == year}, workdays)
                self._years[year] = cached
        return cached

    def closed_days(self, year: int) -> dict[date, str]:
        """Holidays and extra closed dates of `year` (weekends not listed), date -> name."""
        out = dict(self._year(year)[0])
        out.update({d: "extra closed day" for d in self.extra_closed if d.year == year})
        for d in self.extra_working:
            out.pop(d, None)
        return dict(sorted(out.items()))

    # -- queries ---------------------------------------------------------------------------------

    def is_working_day(self, d: date | datetime) -> bool:
        """True when the local date of `d` is a working day."""
        day = _local_date(d, self.tz)
        if day in self.extra_working:
            return True
        if day in self.extra_closed:
            return False
        public, make_up = self._year(day.year)
        if day in public:
            return False
        return day.weekday() not in self.weekend or day in make_up

    def next_working_day(self, d: date | datetime) -> date:
        """The first working day strictly after the local date of `d`."""
        day = _local_date(d, self.tz) + _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def previous_working_day(self, d: date | datetime) -> date:
        """The last working day strictly before the local date of `d`."""
        day = _local_date(d, self.tz) - _ONE_DAY
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day

    def add_working_days_to_date(self, d: date, n: int) -> date:
        """Date arithmetic with the same rules as add_working_days (a non-working `d` rolls first)."""
        day = _local_date(d, self.tz)
        if not self.is_working_day(day):
            day = self.next_working_day(day) if n >= 0 else self.previous_working_day(day)
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """`start` moved by n whole working days (see the module docstring for the rules)."""
        if start.tzinfo is None:
            raise ValueError("add_working_days needs a timezone-aware datetime")
        local = start.astimezone(self.tz)
        if not self.is_working_day(local.date()):
            # Off-day start: the count begins at the next (or, backward, previous) working moment.
            if n >= 0:
                local = datetime.combine(self.next_working_day(local.date()), self.office_start, self.tz)
            else:
                local = datetime.combine(self.previous_working_day(local.date()), self.office_end, self.tz)
        if n == 0:
            return local.astimezone(start.tzinfo)
        day = self.add_working_days_to_date(local.date(), n)
        moved = datetime.combine(day, local.time(), self.tz)
        return moved.astimezone(start.tzinfo)

    def working_days_between(self, a: date | datetime, b: date | datetime) -> int:
        """Working days d with a < d <= b (local dates); negative when b is before a.

        For a start on a working day this is the inverse of add_working_days:
        working_days_between(x, add_working_days(x, n)) == n.
        """
        first, last = _local_date(a, self.tz), _local_date(b, self.tz)
        sign = 1
        if last < first:
            first, last, sign = last, first, -1
        count = 0
        day = first + _ONE_DAY
        while day <= last:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return sign * count


# The stock calendar: Vietnamese public holidays, no province-specific days.
DEFAULT_CALENDAR = WorkingCalendar()
_default = DEFAULT_CALENDAR


def default_calendar() -> WorkingCalendar:
    """The calendar the engine and the script helpers use (DEFAULT_CALENDAR unless replaced)."""
    return _default


def set_default_calendar(calendar: WorkingCalendar) -> WorkingCalendar:
    """Install a province-configured calendar (at start-up); returns the previous one."""
    global _default
    previous, _default = _default, calendar
    return previous
