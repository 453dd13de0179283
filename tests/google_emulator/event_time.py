"""An event's ``start``/``end`` (Calendar's EventDateTime), read and checked as Google does.

A time is either ``{"date": "2024-05-01"}`` (all day) or ``{"dateTime": ..., "timeZone": ...}``;
a ``dateTime`` without an offset needs a ``timeZone`` ("Missing time zone definition for start
time."), an unknown zone is refused, start and end must be of the same kind and the range must
not be empty. All-day times become instants at midnight in the calendar's zone, which is how
``timeMin``/``timeMax`` compare them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.google_emulator import errors
from tests.google_emulator.discovery import parse_rfc3339


@dataclass(frozen=True)
class When:
    """One start or end: a date (all day) or an aware datetime, and the zone it was given in."""

    value: date | datetime
    zone: str | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.value, datetime)

    def instant(self, calendar_zone: str) -> datetime:
        """An aware datetime; an all-day date is midnight in ``calendar_zone``."""
        if isinstance(self.value, datetime):
            return self.value
        return datetime.combine(self.value, time(), zone(calendar_zone))

    def render(self) -> dict[str, str]:
        """The EventDateTime Google returns for this time."""
        if not isinstance(self.value, datetime):
            return {"date": self.value.isoformat()}
        if self.zone is None:
            return {"dateTime": self.value.isoformat()}
        local = self.value.astimezone(zone(self.zone))
        return {"dateTime": local.isoformat(), "timeZone": self.zone}


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ValueError for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {name!r}") from err


def read_when(spec: object, field: str) -> When:
    """Read ``start`` or ``end`` (named by ``field``) of an event body."""
    if not isinstance(spec, dict) or not (spec.get("date") or spec.get("dateTime")):
        raise errors.required(f"Missing {field} time.", field)
    if spec.get("date") and spec.get("dateTime"):
        raise errors.invalid(f"Invalid {field} time: give date or dateTime, not both.", field)
    named = spec.get("timeZone")
    if named is not None:
        try:
            zone(named)
        except ValueError:
            raise errors.invalid(f"Invalid time zone definition for {field} time.", field) from None
    if spec.get("date"):
        return When(date.fromisoformat(spec["date"]), named)
    return When(_read_datetime(spec["dateTime"], named, field), named)


def _read_datetime(text: str, named: str | None, field: str) -> datetime:
    moment = parse_rfc3339(text, offset_required=False)
    if moment is None:
        raise errors.invalid(f"Invalid {field} time.", field)
    if moment.tzinfo is not None:
        return moment
    if named is None:
        raise errors.bad_request(f"Missing time zone definition for {field} time.", location=field)
    return moment.replace(tzinfo=zone(named))


def read_span(body: dict[str, Any]) -> tuple[When, When]:
    """The event's start and end, checked together."""
    start, end = read_when(body.get("start"), "start"), read_when(body.get("end"), "end")
    if start.all_day != end.all_day:
        raise errors.invalid("Start and end times must either both be date or both be dateTime.")
    empty = start.value >= end.value if start.all_day else start.value > end.value
    if empty:
        raise errors.time_range_empty("end")
    return start, end
