"""Business days of the owner: Monday to Friday, less public holidays when configured.

Holidays come from the ``holidays`` package, looked up once per (country, subdivision, year)
and kept; :func:`business_calendar` hands out one shared calendar per configuration, so the
planner builds nothing per interview.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from threading import Lock

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.policy.config import FollowUpPolicy

_SATURDAY = 5
_ONE_DAY = timedelta(days=1)


class BusinessCalendar:
    """Which days are working days, and day arithmetic over them."""

    def __init__(self, country: str | None = None, subdivision: str | None = None) -> None:
        self.country = country.upper() if country else None
        self.subdivision = subdivision.upper() if subdivision else None
        self._years: dict[int, dict[date, str]] = {}
        self._lock = Lock()
        if self.country is not None:
            self._holidays_of(date.today().year)  # fail early on an unknown country/subdivision

    def holiday(self, day: date) -> str | None:
        """The name of the public holiday on ``day``, or None (always None without a country)."""
        if self.country is None:
            return None
        return self._holidays_of(day.year).get(day)

    def is_business_day(self, day: date) -> bool:
        """Monday to Friday and not a configured public holiday."""
        return day.weekday() < _SATURDAY and self.holiday(day) is None

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        day += _ONE_DAY
        while not self.is_business_day(day):
            day += _ONE_DAY
        return day

    def on_or_after(self, day: date) -> date:
        """``day`` itself when it is a business day, else the next one."""
        return day if self.is_business_day(day) else self.next_business_day(day)

    def add_business_days(self, day: date, count: int) -> date:
        """The ``count``-th business day after ``day`` (``day`` itself never counts)."""
        if count < 0:
            raise ValueError(f"count must not be negative, got {count}")
        for _ in range(count):
            day = self.next_business_day(day)
        return day

    def _holidays_of(self, year: int) -> dict[date, str]:
        known = self._years.get(year)
        if known is None:
            with self._lock:
                known = self._years.setdefault(year, self._load(year))
        return known

    def _load(self, year: int) -> dict[date, str]:
        assert self.country is not None
        import holidays  # imported on first use: it is slow to import and often not needed

        try:
            found = holidays.country_holidays(self.country, subdiv=self.subdivision, years=year)
        except NotImplementedError as err:
            raise SettingsError(
                f"holidays: unknown country/subdivision {self.country}/{self.subdivision}: {err}"
            ) from err
        return dict(found.items())


def business_calendar(policy: FollowUpPolicy) -> BusinessCalendar:
    """The shared calendar for the policy's holiday country and subdivision."""
    return _calendar(policy.holiday_country, policy.holiday_subdivision)


@lru_cache(maxsize=64)
def _calendar(country: str | None, subdivision: str | None) -> BusinessCalendar:
    return BusinessCalendar(country, subdivision)
