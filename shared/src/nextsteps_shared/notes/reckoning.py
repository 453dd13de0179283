"""Calendar arithmetic for next-steps timing (weeks run Monday to Sunday)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Final

FRIDAY: Final = 4
_JUST_PASSED: Final = timedelta(days=90)
_SATURDAY: Final = 5


def first_weekday_after(day: date, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) strictly after ``day``."""
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


def weekday_of_next_week(day: date, weekday: int) -> date:
    """``weekday`` of the week after the one (Monday to Sunday) that holds ``day``."""
    return day + timedelta(days=7 - day.weekday() + weekday)


def end_of_week(day: date) -> date:
    """Friday of ``day``'s week; the same day on a Friday; the next Friday on a weekend."""
    if day.weekday() < _SATURDAY:
        return day + timedelta(days=FRIDAY - day.weekday())
    return first_weekday_after(day, FRIDAY)


def add_business_days(day: date, count: int) -> date:
    """``day`` plus ``count`` business days (Monday to Friday); ``day`` itself if 0."""
    if count <= 0:
        return day
    if day.weekday() >= _SATURDAY:  # counting from a weekend is counting from its Friday
        day -= timedelta(days=day.weekday() - FRIDAY)
    whole_weeks, rest = divmod(count, 5)
    result = day + timedelta(weeks=whole_weeks)
    while rest:
        result += timedelta(days=1)
        if result.weekday() < _SATURDAY:
            rest -= 1
    return result


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_month(day: date, months: int) -> tuple[int, int]:
    """The (year, month) ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def add_months(day: date, months: int) -> date:
    year, month = shift_month(day, months)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_day_of_month(day: date, number: int) -> date | None:
    """The first date strictly after ``day`` whose day of the month is ``number``."""
    if not 1 <= number <= 31:
        return None
    for months in range(13):
        year, month = shift_month(day, months)
        if number <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, number)
            if candidate > day:
                return candidate
    return None


def upcoming(day: date, month: int, number: int, year: int | None = None) -> date | None:
    """The date ``number``/``month`` (in ``year`` if given) on or after ``day``, or None.

    Without a year, a date up to 90 days before ``day`` is None; an older one is next year's.
    """
    if not 1 <= month <= 12 or not 1 <= number <= calendar.monthrange(year or 2024, month)[1]:
        return None
    if year is not None:
        return date(year, month, number)
    candidate = date(day.year, month, min(number, calendar.monthrange(day.year, month)[1]))
    if timedelta(days=0) < day - candidate <= _JUST_PASSED:
        return None  # a date that has just passed is a slip or a past event, not next year's
    if candidate < day:
        next_year = day.year + 1
        candidate = date(next_year, month, min(number, calendar.monthrange(next_year, month)[1]))
    return candidate


def month_part(day: date, month: int, part: str) -> date:
    """"early" (10th), "mid" (15th) or "end" (last day) of ``month``, on or after ``day``."""
    year = day.year if month >= day.month else day.year + 1
    if part == "end":
        return last_day_of_month(year, month)
    return date(year, month, 10 if part == "early" else 15)
