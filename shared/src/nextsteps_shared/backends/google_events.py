"""Google Calendar Event resources read as :class:`CalendarEvent` (the JSON side of the reader).

The event is what ``ical.vevent`` makes of a VEVENT, read from Google's fields:

- ``uid`` is the caller's (the ``iCalUID``, so an interview seen in a Google calendar and
  elsewhere is one interview; nextsteps' own follow-ups by their tag, see ``google_followup``).
- Times: ``start``/``end`` ``dateTime`` (RFC 3339, with an offset) shown in the event's
  ``timeZone``, else in the calendar's zone (the listing's ``timeZone``, else the reader's
  default); an all-day ``date`` is midnight in the calendar's zone. Google keeps no floating
  times: every time is placed. As in the iCalendar reader, a missing or unusable end is the
  start (a day later for an all-day event) and an end before the start is the start.
- An instance that is an event of its own (moved, or cancelled) has ``recurringEventId`` and
  ``originalStartTime``: the latter is its ``recurrence_id``. A cancelled instance arrives as
  a tombstone (id, status, those two fields): :func:`cancelled_instance` makes of it an event
  of the series' uid at the original start, status cancelled, which is what a CalDAV server
  shows for an override with ``STATUS:CANCELLED``.
- ``recurrence`` holds iCalendar lines: the RRULE as written, EXDATE and RDATE values read by
  the iCalendar reader's own ``recurrence_dates`` (TZID, UTC, dates, periods).
- People: the organizer and the attendees with their names and answers; rooms and other
  resources are no people and are left out. Google names the calendar itself organizer of
  every event the owner made (``self: true``); an event without guests has no organizer, as
  in iCalendar, so that "the owner organised it" keeps meaning "the owner invited someone".
- ``description``: Google's web client stores HTML (``<br>``, ``<b>``, ``&amp;``); it is read
  as the plain text the notes reader expects.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from icalendar import Event

from nextsteps_shared.errors import EventDataError
from nextsteps_shared.event import CalendarEvent, EventStatus
from nextsteps_shared.ical.moment import Placement
from nextsteps_shared.ical.recurrence_dates import recurrence_dates
from nextsteps_shared.ical.zone_book import Zone, ZoneBook, named_zone
from nextsteps_shared.ical.zone_names import iana_name
from nextsteps_shared.people import Person

_log = logging.getLogger(__name__)

_ONE_DAY: Final = timedelta(days=1)
_STATUSES: Final = {status.value: status for status in EventStatus}
_ANSWERS: Final = {
    "needsAction": "NEEDS-ACTION",
    "accepted": "ACCEPTED",
    "declined": "DECLINED",
    "tentative": "TENTATIVE",
}
_HTML: Final = re.compile(
    r"</?(?:br|p|div|span|b|i|u|a|ul|ol|li|strong|em|h[1-6]|font|table|tr|td|html|body)\b[^>]*>",
    re.IGNORECASE,
)
_TAG: Final = re.compile(r"<[a-zA-Z/!][^>]*>")
_LINE_BREAK: Final = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr)\s*>", re.IGNORECASE)
_BLANK_LINES: Final = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class When:
    """One Google time placed on the time line: the instant, its zone, all day or not."""

    at: datetime
    zone: Zone
    all_day: bool = False


def calendar_zone(name: object, default_tz: str) -> Zone:
    """The zone a listing's ``timeZone`` names (``default_tz`` when it names none we know)."""
    found = iana_name(name) if isinstance(name, str) else None
    return named_zone(found or iana_name(default_tz) or "UTC")


def to_calendar_event(item: Mapping[str, Any], uid: str, zone: Zone) -> CalendarEvent:
    """The event ``item`` describes; EventDataError when its times cannot be read."""
    start = read_time(item.get("start"), zone, "start")
    end = _end(item.get("end"), zone, start)
    rrule, exdates, rdates = _recurrence(item.get("recurrence"), start.zone)
    organizer, attendees = _people(item)
    return CalendarEvent(
        uid=uid,
        recurrence_id=_original_start(item, zone),
        sequence=_number(item.get("sequence")),
        summary=_text(item.get("summary")),
        description=plain_text(_text(item.get("description"))),
        location=_text(item.get("location")),
        start=start.at,
        end=max(end, start.at),
        timezone=start.zone.name,
        all_day=start.all_day,
        status=_STATUSES.get(str(item.get("status", "confirmed")), EventStatus.CONFIRMED),
        organizer=organizer,
        attendees=attendees,
        rrule=rrule,
        exdates=exdates,
        rdates=rdates,
        last_modified=_updated(item.get("updated")),
    )


