from __future__ import annotations

from datetime import date

import pytest

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.policy import BusinessCalendar, FollowUpPolicy, business_calendar


def test_weekends_are_not_business_days_without_a_country() -> None:
    days = BusinessCalendar()
    assert days.is_business_day(date(2026, 3, 6))  # Friday
    assert not days.is_business_day(date(2026, 3, 7))  # Saturday
    assert not days.is_business_day(date(2026, 3, 8))  # Sunday
    assert days.is_business_day(date(2026, 12, 25))  # no holidays configured
    assert days.holiday(date(2026, 12, 25)) is None


def test_next_business_day_skips_the_weekend() -> None:
    days = BusinessCalendar()
    assert days.next_business_day(date(2026, 3, 6)) == date(2026, 3, 9)
    assert days.next_business_day(date(2026, 3, 7)) == date(2026, 3, 9)
    assert days.next_business_day(date(2026, 3, 9)) == date(2026, 3, 10)


def test_add_business_days_does_not_count_the_start_day() -> None:
    days = BusinessCalendar()
    assert days.add_business_days(date(2026, 3, 3), 5) == date(2026, 3, 10)  # Tue -> next Tue
    assert days.add_business_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Sat -> Mon
    assert days.add_business_days(date(2026, 3, 7), 5) == date(2026, 3, 13)  # Sat -> Fri
    assert days.add_business_days(date(2026, 3, 3), 0) == date(2026, 3, 3)
    with pytest.raises(ValueError, match="negative"):
        days.add_business_days(date(2026, 3, 3), -1)


def test_german_christmas_holidays_are_skipped() -> None:
    days = BusinessCalendar("DE")
    assert days.holiday(date(2026, 12, 25)) is not None
    assert not days.is_business_day(date(2026, 12, 25))  # Friday, Christmas Day
    assert days.is_business_day(date(2026, 12, 24))  # not a public holiday in Germany
    assert days.next_business_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert days.next_business_day(date(2026, 12, 31)) == date(2027, 1, 4)  # New Year, weekend


def test_subdivision_holidays_apply_only_there() -> None:
    epiphany = date(2026, 1, 6)  # Tuesday; a holiday in Bavaria, not in Berlin
    assert not BusinessCalendar("DE", "BY").is_business_day(epiphany)
    assert BusinessCalendar("DE", "BE").is_business_day(epiphany)


def test_on_or_after() -> None:
    days = BusinessCalendar("US")
    assert days.on_or_after(date(2026, 7, 3)) == date(2026, 7, 6)  # Independence Day observed
    assert days.on_or_after(date(2026, 7, 2)) == date(2026, 7, 2)


def test_unknown_country_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="XX"):
        BusinessCalendar("XX")
    with pytest.raises(SettingsError):
        BusinessCalendar("DE", "ZZ")


def test_one_shared_calendar_per_configuration() -> None:
    de = FollowUpPolicy(holiday_country="DE")
    assert business_calendar(de) is business_calendar(FollowUpPolicy(holiday_country="DE"))
    assert business_calendar(de) is not business_calendar(FollowUpPolicy())
