"""iCalendar text as Google Calendar import bodies: what a calendar client (or Google's own
invitation handling) makes of an .ics object, so the suites that put iCalendar into CalDAV
servers can put the same events into the Google emulator through ``events.import``.

Each VEVENT becomes one Event body: iCalUID, summary, description, location, status, sequence,
start/end (a TZID time keeps its zone, UTC stays UTC, a date is all day, a floating time is
read in UTC), recurrence lines as written (RRULE, EXDATE, RDATE), the organizer and attendees
with their names and answers, and a RECURRENCE-ID as ``originalStartTime``. Series come before
their instances, so an instance always finds its series. An event Google would refuse (an
unknown zone) raises ValueError here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component

_ANSWERS = {
    "NEEDS-ACTION": "needsAction",
    "ACCEPTED": "accepted",
    "DECLINED": "declined",
    "TENTATIVE": "tentative",
}
_RECURRENCE = ("RRULE", "EXRULE", "RDATE", "EXDATE")


def import_bodies(text: str) -> list[dict[str, Any]]:
    """One Event body per VEVENT of ``text``, series and single events first."""
    events = Calendar.from_ical(text).walk("VEVENT")
    ordered = sorted(events, key=lambda e: "RECURRENCE-ID" in e)
    return [event_body(event) for event in ordered]


def event_body(event: Component) -> dict[str, Any]:
    start = event.decoded("DTSTART")
    body: dict[str, Any] = {
        "iCalUID": str(event["UID"]),
        "summary": str(event.get("SUMMARY", "")),
        "status": str(event.get("STATUS", "CONFIRMED")).lower(),
        "sequence": int(event.get("SEQUENCE", 0)),
        "start": google_time(start),
        "end": google_time(_end(event, start)),
    }
    for name, field in (("DESCRIPTION", "description"), ("LOCATION", "location")):
        if name in event:
            body[field] = str(event[name])
    if "RECURRENCE-ID" in event:
        body["originalStartTime"] = google_time(event.decoded("RECURRENCE-ID"))
    lines = [line.to_ical().decode() for line in event.content_lines() if _recurring(line)]
    if lines:  # Google wants a zone for a series' times, to expand it in
        body["recurrence"] = lines
        for name in ("start", "end"):
            if "dateTime" in body[name]:
                body[name].setdefault("timeZone", "UTC")
    return body | _people(event)


def google_time(moment: date | datetime) -> dict[str, str]:
    """An EventDateTime for a DTSTART/DTEND/RECURRENCE-ID value."""
    if not isinstance(moment, datetime):
        return {"date": moment.isoformat()}
    if moment.tzinfo is None:
        return {"dateTime": moment.isoformat(), "timeZone": "UTC"}
    zone = getattr(moment.tzinfo, "key", None)
    if zone is None or zone in {"UTC", "Etc/UTC"}:
        return {"dateTime": moment.astimezone(UTC).isoformat().replace("+00:00", "Z")}
    ZoneInfo(zone)  # an unknown zone: Google refuses the event
    return {"dateTime": moment.isoformat(), "timeZone": zone}


def _end(event: Component, start: date | datetime) -> date | datetime:
    if "DTEND" in event:
        end: date | datetime = event.decoded("DTEND")
        return end
    if "DURATION" in event:
        length: timedelta = event.decoded("DURATION")
        return start + length
    return start if isinstance(start, datetime) else start + timedelta(days=1)


def _recurring(line: str) -> bool:
    return line.split(":", 1)[0].split(";", 1)[0].upper() in _RECURRENCE


def _people(event: Component) -> dict[str, Any]:
    found: dict[str, Any] = {}
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        found["organizer"] = _person(organizer)
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    if attendees:
        found["attendees"] = [_attendee(a) for a in attendees]
    return found


def _person(value: Any) -> dict[str, Any]:
    person = {"email": str(value).removeprefix("mailto:").removeprefix("MAILTO:")}
    name = value.params.get("CN")
    return person | ({"displayName": str(name)} if name else {})


def _attendee(value: Any) -> dict[str, Any]:
    answer = _ANSWERS.get(str(value.params.get("PARTSTAT", "NEEDS-ACTION")).upper(), "needsAction")
    return _person(value) | {"responseStatus": answer}
