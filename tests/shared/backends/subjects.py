"""The backends the contract suite runs against, each with the owner's side of its calendar.

A subject gives the backend under test (inside a running event loop) and lets the test act as
the calendar's owner: store or remove an object without preconditions, as another client
would. CalDAV subjects do that with plain HTTP against the real server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from tests.servers.dav_servers import DavServer, new_calendar

from nextsteps_shared.backends.caldav_account import open_client
from nextsteps_shared.backends.caldav_calendar import CaldavCalendar
from nextsteps_shared.backends.memory import MemoryCalendar

Backend = MemoryCalendar | CaldavCalendar
Scenario = Callable[[Backend], Coroutine[Any, Any, None]]


@dataclass
class MemorySubject:
    """The in-memory reference backend."""

    calendar: MemoryCalendar = field(default_factory=lambda: MemoryCalendar("contract"))
    has_tokens: bool = True

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


Subject = MemorySubject | CaldavSubject
