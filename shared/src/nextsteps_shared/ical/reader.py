"""Lenient, correct reading of other people's iCalendar data.

:func:`read_calendar` returns every VEVENT as written (a recurring master and each override
separately, in file order) and reports, instead of raising, the events it had to skip and the
values it left out of the events it kept (an unreadable EXDATE or RDATE value). It raises
:class:`CalendarDataError` only when the input is not calendar data at all.
Recurrences are not expanded here.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from icalendar import Calendar, Component, Event, Timezone

from nextsteps_shared.errors import CalendarDataError, EventDataError, SettingsError
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.ical.moment import Placement
from nextsteps_shared.ical.raw_text import (
    count_event_begins,
    dates_without_tzid,
    decode,
    looks_like_calendar,
    repair,
    split_calendars,
    unfold,
)
from nextsteps_shared.ical.vevent import event_uid, to_calendar_event
from nextsteps_shared.ical.zone_book import Zone, ZoneBook, named_zone
from nextsteps_shared.ical.zone_names import iana_name

_UID_LINE: Final = re.compile(r"^UID[^:\r\n]*:([^\r\n]*)", re.I | re.M)
_UNREADABLE: Final = "not iCalendar data (no BEGIN:VCALENDAR or BEGIN:VEVENT found)"


@dataclass(frozen=True)
class SkippedEvent:
    """A VEVENT that could not be read: its 0-based position in the file, UID and why."""

    index: int
    uid: str | None
    reason: str


@dataclass(frozen=True)
class SkippedValue:
    """A value left out of an event that was kept (an unreadable EXDATE or RDATE value): the
    event's 0-based position in the file, its UID and why."""

    index: int
    uid: str
    reason: str


@dataclass(frozen=True)
class ReadResult:
    """The events read from one file, the ones skipped, and the values left out of events."""

    events: tuple[CalendarEvent, ...]
    skipped: tuple[SkippedEvent, ...]
    skipped_values: tuple[SkippedValue, ...] = ()


def read_calendar(
    data: bytes | str, default_tz: str = "UTC", source: str = "<input>"
) -> ReadResult:
    """Read every VEVENT of ``data``; floating times and dates are placed in ``default_tz``."""
    default = _default_zone(default_tz)
    text = decode(data)
    unfolded = unfold(text)
    if not looks_like_calendar(unfolded):
        raise CalendarDataError(f"{source}: {_UNREADABLE}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read(_parse(dates_without_tzid(unfolded), source), default, source)


def _default_zone(default_tz: str) -> Zone:
    name = iana_name(default_tz)
    if name is None:
        raise SettingsError(f"default time zone {default_tz!r} is not a known time zone")
    return named_zone(name)


def _parse(unfolded: str, source: str) -> _Parsed:
    """icalendar's reading of the whole file, or else of each of its components on its own."""
    try:
        whole = _Parsed(list(Calendar.from_ical(unfolded, multiple=True)))
    except Exception:  # any failure: read it piece by piece
        whole = None
    if whole is not None and whole.event_count() >= count_event_begins(unfolded):
        return whole
    pieces = _parse_piecewise(unfolded)
    if whole is not None and whole.event_count() >= pieces.event_count():
        return whole
    if not pieces.components:
        raise CalendarDataError(f"{source}: no iCalendar component could be read")
    return pieces


@dataclass
class _Parsed:
    """Top-level components, and the VEVENTs that stand in for unreadable ones (and why)."""

    components: list[Component]
    unreadable: dict[int, str] = field(default_factory=dict)

    def event_count(self) -> int:
        return sum(len(top.walk("VEVENT")) for top in self.components)


def _parse_piecewise(unfolded: str) -> _Parsed:
    parsed = _Parsed([])
    for part in split_calendars(repair(unfolded)):
        calendar = _calendar_of(part.properties)
        for child in part.children:
            calendar.subcomponents.extend(_parse_child(child, parsed.unreadable))
        parsed.components.append(calendar)
    return parsed


def _calendar_of(properties: list[str]) -> Calendar:
    text = "\r\n".join(["BEGIN:VCALENDAR", *properties, "END:VCALENDAR", ""])
    try:
        found = Calendar.from_ical(text, multiple=True)
    except Exception:  # the calendar's own properties are optional
        return Calendar()
    return found[0] if found and isinstance(found[0], Calendar) else Calendar()


def _parse_child(text: str, unreadable: dict[int, str]) -> list[Component]:
    try:
        return list(Calendar.from_ical(text, multiple=True))
    except Exception as error:  # reported for events, dropped otherwise
        reason = f"the event cannot be parsed: {_first_line(error)}"
        return [_stand_in(text, reason, unreadable) for _ in range(count_event_begins(text))]


def _stand_in(text: str, reason: str, unreadable: dict[int, str]) -> Event:
    """An empty VEVENT in place of one that cannot be parsed, so that it is reported."""
    stand_in = Event()
    uid = _UID_LINE.search(text)
    if uid is not None:
        stand_in.add("UID", uid.group(1).strip())
    unreadable[id(stand_in)] = reason
    return stand_in


def _read(parsed: _Parsed, default: Zone, source: str) -> ReadResult:
    book = ZoneBook(_vtimezones(parsed.components))
    events: list[CalendarEvent] = []
    skipped: list[SkippedEvent] = []
    values: list[SkippedValue] = []
    placed = _placed_events(parsed.components, book, default)
    for index, (component, placement) in enumerate(placed):
        problems: list[str] = []
        try:
            if id(component) in parsed.unreadable:
                raise EventDataError(parsed.unreadable[id(component)])
            events.append(to_calendar_event(component, placement, problems))
        except Exception as error:  # one broken event never stops the rest
            skipped.append(_skip(index, component, error, source))
            continue
        values += (_skip_value(index, events[-1].uid, why, source) for why in problems)
    return ReadResult(tuple(events), tuple(skipped), tuple(values))


def _placed_events(
    components: list[Component], book: ZoneBook, default: Zone
) -> Iterator[tuple[Event, Placement]]:
    for top in components:
        placement = Placement(book, default, _calendar_zone(top, book))
        for component in top.walk("VEVENT"):
            if isinstance(component, Event):
                yield component, placement


def _calendar_zone(top: Component, book: ZoneBook) -> Zone | None:
    if top.name != "VCALENDAR" or "X-WR-TIMEZONE" not in top:
        return None
    value = top["X-WR-TIMEZONE"]
    return book.zone_of(str(value[0] if isinstance(value, list) else value))


def _vtimezones(components: list[Component]) -> Iterator[Timezone]:
    for top in components:
        for component in top.walk("VTIMEZONE"):
            if isinstance(component, Timezone):
                yield component


def _skip(index: int, component: Event, error: Exception, source: str) -> SkippedEvent:
    uid: str | None
    try:
        uid = event_uid(component)
    except Exception:  # the UID is only for the report
        uid = None
    where = f"VEVENT #{index + 1} in {source}" + (f", UID {uid}" if uid else "")
    return SkippedEvent(index=index, uid=uid, reason=f"{_first_line(error)} ({where})")


def _skip_value(index: int, uid: str, problem: str, source: str) -> SkippedValue:
    where = f"VEVENT #{index + 1} in {source}, UID {uid}"
    return SkippedValue(index=index, uid=uid, reason=f"{problem} ({where})")


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:200] if lines else type(error).__name__
