"""One DTSTART, DTEND, RECURRENCE-ID, EXDATE or RDATE value, placed on the time line.

Zoned times keep their own zone. UTC times stay in UTC, or move to the calendar's
X-WR-TIMEZONE when it has one (the same instant). Floating times and all-day dates are placed
in the calendar's X-WR-TIMEZONE, else in the reader's default zone, and are marked floating then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from icalendar.prop import vDuration

from nextsteps_shared.errors import EventDataError
from nextsteps_shared.ical.zone_book import Zone, ZoneBook

_RAW_DATE_TIME: Final = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")


@dataclass(frozen=True)
class Moment:
    """An aware instant with the zone it is reported in and how it was written."""

    at: datetime
    zone: str
    all_day: bool = False
    floating: bool = False


@dataclass(frozen=True)
class Placement:
    """Where one calendar's zone-less values go, and the TZIDs it can resolve."""

    book: ZoneBook
    default: Zone
    calendar_zone: Zone | None = None  # X-WR-TIMEZONE

    def moment(self, name: str, prop: Any) -> Moment:
        """The moment a DTSTART/DTEND/RECURRENCE-ID property value stands for."""
        value = _value_of(name, prop)
        if not isinstance(value, date):
            raise EventDataError(f'{name} "{_raw(prop)}" is not a date or date-time')
        return self.place(value, _tzid_of(prop))

    def place(self, value: date, tzid: str | None) -> Moment:
        """The moment of one parsed date or date-time written with ``tzid`` (if any)."""
        if isinstance(value, datetime):
            return self._date_time(value, tzid)
        return self._date(value)

    def _date_time(self, value: datetime, tzid: str | None) -> Moment:
        if tzid:
            at, name = self.book.place(tzid, value.replace(tzinfo=None))
            return Moment(at, name)
        if value.tzinfo is not None:
            if self.calendar_zone is not None:
                return Moment(value.astimezone(self.calendar_zone.tzinfo), self.calendar_zone.name)
            return Moment(value.astimezone(UTC), "UTC")
        zone = self.calendar_zone or self.default
        return Moment(
            value.replace(tzinfo=zone.tzinfo), zone.name, floating=self.calendar_zone is None
        )

    def _date(self, value: date) -> Moment:
        zone = self.calendar_zone or self.default
        at = datetime.combine(value, time(), tzinfo=zone.tzinfo)
        return Moment(at, zone.name, all_day=True, floating=self.calendar_zone is None)


def duration_of(prop: Any) -> timedelta:
    """The DURATION property's length."""
    value = _value_of("DURATION", prop)
    if isinstance(value, timedelta):
        return value
    try:  # icalendar refuses blanks around a duration ("PT10M ")
        length: timedelta = vDuration.from_ical(str(prop).strip())  # type: ignore[no-untyped-call]
        return length
    except (ValueError, TypeError, OverflowError):
        raise EventDataError(f'DURATION "{_raw(prop)}" is not a duration') from None


def _value_of(name: str, prop: Any) -> Any:
    """The parsed value; icalendar's broken values are read again as a plain date(-time)."""
    if isinstance(prop, list):
        prop = prop[0]
    try:
        return prop.dt
    except Exception:  # icalendar marks unparsable values this way
        if name == "DURATION":
            return None
        return _reparse(name, prop)


def parse_raw(name: str, text: str) -> date | datetime:
    """A date or date-time as written (``20240102``, ``20240102T090000``, ``…Z``)."""
    return _reparse(name, text)


def _reparse(name: str, prop: Any) -> date | datetime:
    match = _RAW_DATE_TIME.fullmatch(str(prop).strip())
    try:
        if match is None:
            raise ValueError(name)
        year, month, day, hour, minute, second, zulu = match.groups()
        if hour is None:
            return date(int(year), int(month), int(day))
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        raise EventDataError(f'{name} "{_raw(prop)}" is not a date or date-time') from None
    return moment.replace(tzinfo=UTC) if zulu else moment


def _tzid_of(prop: Any) -> str | None:
    if isinstance(prop, list):
        prop = prop[0]
    params = getattr(prop, "params", None)
    tzid = params.get("TZID") if params is not None else None
    return str(tzid) if tzid else None


def _raw(prop: Any) -> str:
    if isinstance(prop, list):
        prop = prop[0]
    try:
        text = prop.to_ical()
    except Exception:  # only for a message
        text = str(prop)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text)[:60]
