"""One parsed VEVENT turned into a :class:`CalendarEvent`.

Problems with the properties an event cannot do without (when it is, which instance it
overrides, its recurrence) raise :class:`EventDataError`; the reader skips such an event.
Problems elsewhere are tolerated: a bad SEQUENCE reads as 0, a bad LAST-MODIFIED as none, an
unreadable EXDATE or RDATE value is left out (and reported to the caller).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from icalendar import Event

from nextsteps_shared.errors import EventDataError
from nextsteps_shared.event import CalendarEvent, EventStatus
from nextsteps_shared.ical.moment import Moment, Placement, duration_of
from nextsteps_shared.ical.recurrence_dates import recurrence_dates
from nextsteps_shared.people import Person

_ONE_DAY: Final = timedelta(days=1)
_SPACE: Final = re.compile(r"\s+")
_NOT_CONTENT: Final = frozenset({"DTSTAMP"})
_STATUSES: Final = {
    **{status.value.upper(): status for status in EventStatus},
    "CANCELED": EventStatus.CANCELLED,  # the US spelling some writers use
}


def to_calendar_event(
    component: Event, placement: Placement, problems: list[str] | None = None
) -> CalendarEvent:
    """The event ``component`` describes, with times placed by ``placement``; what had to be
    left out of it (an unreadable EXDATE or RDATE value) is added to ``problems``."""
    start = _start(component, placement)
    # An end before the start (seen in real feeds) keeps the start, the one instant that
    # matters here, and lasts no time at all.
    end = max(_end(component, placement, start), start.at)
    exdates = recurrence_dates(component, "EXDATE", placement)
    rdates = recurrence_dates(component, "RDATE", placement)
    if problems is not None:
        problems += (*exdates.problems, *rdates.problems)
    return CalendarEvent(
        uid=event_uid(component),
        recurrence_id=_recurrence_id(component, placement),
        sequence=_sequence(component),
        start=start.at,
        end=end,
        timezone=start.zone,
        all_day=start.all_day,
        floating=start.floating,
        rrule=_rrule(component),
        exdates=exdates.instants,
        rdates=rdates.instants,
        last_modified=_last_modified(component),
        **_descriptive(component),
    )


def event_uid(component: Event) -> str:
    """The event's UID, or a stable one made from its content when it has none.

    The content is the event's own properties except DTSTAMP (which changes with every
    export of the same feed); nested components (alarms) do not count.
    """
    uid = _text(component, "UID")
    if uid:
        return uid
    digest = hashlib.sha256()
    for name in sorted(component.keys()):
        if name not in _NOT_CONTENT:
            for value in _as_list(component[name]):
                digest.update(f"{name}:{_ical_text(value)}\n".encode("utf-8", "replace"))
    return f"nextsteps-missing-uid-{digest.hexdigest()[:32]}"


def _ical_text(value: Any) -> str:
    try:
        text = value.to_ical()
    except Exception:  # a broken value still has its raw text
        text = str(value)
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def _descriptive(component: Event) -> dict[str, Any]:
    return {
        "summary": _text(component, "SUMMARY"),
        "description": _text(component, "DESCRIPTION"),
        "location": _text(component, "LOCATION"),
        "status": _STATUSES.get(_text(component, "STATUS").upper(), EventStatus.CONFIRMED),
        "organizer": _person(_first(component.get("ORGANIZER"))),
        "attendees": _attendees(component.get("ATTENDEE")),
        "categories": _categories(component.get("CATEGORIES")),
        "url": _text(component, "URL") or None,
    }


def _start(component: Event, placement: Placement) -> Moment:
    """DTSTART; an override that leaves it out starts at the instance it overrides."""
    for name in ("DTSTART", "RECURRENCE-ID"):
        if name in component:
            return placement.moment(name, component[name])
    raise EventDataError("no DTSTART")


def _end(component: Event, placement: Placement, start: Moment) -> datetime:
    """DTEND, else DURATION, else a day for dates and no time for date-times.

    An end that cannot be read at all counts as absent: the start is what matters most.
    """
    end = _written_end(component, placement, start)
    if end is not None:
        return end
    return start.at + _ONE_DAY if start.all_day else start.at


def _written_end(component: Event, placement: Placement, start: Moment) -> datetime | None:
    if "DTEND" in component:
        return _dtend(component, placement, start)
    if "DURATION" in component:
        try:
            return start.at + duration_of(component["DURATION"])
        except (EventDataError, OverflowError):
            return None
    return None


def _dtend(component: Event, placement: Placement, start: Moment) -> datetime | None:
    try:
        end = placement.moment("DTEND", component["DTEND"])
    except EventDataError:
        return None
    if end.all_day != start.all_day:
        return None  # a date against a date-time: as unusable as an unreadable DTEND
    if start.all_day and end.at == start.at:
        return start.at + _ONE_DAY  # a common way to write a one-day event
    return end.at


def _recurrence_id(component: Event, placement: Placement) -> datetime | None:
    if "RECURRENCE-ID" not in component:
        return None
    return placement.moment("RECURRENCE-ID", component["RECURRENCE-ID"]).at


def _rrule(component: Event) -> str | None:
    value = _first(component.get("RRULE"))
    if value is None:
        return None
    return _SPACE.sub("", _ical_text(value)) or None


def _sequence(component: Event) -> int:
    try:
        return max(0, int(str(_first(component.get("SEQUENCE", 0)))))
    except ValueError:
        return 0


def _last_modified(component: Event) -> datetime | None:
    try:
        value = _first(component.get("LAST-MODIFIED"))
        moment = None if value is None else value.dt
    except Exception:  # an unreadable LAST-MODIFIED is as good as none
        return None
    if not isinstance(moment, datetime):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _person(value: Any) -> Person | None:
    if value is None:
        return None
    params = getattr(value, "params", {})
    email = str(value).strip()
    name = _param(params, "CN")
    if not email and not name:
        return None
    return Person(
        email=email,
        name=name,
        role=_param(params, "ROLE"),
        partstat=_param(params, "PARTSTAT"),
    )


def _attendees(value: Any) -> tuple[Person, ...]:
    people = (_person(item) for item in _as_list(value))
    return tuple(person for person in people if person is not None)


def _categories(value: Any) -> tuple[str, ...]:
    found: list[str] = []
    for item in _as_list(value):
        cats = getattr(item, "cats", None)
        names = cats if isinstance(cats, list) else [item]
        found.extend(str(name).strip() for name in names if str(name).strip())
    return tuple(found)


def _text(component: Event, name: str) -> str:
    value = _first(component.get(name))
    return "" if value is None else str(value).strip()


def _param(params: Any, name: str) -> str | None:
    value = params.get(name) if hasattr(params, "get") else None
    if isinstance(value, list):
        value = ",".join(str(item) for item in value)
    if value is None:
        return None
    return str(value).strip() or None


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value
