"""Calendar arithmetic behind the timing conventions."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from nextsteps_shared.notes import reckoning as rk

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1))


@given(DAYS, st.integers(0, 6))
def test_first_weekday_after_is_within_a_week(day: date, weekday: int) -> None:
    found = rk.first_weekday_after(day, weekday)
    assert found.weekday() == weekday
    assert day < found <= day + timedelta(days=7)


@given(DAYS, st.integers(0, 6))
def test_weekday_of_next_week_is_in_the_following_week(day: date, weekday: int) -> None:
    found = rk.weekday_of_next_week(day, weekday)
    monday = day - timedelta(days=day.weekday())
    assert found - monday == timedelta(days=7 + weekday)


@given(DAYS)
def test_end_of_week_is_a_friday_not_before(day: date) -> None:
    found = rk.end_of_week(day)
    assert found.weekday() == rk.FRIDAY
    assert day <= found < day + timedelta(days=7)


@given(DAYS, st.integers(0, 60))
def test_business_days_skip_weekends(day: date, count: int) -> None:
    found = rk.add_business_days(day, count)
    counted = sum(
        1 for n in range(1, (found - day).days + 1)
        if (day + timedelta(days=n)).weekday() < 5
    )
    assert counted == count
    assert count == 0 or found.weekday() < 5


def test_next_day_of_month_skips_short_months() -> None:
    assert rk.next_day_of_month(date(2026, 1, 31), 31) == date(2026, 3, 31)
    assert rk.next_day_of_month(date(2026, 3, 20), 20) == date(2026, 4, 20)
    assert rk.next_day_of_month(date(2026, 3, 20), 32) is None


def test_upcoming_rolls_into_next_year() -> None:
    assert rk.upcoming(date(2026, 12, 10), 1, 8) == date(2027, 1, 8)
    assert rk.upcoming(date(2026, 3, 3), 2, 30) is None
