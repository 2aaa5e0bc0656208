"""Working-day arithmetic against real Vietnamese calendars (holidays package, VN)."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import holidays
import pytest

from engine.calendar import DEFAULT_CALENDAR, WorkingCalendar, default_calendar, set_default_calendar

HN = ZoneInfo("Asia/Ho_Chi_Minh")
cal = WorkingCalendar()


def hn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=HN)


def test_holidays_package_lists_tet_2026_as_16_to_20_february() -> None:
    # The dates the other tests rely on, as the installed package states them.
    vn = holidays.country_holidays("VN", years=2026)
    assert [d for d in vn if d.month == 2] == [date(2026, 2, d) for d in range(16, 21)]
    assert date(2026, 4, 30) in vn and date(2026, 5, 1) in vn and date(2026, 9, 2) in vn


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before Tết
        (date(2026, 2, 16), False),  # Lunar New Year's Eve
        (date(2026, 2, 20), False),  # fourth day of Tết
        (date(2026, 2, 23), True),  # back to work
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 8, 31), False),  # day off swapped from Saturday 22/8
        (date(2026, 8, 22), True),  # make-up Saturday
        (date(2026, 1, 3), False),  # Saturday
        (date(2026, 1, 4), False),  # Sunday
        (date(2026, 1, 1), False),
        (date(2025, 12, 31), True),
        (date(2026, 4, 27), False),  # Hùng Kings' day falls on Sunday 26/4, observed Monday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_add_across_tet_keeps_local_time() -> None:
    assert cal.add_working_days(hn(2026, 2, 13, 14, 30), 1) == hn(2026, 2, 23, 14, 30)
    assert cal.add_working_days(hn(2026, 2, 12), 5) == hn(2026, 2, 26)


def test_add_across_30_4_and_1_5() -> None:
    # Wed 29/4 -> (Thu 30/4, Fri 1/5 holidays, weekend) -> Mon 4/5.
    assert cal.add_working_days(hn(2026, 4, 29), 1) == hn(2026, 5, 4)


def test_add_across_national_day_with_swapped_day_off() -> None:
    # Fri 28/8 -> (Mon 31/8 swapped off, Tue 1/9, Wed 2/9) -> Thu 3/9.
    assert cal.add_working_days(hn(2026, 8, 28), 1) == hn(2026, 9, 3)
    # The make-up Saturday counts: Fri 21/8 + 1 = Sat 22/8.
    assert cal.add_working_days(hn(2026, 8, 21), 1) == hn(2026, 8, 22)


def test_add_over_weekend_and_year_end() -> None:
    assert cal.add_working_days(hn(2026, 1, 9), 1) == hn(2026, 1, 12)  # Fri -> Mon
    # Tue 30/12/2025 + 3: Wed 31/12, (Thu 1/1 holiday) Fri 2/1, (weekend) Mon 5/1.
    assert cal.add_working_days(hn(2025, 12, 30), 3) == hn(2026, 1, 5)


def test_start_on_non_working_day_counts_from_next_office_opening() -> None:
    saturday = hn(2026, 2, 7, 10)
    assert cal.add_working_days(saturday, 0) == hn(2026, 2, 9, 8)  # next working moment
    assert cal.add_working_days(saturday, 1) == hn(2026, 2, 10, 8)
    # During Tết the clock starts after the holiday.
    assert cal.add_working_days(hn(2026, 2, 17, 11), 2) == hn(2026, 2, 25, 8)  # Mon 23 + 2


def test_zero_on_working_day_is_unchanged() -> None:
    start = hn(2026, 3, 10, 15, 45)
    assert cal.add_working_days(start, 0) == start


def test_negative_counts_backward() -> None:
    assert cal.add_working_days(hn(2026, 2, 23), -1) == hn(2026, 2, 13)  # back over Tết
    assert cal.add_working_days(hn(2026, 5, 4, 8), -1) == hn(2026, 4, 29, 8)
    assert cal.add_working_days(hn(2026, 1, 2), -1) == hn(2025, 12, 31)  # back over year end
    # From a Sunday: previous working day's closing time, then one more day back.
    assert cal.add_working_days(hn(2026, 2, 8, 10), -1) == hn(2026, 2, 5, 17)
    assert cal.add_working_days(hn(2026, 2, 8, 10), 0) == hn(2026, 2, 8, 10).replace(day=9, hour=8)


def test_round_trip_forward_then_back() -> None:
    start = hn(2026, 4, 28, 10)
    for n in range(30):
        assert cal.add_working_days(cal.add_working_days(start, n), -n) == start


def test_timezone_edge_late_evening_hanoi_is_same_utc_day() -> None:
    start = datetime(2026, 4, 29, 16, 30, tzinfo=UTC)  # 23:30 Wed 29/4 in Hanoi
    result = cal.add_working_days(start, 1)
    assert result == datetime(2026, 5, 4, 16, 30, tzinfo=UTC)  # 23:30 Mon 4/5 in Hanoi
    assert result.tzinfo is UTC  # the caller's timezone comes back


def test_timezone_edge_after_midnight_hanoi_is_previous_utc_day() -> None:
    start = datetime(2026, 4, 29, 17, 30, tzinfo=UTC)  # 00:30 Thu 30/4 in Hanoi: a holiday
    assert cal.is_working_day(start.date())  # the UTC date (Wed 29/4) would say working...
    assert not cal.is_working_day(start)  # ...but the Hanoi date decides
    assert cal.add_working_days(start, 0) == datetime(2026, 5, 4, 1, 0, tzinfo=UTC)  # Mon 08:00 Hanoi
    assert cal.next_working_day(start) == date(2026, 5, 4)


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError):
        cal.add_working_days(datetime(2026, 1, 5, 8), 1)


def test_working_days_between() -> None:
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert cal.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1
    assert cal.working_days_between(date(2025, 12, 30), date(2026, 1, 5)) == 3
    assert cal.working_days_between(hn(2026, 3, 2), hn(2026, 3, 2, 17)) == 0
    start = hn(2026, 4, 21, 10)  # a Tuesday; the span crosses Hùng Kings' day (observed Mon 27/4)
    for n in (0, 1, 4, 12):
        assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


def test_next_and_previous_working_day() -> None:
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert cal.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)
    assert cal.next_working_day(date(2025, 12, 31)) == date(2026, 1, 2)


def test_add_working_days_to_date() -> None:
    assert cal.add_working_days_to_date(date(2026, 2, 12), 5) == date(2026, 2, 26)
    assert cal.add_working_days_to_date(date(2026, 2, 14), 0) == date(2026, 2, 23)


def test_province_extra_closed_and_working_days() -> None:
    province = WorkingCalendar(
        extra_closed_days=[date(2026, 3, 10)],  # e.g. a provincial anniversary
        extra_working_days=[date(2026, 3, 14)],  # a make-up Saturday
        office_start=time(7, 30),
    )
    assert not province.is_working_day(date(2026, 3, 10))
    assert province.is_working_day(date(2026, 3, 14))
    assert province.add_working_days(hn(2026, 3, 9), 1) == hn(2026, 3, 11)
    assert province.add_working_days(hn(2026, 3, 13), 1) == hn(2026, 3, 14)
    assert province.add_working_days(hn(2026, 3, 15, 12), 0) == hn(2026, 3, 16, 7, 30)
    assert date(2026, 3, 10) in province.closed_days(2026)
    with pytest.raises(ValueError):
        WorkingCalendar(extra_closed_days=[date(2026, 3, 10)], extra_working_days=[date(2026, 3, 10)])


def test_holiday_years_are_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = holidays.country_holidays

    def counting(country: str, years: int, **kwargs: object) -> holidays.HolidayBase:
        calls.append(years)
        return real(country, years=years, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    fresh = WorkingCalendar()
    for _ in range(3):
        fresh.add_working_days(hn(2026, 12, 20), 15)  # touches 2026 and 2027
    assert sorted(calls) == [2026, 2027]


def test_default_calendar_can_be_replaced() -> None:
    assert default_calendar() is DEFAULT_CALENDAR
    province = WorkingCalendar(extra_closed_days=[date(2026, 3, 10)])
    previous = set_default_calendar(province)
    try:
        assert default_calendar() is province
    finally:
        set_default_calendar(previous)
    assert default_calendar() is DEFAULT_CALENDAR
