"""The backends the contract suite runs against, each with the owner's side of its calendar.

A subject gives the backend under test (inside a running event loop) and lets the test act as
the calendar's owner: store or remove an object without preconditions, as another client
would. CalDAV subjects do that with plain HTTP against the real server; the Google subject
imports the object's events into the emulator (``events.import``, as Google stores an
invitation) and deletes them with google-api-python-client.

Capabilities say where a backend legitimately differs: ``has_tokens`` (sync tokens at all),
``stores_broken_events`` (Google refuses an event it cannot place at write time, so nothing
broken ever reaches the reader) and ``undoes_overrides`` (a CalDAV client can drop an
override from its object, and the instance is the series' again; in Google an instance once
changed is an event of its own, and deleting it cancels that occurrence).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from googleapiclient.errors import HttpError
from tests.google_emulator.control import GoogleEmulator
from tests.servers.dav_servers import DavServer, new_calendar
from tests.servers.ical_to_google import import_bodies

from nextsteps_shared.backends.caldav_account import open_client
from nextsteps_shared.backends.caldav_calendar import CaldavCalendar
from nextsteps_shared.backends.google_calendar import GoogleCalendar
from nextsteps_shared.backends.google_client import GoogleClient
from nextsteps_shared.backends.google_pacer import Pacer
from nextsteps_shared.backends.memory import MemoryCalendar
from nextsteps_shared.settings import GoogleSettings

Backend = MemoryCalendar | CaldavCalendar | GoogleCalendar
Scenario = Callable[[Backend], Coroutine[Any, Any, None]]


@dataclass
class MemorySubject:
    """The in-memory reference backend."""

    calendar: MemoryCalendar = field(default_factory=lambda: MemoryCalendar("contract"))
    has_tokens: bool = True
    stores_broken_events: bool = True
    undoes_overrides: bool = True

    def store(self, name: str, data: str) -> None:
        self.calendar.store(name, data)

    def remove(self, name: str) -> None:
        self.calendar.remove(name)

    def run(self, scenario: Scenario) -> None:
        asyncio.run(scenario(self.calendar))


@dataclass
class CaldavSubject:
    """A fresh calendar on a real server, read through caldav's async client."""

    server: DavServer
    has_tokens: bool = True
    url: str = ""
    stores_broken_events: bool = True
    undoes_overrides: bool = True

    def __post_init__(self) -> None:
        self.url = new_calendar(self.server)

    def store(self, name: str, data: str) -> None:
        status = self.server.request(
            "PUT", self.url + name, data.encode(), Content_Type="text/calendar; charset=utf-8"
        )
        assert status in {201, 204}, f"owner PUT {name} answered {status}"

    def remove(self, name: str) -> None:
        status = self.server.request("DELETE", self.url + name)
        assert status in {200, 204}, f"owner DELETE {name} answered {status}"

    def run(self, scenario: Scenario) -> None:
        asyncio.run(self._run(scenario))

    async def _run(self, scenario: Scenario) -> None:
        client = await open_client(self.url, self.server.username, self.server.password)
        async with client:
            await scenario(CaldavCalendar(client, self.url, sync_tokens=self.has_tokens))


# Fast enough for tests: no pacing to speak of, retries after a hundredth of a second.
FAST = GoogleSettings(requests_per_minute=600, burst=100, backoff_seconds=0.01)


def google_calendar(google: GoogleEmulator, calendar_id: str = "primary") -> GoogleCalendar:
    """The backend over the real client, authorised through the emulator's OAuth."""
    client = GoogleClient(google.client(), FAST, pacer=Pacer(60_000, 1_000))
    return GoogleCalendar(client, calendar_id)


@dataclass
class GoogleSubject:
    """The primary calendar of the emulator's account, read through GoogleCalendar."""

    google: GoogleEmulator
    has_tokens: bool = True
    stores_broken_events: bool = False
    undoes_overrides: bool = False
    stored: dict[str, list[str]] = field(default_factory=dict)  # object name -> event ids

    def store(self, name: str, data: str) -> None:
        events = self.google.client().events()
        made = [
            events.import_(calendarId="primary", body=body).execute()["id"]
            for body in import_bodies(data)
        ]
        self._delete([i for i in self.stored.get(name, []) if i not in made])
        self.stored[name] = made

    def remove(self, name: str) -> None:
        self._delete(self.stored.pop(name))

    def _delete(self, ids: list[str]) -> None:
        events = self.google.client().events()
        for event_id in sorted(ids, key=len, reverse=True):  # instances before their series
            try:
                events.delete(calendarId="primary", eventId=event_id).execute()
            except HttpError as err:
                if err.status_code != 410:  # deleted with its series already
                    raise

    def run(self, scenario: Scenario) -> None:
        asyncio.run(scenario(google_calendar(self.google)))


Subject = MemorySubject | CaldavSubject | GoogleSubject
