"""Hypothesis over the whole feed path: bytes served by a real HTTP server -> the feed backend
-> ingest's reading of the change set (observation), fetch after fetch with the state carried.

Whatever is served, the only exceptions are nextsteps' own (which ingest records as the
account's last error and retries); every change set is consistent with the state it leads to.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.servers.feed_server import Answer, FeedServer, running_feed_server
from tests.shared.ical.test_calendar_reader_fuzz import SAMPLE, mutated_sample

from nextsteps_ingest.observation import Scope, digest
from nextsteps_ingest.record import EventRecord
from nextsteps_shared.backends.feed_calendar import FeedCalendar
from nextsteps_shared.backends.protocol import SyncState
from nextsteps_shared.errors import NextstepsError
from nextsteps_shared.messages import SourceKind
from nextsteps_shared.owner import Owner
from nextsteps_shared.settings import FeedSettings

OWNER = Owner.build(["maya.okafor@fastmail.com"], (), "Europe/Berlin")
LIMITS = FeedSettings(
    allow_hosts=("127.0.0.1",), min_refresh_seconds=0, max_bytes=64 * 1024, timeout_seconds=5
)
_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fuzz//EN\r\nX-PUBLISHED-TTL:{ttl}\r\n"


@pytest.fixture(scope="module")
def feeds() -> Iterator[FeedServer]:
    with running_feed_server() as server:
        yield server


@st.composite
def interviews(draw: st.DrawFn) -> bytes:
    """A feed of interview-like events whose UIDs, times and titles vary between fetches."""
    events = []
    for n in range(draw(st.integers(0, 4))):
        uid = draw(st.sampled_from([f"fixed-{n}@x", f"gen-{draw(st.integers(0, 99))}@x", ""]))
        day = draw(st.integers(1, 28))
        title = draw(st.sampled_from(["Interview: Brightwave - Data Engineer", "Dentist", "x"]))
        extra = draw(st.sampled_from(["", "RRULE:FREQ=WEEKLY;COUNT=3\r\n", "STATUS:CANCELLED\r\n"]))
        events.append(
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:202612{day:02d}T140000Z\r\n"
            f"DTEND:202612{day:02d}T150000Z\r\nSUMMARY:{title}\r\n{extra}"
            "ORGANIZER:mailto:lena.hoff@brightwave.io\r\n"
            "ATTENDEE:mailto:maya.okafor@fastmail.com\r\nEND:VEVENT\r\n"
        )
    ttl = draw(st.sampled_from(["PT1H", "P1D", "-PT1H", "soon", ""]))
    return (_HEAD.format(ttl=ttl) + "".join(events) + "END:VCALENDAR\r\n").encode()


documents = st.one_of(
    interviews(),
    mutated_sample(),
    st.just(SAMPLE),
    st.binary(max_size=2048),
    st.just(b"<!DOCTYPE html><html><body>Sign in</body></html>"),
    st.just(b"BEGIN:VCALENDAR\r\n" + b"X" * (70 * 1024)),  # over max_bytes
)


@dataclass(frozen=True)
class Serving:
    document: bytes
    cut_at: int | None
    length: bool
    status: int


servings = st.builds(
    Serving,
    document=documents,
    cut_at=st.one_of(st.none(), st.integers(0, 400)),
    length=st.booleans(),
    status=st.sampled_from([200, 200, 200, 200, 404, 503]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(fetches=st.lists(servings, min_size=1, max_size=3))
def test_any_feed_is_read_or_refused_with_a_nextsteps_error(
    feeds: FeedServer, fetches: list[Serving]
) -> None:
    state: SyncState | None = None
    known: dict[str, EventRecord] = {}
    calendar = FeedCalendar(feeds.url("/fuzz.ics"), limits=LIMITS)
    for serving in fetches:
        feeds.serve("/fuzz.ics", _answer(serving))
        try:
            changes = asyncio.run(calendar.changes(state))
        except NextstepsError as err:
            event(f"refused: {type(err).__name__}")
            continue  # this poll fails; the state stays
        keys = {key for entry in changes.next_state.entries for key in entry.keys}
        assert {e.key for e in changes.upserts} <= keys
        assert not set(changes.removals) & keys
        scope = Scope("fuzz", calendar.url, SourceKind.ICS_FEED, OWNER, datetime.now(UTC))
        found = digest(changes, known, scope)
        event(
            f"read: {'some' if changes.upserts else 'no'} upserts, {len(found.messages)} messages"
        )
        known = {k: r for k, r in known.items() if k not in found.gone}
        known.update((record.key, record) for record in found.records)
        state = changes.next_state


def _answer(serving: Serving) -> Answer:
    return Answer(
        body=serving.document,
        status=serving.status,
        cut_at=serving.cut_at,
        length=serving.length,
        etag=serving.status == 200,
    )
