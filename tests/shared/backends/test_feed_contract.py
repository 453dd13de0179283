"""The reading part of the backend contract, run against an ICS feed.

The feed subject serves every object the owner stored as one VCALENDAR from a real HTTP
server on a loopback port; the contract's reading tests are imported here and run with this
module's ``subject``. Left out: the writing tests (a feed is read-only; see
test_feed_calendar.py) and the broken-event count (a feed is read whole, so an unreadable
event is counted at every fetch that reads the document, not once).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import pytest
from tests.servers.feed_server import FeedServer
from tests.shared.backends.test_backend_contract import (
    test_a_recurring_master_and_its_override_arrive_as_separate_events,
    test_a_state_from_an_unknown_calendar_is_replaced_by_a_full_listing,
    test_a_sync_without_changes_brings_nothing_new,
    test_added_changed_and_deleted_events_arrive_as_upserts_and_removals,
    test_an_invalid_token_leads_to_a_full_resync_without_duplicates,
    test_initial_sync_returns_everything_as_a_full_resync,
)

from nextsteps_shared.backends.feed_calendar import FeedCalendar
from nextsteps_shared.backends.protocol import CalendarReader
from nextsteps_shared.settings import FeedSettings

CONTRACT = (
    test_initial_sync_returns_everything_as_a_full_resync,
    test_a_sync_without_changes_brings_nothing_new,
    test_added_changed_and_deleted_events_arrive_as_upserts_and_removals,
    test_an_invalid_token_leads_to_a_full_resync_without_duplicates,  # skipped: no tokens
    test_a_recurring_master_and_its_override_arrive_as_separate_events,
    test_a_state_from_an_unknown_calendar_is_replaced_by_a_full_listing,
)
_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//feed subject//EN\r\n"


@dataclass
class FeedSubject:
    """The owner's objects, published as one feed."""

    server: FeedServer
    has_tokens: bool = False
    objects: dict[str, str] = field(default_factory=dict)

    def store(self, name: str, data: str) -> None:
        self.objects[name] = data
        self._publish()

    def remove(self, name: str) -> None:
        del self.objects[name]
        self._publish()

    def run(self, scenario: Callable[[Any], Coroutine[Any, Any, None]]) -> None:
        limits = FeedSettings(allow_hosts=("127.0.0.1",), min_refresh_seconds=0)
        asyncio.run(scenario(FeedCalendar(self.server.url(), limits=limits)))

    def _publish(self) -> None:
        bodies = [_components(data) for data in self.objects.values()]
        self.server.serve("/feed.ics", _HEAD + "".join(bodies) + "END:VCALENDAR\r\n")


def _components(data: str) -> str:
    """The components of one stored calendar, without its VCALENDAR lines."""
    return data[
        data.index("BEGIN:V", data.index("BEGIN:VCALENDAR") + 1) : data.rindex("END:VCALENDAR")
    ]


@pytest.fixture
def subject(feed_server: FeedServer) -> FeedSubject:
    """A fresh, empty feed."""
    feed_server.serve("/feed.ics", _HEAD + "END:VCALENDAR\r\n")
    return FeedSubject(feed_server)


def test_the_feed_is_a_read_only_reader(subject: FeedSubject) -> None:
    async def scenario(calendar: FeedCalendar) -> None:
        assert isinstance(calendar, CalendarReader)
        assert calendar.read_only is True

    subject.run(scenario)