def cancelled_instance(item: Mapping[str, Any], uid: str, zone: Zone) -> CalendarEvent:
    """A cancelled instance of the series ``uid`` from its tombstone (no start of its own)."""
    original = read_time(item.get("originalStartTime"), zone, "originalStartTime")
    return CalendarEvent(
        uid=uid,
        recurrence_id=original.at,
        start=original.at,
        end=original.at,
        timezone=original.zone.name,
        all_day=original.all_day,
        status=EventStatus.CANCELLED,
    )


def read_time(spec: object, zone: Zone, what: str) -> When:
    """An EventDateTime (``date``, or ``dateTime`` with an optional ``timeZone``)."""
    if not isinstance(spec, Mapping):
        raise EventDataError(f"no {what}")
    if spec.get("dateTime"):
        own = iana_name(str(spec.get("timeZone") or ""))
        placed = named_zone(own) if own else zone
        return When(_date_time(str(spec["dateTime"]), placed, what), placed)
    if spec.get("date"):
        day = _date(str(spec["date"]), what)
        return When(datetime.combine(day, time(), zone.tzinfo), zone, all_day=True)
    raise EventDataError(f"{what} has neither date nor dateTime")


def _date_time(text: str, zone: Zone, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise EventDataError(f'{what} "{text[:40]}" is not an RFC 3339 date-time') from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone.tzinfo)
    return moment.astimezone(zone.tzinfo)


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise EventDataError(f'{what} "{text[:40]}" is not a date') from None


def _end(spec: object, zone: Zone, start: When) -> datetime:
    """The end; the start (a day later for an all-day event) when it is absent or unusable."""
    try:
        end = read_time(spec, zone, "end")
    except EventDataError:
        end = None
    if end is None or end.all_day != start.all_day:
        return start.at + _ONE_DAY if start.all_day else start.at
    return end.at


def _original_start(item: Mapping[str, Any], zone: Zone) -> datetime | None:
    if not item.get("recurringEventId") or "originalStartTime" not in item:
        return None
    return read_time(item["originalStartTime"], zone, "originalStartTime").at


def _recurrence(
    lines: object, zone: Zone
) -> tuple[str | None, tuple[datetime, ...], tuple[datetime, ...]]:
    """The RRULE, the EXDATE instants and the RDATE instants of ``recurrence`` lines."""
    if not isinstance(lines, Sequence) or isinstance(lines, str) or not lines:
        return None, (), ()
    texts = [str(line).strip() for line in lines]
    rules = [line[6:].replace(" ", "") for line in texts if line.upper().startswith("RRULE:")]
    component = _component([line for line in texts if not line.upper().startswith("RRULE")])
    if component is None:
        return rules[0] if rules else None, (), ()
    placement = Placement(ZoneBook(()), zone)
    exdates = recurrence_dates(component, "EXDATE", placement)
    rdates = recurrence_dates(component, "RDATE", placement)
    for problem in (*exdates.problems, *rdates.problems):
        _log.warning("left out of a recurrence: %s", problem)
    return rules[0] if rules else None, exdates.instants, rdates.instants


def _component(lines: list[str]) -> Event | None:
    """The EXDATE/RDATE lines as a VEVENT icalendar can read (None when it cannot)."""
    dated = [line for line in lines if line.upper().startswith(("EXDATE", "RDATE"))]
    if not dated:
        return None
    text = "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in dated) + "END:VEVENT\r\n"
    try:
        parsed = Event.from_ical(text)
    except Exception as err:  # icalendar raises several kinds; the dates are left out then
        _log.warning("unreadable recurrence dates %s: %s", dated, err)
        return None
    return parsed if isinstance(parsed, Event) else None


def _people(item: Mapping[str, Any]) -> tuple[Person | None, tuple[Person, ...]]:
    attendees = tuple(
        _attendee(entry)
        for entry in item.get("attendees") or ()
        if isinstance(entry, Mapping) and not entry.get("resource")
    )
    organizer = item.get("organizer")
    if not isinstance(organizer, Mapping) or (organizer.get("self") and not attendees):
        return None, attendees
    return _person(organizer), attendees


def _person(entry: Mapping[str, Any]) -> Person:
    return Person(email=_text(entry.get("email")), name=_text(entry.get("displayName")) or None)


def _attendee(entry: Mapping[str, Any]) -> Person:
    return _person(entry).model_copy(
        update={
            "partstat": _ANSWERS.get(str(entry.get("responseStatus"))),
            "role": "OPT-PARTICIPANT" if entry.get("optional") else None,
        }
    )


def plain_text(description: str) -> str:
    """A description as plain text: Google's HTML (line breaks kept) or text as it is."""
    if not _HTML.search(description):
        return description  # "<https://...>" in plain text is no markup
    text = _LINE_BREAK.sub("\n", description)
    text = html.unescape(_TAG.sub("", text)).replace("\xa0", " ")
    return _BLANK_LINES.sub("\n\n", text).strip()


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _number(value: object) -> int:
    try:
        return max(0, int(str(value)))
    except ValueError:
        return 0


def _updated(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
