"""The EXDATE and RDATE values of one VEVENT, placed on the time line as its DTSTART is.

Both properties occur on several lines, and each line may hold a comma list of values that
share the line's TZID. A value that cannot be read is skipped and reported, never the whole
event: losing one excluded date costs at most a chain anchored at an instance that was taken
out, losing the event costs its whole chain. An RDATE period (``start/end``) counts by its
start (the series keeps the master's duration).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from icalendar import Event

from nextsteps_shared.errors import EventDataError
from nextsteps_shared.ical.moment import Placement, parse_raw


@dataclass(frozen=True)
class RecurrenceDates:
    """The instants one property lists (sorted, no repeats), and the values it had to skip."""

    instants: tuple[datetime, ...] = ()
    problems: tuple[str, ...] = ()


def recurrence_dates(component: Event, name: str, placement: Placement) -> RecurrenceDates:
    """Every readable value of property ``name`` (EXDATE or RDATE) of ``component``."""
    instants: set[datetime] = set()
    problems: list[str] = []
    for line in _lines(component.get(name)):
        tzid = _tzid_of(line)
        for value in _values_of(line):
            try:
                instants.add(_placed(name, value, tzid, placement))
            except EventDataError as error:
                problems.append(f"{error}: value skipped")
    return RecurrenceDates(tuple(sorted(instants)), tuple(problems))


def _placed(name: str, value: object, tzid: str | None, placement: Placement) -> datetime:
    if isinstance(value, str):
        value = parse_raw(name, value)
    if isinstance(value, tuple) and value:  # a PERIOD: (start, end) or (start, duration)
        value = value[0]
    if not isinstance(value, date):
        raise EventDataError(f'{name} "{value}" is not a date or date-time')
    return placement.place(value, tzid).at


def _values_of(line: Any) -> list[object]:
    """The parsed values of one line; a line icalendar could not parse, value by value as
    written (its good values are still good)."""
    try:
        return [item.dt for item in line.dts]
    except Exception:  # a broken line (icalendar's vBroken): read its raw text
        return [piece.strip() for piece in str(line).split(",") if piece.strip()]


def _tzid_of(line: Any) -> str | None:
    params = getattr(line, "params", None)
    tzid = params.get("TZID") if params is not None else None
    return str(tzid) if tzid else None


def _lines(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]
