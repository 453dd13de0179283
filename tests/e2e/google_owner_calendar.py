"""The owner's side of a Google calendar on the Calendar v3 emulator, with the same hands as
:class:`~tests.e2e.owner_calendar.OwnerCalendar` has on a CalDAV server, so the end-to-end
scenarios run unchanged against Google.

- ``put(name, text)``: the object's events arrive as invitations do (``events.import``, the
  organizer kept, changed in place by iCalUID); with ``If_Match`` (the owner dragging a
  follow-up in the calendar) the event named ``name`` gets the text's new times, under that
  etag.
- ``delete(name)``: the events ``name`` put there (or the event whose id ``name`` is).
- ``events()``: every live event as a :class:`Stored`, rendered as iCalendar: ``name`` is
  ``<event id>.ics`` (for a follow-up, its uid), the ``X-NEXTSTEPS-*`` tags come from the
  extended properties, and ORGANIZER is written only when it is not the calendar itself
  (Google names the calendar organizer of every event made in it; that notifies nobody).
- ``connect_command``: ``nextsteps connect google --token-file ... --api-endpoint ...`` with a
  grant whose token endpoint is the emulator's, so the services refresh tokens there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event
from tests.e2e.owner_calendar import FollowUpView, Stored
from tests.google_emulator.control import GoogleEmulator
from tests.servers.ical_to_google import import_bodies

from nextsteps_shared.backends.google_events import calendar_zone, read_time

SUFFIX = "@nextsteps"
_TAGS = {"nextstepsKind": "X-NEXTSTEPS-KIND", "nextstepsInterview": "X-NEXTSTEPS-INTERVIEW"}
_SCOPES = ["https://www.googleapis.com/auth/calendar"]


class GoogleOwnerCalendar(FollowUpView):
    """The primary calendar of the emulator's account, edited and read as its owner."""

    kind = "google"

    def __init__(self, google: GoogleEmulator) -> None:
        self.google = google
        self.url = google.user  # the primary calendar's id
        self._service = google.client()
        self._names: dict[str, list[str]] = {}

    def connect_command(self, workdir: Path, owner: str) -> tuple[list[str], str]:
        """The ``nextsteps connect`` arguments (and stdin) that connect this calendar."""
        grant = workdir / "google-grant.json"
        grant.write_text(json.dumps(self._grant()))
        return [
            "connect", "google", "--token-file", str(grant),
            "--api-endpoint", self.google.api_endpoint, "--owner", owner, "--watch", self.url,
        ], ""  # fmt: skip

    def _grant(self) -> dict[str, Any]:
        return {
            "refresh_token": self.google.issue_refresh_token(),
            "client_id": self.google.client_id,
            "client_secret": self.google.client_secret,
            "token_uri": self.google.token_uri,
            "scopes": _SCOPES,
        }

    def put(self, name: str, text: str, **headers: str) -> None:
        if "If_Match" in headers:
            self._move(name, text, headers["If_Match"])
            return
        events = self._service.events()
        self._names[name] = [
            events.import_(calendarId=self.url, body=body).execute()["id"]
            for body in import_bodies(text)
        ]

    def _move(self, name: str, text: str, etag: str) -> None:
        (event,) = Calendar.from_ical(text).walk("VEVENT")
        body = {
            "start": {"dateTime": event.decoded("DTSTART").isoformat()},
            "end": {"dateTime": event.decoded("DTEND").isoformat()},
        }
        request = self._service.events().patch(calendarId=self.url, eventId=_id(name), body=body)
        request.headers["if-match"] = etag
        request.execute()

    def delete(self, name: str) -> None:
        for event_id in self._names.pop(name, [_id(name)]):
            self._service.events().delete(calendarId=self.url, eventId=event_id).execute()

    def events(self) -> list[Stored]:
        """Every event the calendar holds (deleted ones left out)."""
        found: list[Stored] = []
        request = self._service.events().list(calendarId=self.url, maxResults=2500)
        while request is not None:
            answer = request.execute()
            zone = answer.get("timeZone", "UTC")
            found += [_stored(item, zone) for item in answer["items"]]
            request = self._service.events().list_next(request, answer)
        return found


def _id(name: str) -> str:
    return name.removesuffix(".ics")


def _stored(item: dict[str, Any], zone_name: str) -> Stored:
    """One Google event as the iCalendar VEVENT a CalDAV server would hold."""
    zone = calendar_zone(zone_name, "UTC")
    event = Event()
    event.add("UID", item["iCalUID"])
    event.add("DTSTART", read_time(item["start"], zone, "start").at)
    event.add("DTEND", read_time(item["end"], zone, "end").at)
    event.add("SUMMARY", item.get("summary", ""))
    organizer = item.get("organizer", {})
    if organizer and not organizer.get("self"):
        event.add("ORGANIZER", f"mailto:{organizer['email']}")
    for attendee in item.get("attendees", []):
        event.add("ATTENDEE", f"mailto:{attendee['email']}")
    tags = item.get("extendedProperties", {}).get("private", {})
    for tag, name in _TAGS.items():
        if tag in tags:
            event.add(name, tags[tag])
    calendar = Calendar()
    calendar.add_component(event)
    return Stored(f"{item['id']}.ics", item["etag"], calendar.to_ical().decode(), event)
