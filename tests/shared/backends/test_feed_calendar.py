"""The ICS feed backend against a real HTTP server on a loopback port: conditional requests,
refresh intervals, limits, the address guard, re-invented UIDs, the two-fetch rule."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from tests.servers.feed_server import Answer, FeedServer

from nextsteps_shared.backends import feed_address
from nextsteps_shared.backends.feed_calendar import FeedCalendar
from nextsteps_shared.backends.protocol import ChangeSet, Precondition, SyncState
from nextsteps_shared.errors import (
    FeedContentError,
    FeedRefusedError,
    PermanentError,
    TransientError,
)
from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.settings import FeedSettings

T = TypeVar("T")
LOOPBACK = FeedSettings(allow_hosts=("127.0.0.1",), min_refresh_seconds=0)
HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//feed tests//EN\r\n"
TAIL = "END:VCALENDAR\r\n"


def run(work: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(work)


def event(uid: str, summary: str, day: int = 3, *lines: str) -> str:
    props = [
        f"UID:{uid}",
        "DTSTAMP:20261110T090000Z",
        f"DTSTART:202612{day:02d}T140000Z",
        f"DTEND:202612{day:02d}T150000Z",
        f"SUMMARY:{summary}",
        "ORGANIZER:mailto:dana.ortiz@quillworks.example",
        *lines,
    ]
    return "BEGIN:VEVENT\r\n" + "".join(f"{p}\r\n" for p in props) + "END:VEVENT\r\n"


def feed(*events: str, head: str = "") -> str:
    return HEAD + head + "".join(events) + TAIL


def keys(changes: ChangeSet) -> set[str]:
    return {e.key for e in changes.upserts}


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


# -- reading and conditional requests ----------------------------------------------------


def test_a_feed_is_read_whole_first_and_then_asked_conditionally(feed_server: FeedServer) -> None:
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist"), event("b@x", "Gym", 4)))
    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK)

    first = run(calendar.changes(None))
    again = run(calendar.changes(first.next_state))

    assert (keys(first), first.full_resync, first.removals) == ({"a@x", "b@x"}, True, ())
    assert (again.upserts, again.removals, again.full_resync) == ((), (), False)
    asked = feed_server.requests_for("/feed.ics")
    assert asked[0].headers.get("if-none-match") is None
    assert asked[1].headers["if-none-match"] == first.next_state.etag
    assert first.next_state.etag is not None


def test_last_modified_is_asked_back_when_there_is_no_etag(feed_server: FeedServer) -> None:
    stamp = "Tue, 10 Nov 2026 09:00:00 GMT"
    body = feed(event("a@x", "Dentist")).encode()
    feed_server.serve("/feed.ics", Answer(body=body, etag=False, last_modified=stamp))
    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK)

    first = run(calendar.changes(None))
    again = run(calendar.changes(first.next_state))

    assert first.next_state.last_modified == stamp
    assert feed_server.requests_for("/feed.ics")[1].headers["if-modified-since"] == stamp
    assert (again.upserts, again.removals) == ((), ())


def test_added_changed_and_removed_events_are_the_only_upserts_and_removals(
    feed_server: FeedServer,
) -> None:
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist"), event("b@x", "Gym", 4)))
    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK)
    state = run(calendar.changes(None)).next_state

    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist (moved)"), event("c@x", "Yoga")))
    later = run(calendar.changes(state))

    assert keys(later) == {"a@x", "c@x"}
    assert later.removals == ("b@x",)
    assert not later.full_resync


def test_a_regenerated_dtstamp_or_last_modified_is_no_change(feed_server: FeedServer) -> None:
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist", 3, "LAST-MODIFIED:20261110T0900Z")))
    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK)
    state = run(calendar.changes(None)).next_state
    regenerated = event("a@x", "Dentist", 3, "LAST-MODIFIED:20261120T093000Z")
    feed_server.serve(
        "/feed.ics", feed(regenerated.replace("20261110T090000Z", "20261120T093000Z"))
    )

    later = run(calendar.changes(state))

    assert (later.upserts, later.removals) == ((), ())


# -- how often ----------------------------------------------------------------------------


def test_no_fetch_before_the_refresh_interval_the_feed_asks_for(feed_server: FeedServer) -> None:
    hint = "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist"), head=hint))
    clock = Clock()
    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK, clock=clock)
    state = run(calendar.changes(None)).next_state

    clock.now += timedelta(minutes=59)
    early = run(calendar.changes(state))
    clock.now += timedelta(minutes=2)
    due = run(calendar.changes(early.next_state))

    assert state.refresh_seconds == 3600
    assert early.next_state == state
    assert len(feed_server.requests_for("/feed.ics")) == 2
    assert due.next_state.not_before == clock.now + timedelta(hours=1)


@pytest.mark.parametrize(
    ("head", "seconds"),
    [
        ("X-PUBLISHED-TTL:PT2H\r\n", 7200),
        ("X-PUBLISHED-TTL:PT1M\r\n", 300),  # below the floor
        ("REFRESH-INTERVAL;VALUE=DURATION:P30D\r\n", 86_400),  # above the ceiling
        ("REFRESH-INTERVAL;VALUE=DURATION:soon\r\n", 300),  # unreadable: the floor
        ("", 300),
    ],
)
def test_the_interval_is_kept_within_bounds(
    feed_server: FeedServer, head: str, seconds: int
) -> None:
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist"), head=head))
    limits = FeedSettings(allow_hosts=("127.0.0.1",))
    calendar = FeedCalendar(feed_server.url(), limits=limits)

    state = run(calendar.changes(None)).next_state

    assert state.refresh_seconds == seconds


# -- feed-specific trouble ---------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        Answer(
            body=b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
            content_type="text/html",
        ),
        Answer(body=feed(event("b@x", "Gym")).encode(), cut_at=120),  # short of its length
        Answer(body=feed(event("b@x", "Gym")).encode()[:-20], length=False),  # no END
    ],
    ids=["html", "truncated", "no-end"],
)
def test_a_document_that_is_not_a_whole_calendar_fails_the_fetch_and_keeps_the_state(
    feed_server: FeedServer, answer: Answer
) -> None:
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist")))
    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK)
    state = run(calendar.changes(None)).next_state
    feed_server.serve("/feed.ics", answer)

    with pytest.raises(FeedContentError, match="last good state is kept"):
        run(calendar.changes(state))
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist")))
    after = run(calendar.changes(state))

    assert (after.upserts, after.removals) == ((), ())


def test_an_empty_calendar_after_a_full_one_counts_on_the_second_fetch_in_a_row(
    feed_server: FeedServer,
) -> None:
    full = feed(event("a@x", "Dentist"), event("b@x", "Gym", 4))
    feed_server.serve("/feed.ics", full)
    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK)
    state = run(calendar.changes(None)).next_state

    feed_server.serve("/feed.ics", feed("BEGIN:VEVENT\r\nnothing\x00 readable\r\nEND:VEVENT\r\n"))
    once = run(calendar.changes(state))  # a calendar, but no event can be read from it
    feed_server.serve("/feed.ics", feed())
    twice = run(calendar.changes(once.next_state))

    assert (once.upserts, once.removals) == ((), ())
    assert twice.removals == ("a@x", "b@x")
    assert twice.next_state.entries == ()
    feed_server.serve("/feed.ics", feed())
    blip = run(calendar.changes(state))
    feed_server.serve("/feed.ics", full)
    back = run(calendar.changes(blip.next_state))
    assert (blip.removals, back.upserts, back.removals) == ((), (), ())
    assert back.next_state.empty_fetches == 0


def test_a_slow_body_is_given_up_after_the_timeout(feed_server: FeedServer) -> None:
    body = feed(*(event(f"e{n}@x", "Gym") for n in range(40))).encode()
    feed_server.serve("/feed.ics", Answer(body=body, delay=0.2))
    limits = LOOPBACK.model_copy(update={"timeout_seconds": 0.5})

    with pytest.raises(TransientError, match=r"no whole answer in 0\.5 s"):
        run(FeedCalendar(feed_server.url(), limits=limits).changes(None))


@pytest.mark.parametrize("announced", [True, False])
def test_a_body_over_the_size_limit_is_refused(feed_server: FeedServer, announced: bool) -> None:
    body = feed(*(event(f"e{n}@x", "Gym " + "x" * 200) for n in range(40))).encode()
    assert len(body) > 4096
    feed_server.serve("/feed.ics", Answer(body=body, length=announced))
    limits = LOOPBACK.model_copy(update={"max_bytes": 4096})

    with pytest.raises(FeedRefusedError, match="larger than 4096 bytes"):
        run(FeedCalendar(feed_server.url(), limits=limits).changes(None))


def test_a_gzip_bomb_is_measured_after_decompression(feed_server: FeedServer) -> None:
    body = feed(event("a@x", "Gym", 3, *(["X-PAD:" + "y" * 70] * 400)))
    packed = gzip.compress(body.encode())
    assert len(packed) < 4096 < len(body)
    feed_server.serve("/feed.ics", Answer(body=packed, encoding="gzip"))
    limits = LOOPBACK.model_copy(update={"max_bytes": 4096})

    with pytest.raises(FeedRefusedError, match="larger than 4096 bytes"):
        run(FeedCalendar(feed_server.url(), limits=limits).changes(None))


@pytest.mark.parametrize(
    ("status", "error", "text"),
    [
        (500, TransientError, "HTTP 500"),
        (404, PermanentError, "HTTP 404"),
        (401, PermanentError, "HTTP 401"),
    ],
)
def test_http_errors_are_translated(
    feed_server: FeedServer, status: int, error: type[Exception], text: str
) -> None:
    feed_server.serve("/feed.ics", Answer(status=status, body=b"no", content_type="text/plain"))

    with pytest.raises(error, match=text):
        run(FeedCalendar(feed_server.url(), limits=LOOPBACK).changes(None))


# -- redirects and the address guard -----------------------------------------------------


def test_redirects_are_followed_up_to_the_limit(feed_server: FeedServer) -> None:
    feed_server.serve("/final.ics", feed(event("a@x", "Dentist")))
    feed_server.serve("/one", Answer(status=302, location="/two"))
    feed_server.serve("/two", Answer(status=301, location=feed_server.url("/final.ics")))
    limits = LOOPBACK.model_copy(update={"max_redirects": 1})

    found = run(FeedCalendar(feed_server.url("/two"), limits=limits).changes(None))
    with pytest.raises(FeedRefusedError, match="more than 1 redirects"):
        run(FeedCalendar(feed_server.url("/one"), limits=limits).changes(None))

    assert keys(found) == {"a@x"}


def test_loopback_is_refused_without_the_setting_and_nothing_is_asked(
    feed_server: FeedServer,
) -> None:
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist")))

    with pytest.raises(FeedRefusedError, match=r"127\.0\.0\.1.*feeds\.allow_hosts"):
        run(FeedCalendar(feed_server.url()).changes(None))
    with pytest.raises(FeedRefusedError, match="localhost"):  # a name for loopback
        run(FeedCalendar(feed_server.url(host="localhost"), limits=LOOPBACK).changes(None))

    assert feed_server.requests == []


def test_a_redirect_to_a_host_that_is_not_allowed_is_refused(feed_server: FeedServer) -> None:
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist")))
    inside = feed_server.url("/feed.ics", host="localhost")
    feed_server.serve("/moved", Answer(status=307, location=inside))

    with pytest.raises(FeedRefusedError, match="localhost"):
        run(FeedCalendar(feed_server.url("/moved"), limits=LOOPBACK).changes(None))

    assert [r.path for r in feed_server.requests] == ["/moved"]


def test_the_address_actually_reached_is_checked_too(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name looked public when it was checked, the connection reached
    loopback. The request must not be sent."""

    async def public(host: str, port: int | None) -> list[feed_address.IpAddress]:
        return [ipaddress.ip_address("93.184.215.14")]

    monkeypatch.setattr(feed_address, "_resolved", public)
    feed_server.serve("/feed.ics", feed(event("a@x", "Dentist")))

    with pytest.raises(FeedRefusedError, match=r"localhost is at 127\.0\.0\.1"):
        run(FeedCalendar(feed_server.url(host="localhost")).changes(None))

    assert feed_server.requests == []


def test_credentials_go_to_the_feeds_own_origin_only(feed_server: FeedServer) -> None:
    feed_server.serve("/final.ics", feed(event("a@x", "Dentist")))
    feed_server.serve("/private.ics", Answer(status=302, location="/final.ics"))
    elsewhere = feed_server.url("/final.ics", host="localhost")
    feed_server.serve("/away.ics", Answer(status=302, location=elsewhere))
    limits = FeedSettings(allow_hosts=("127.0.0.1", "localhost"), min_refresh_seconds=0)

    def fetch(path: str) -> None:
        url = feed_server.url(path)
        run(FeedCalendar(url, username="sam", password="s3cret", limits=limits).changes(None))

    fetch("/private.ics")
    fetch("/away.ics")

    auth = [(r.path, "authorization" in r.headers) for r in feed_server.requests]
    assert auth == [
        ("/private.ics", True),
        ("/final.ics", True),
        ("/away.ics", True),
        ("/final.ics", False),
    ]


# -- identity -----------------------------------------------------------------------------


def test_uids_invented_anew_on_every_fetch_keep_the_first_ones(feed_server: FeedServer) -> None:
    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK)
    state: SyncState | None = None
    seen: list[ChangeSet] = []
    for fetch in range(3):
        feed_server.serve(
            "/feed.ics",
            feed(event(f"gen-{fetch}-1@x", "Interview"), event(f"gen-{fetch}-2@x", "Gym", 4)),
        )
        changes = run(calendar.changes(state))
        seen.append(changes)
        state = changes.next_state

    assert keys(seen[0]) == {"gen-0-1@x", "gen-0-2@x"}
    assert [(c.upserts, c.removals) for c in seen[1:]] == [((), ()), ((), ())]
    assert state is not None
    assert {entry.uid for entry in state.entries} == {"gen-0-1@x", "gen-0-2@x"}


def test_a_renamed_and_changed_event_is_a_removal_and_a_new_event_under_the_old_uid_rule(
    feed_server: FeedServer,
) -> None:
    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK)
    feed_server.serve("/feed.ics", feed(event("gen-1@x", "Interview"), event("gen-2@x", "Gym", 4)))
    state = run(calendar.changes(None)).next_state
    feed_server.serve("/feed.ics", feed(event("gen-3@x", "Interview"), event("gen-4@x", "Yoga", 4)))

    later = run(calendar.changes(state))

    assert keys(later) == {"gen-4@x"}  # gen-3 is gen-1 again; gen-4 is new
    assert later.removals == ("gen-2@x",)
    assert {e.uid for e in later.next_state.entries} == {"gen-1@x", "gen-4@x"}


def test_a_series_with_a_reinvented_uid_keeps_its_keys(feed_server: FeedServer) -> None:
    def series(uid: str) -> str:
        master = event(uid, "Stand-up", 1, "RRULE:FREQ=WEEKLY;COUNT=4")
        moved = event(uid, "Stand-up", 9, "RECURRENCE-ID:20261208T140000Z")
        return feed(master, moved)

    calendar = FeedCalendar(feed_server.url(), limits=LOOPBACK)
    feed_server.serve("/feed.ics", series("s-1@x"))
    first = run(calendar.changes(None))
    feed_server.serve("/feed.ics", series("s-2@x"))
    later = run(calendar.changes(first.next_state))

    assert keys(first) == {"s-1@x", "s-1@x#20261208T140000Z"}
    assert (later.upserts, later.removals) == ((), ())


# -- writing ------------------------------------------------------------------------------


def test_a_feed_refuses_writes() -> None:
    calendar = FeedCalendar("https://calendar.example.org/feed.ics")
    start = datetime(2026, 12, 11, 10, tzinfo=UTC)
    followup = FollowUp(
        uid="c0ffee",
        kind=FollowUpKind.FOLLOW_UP,
        interview_key="a@x",
        start=start,
        end=start + timedelta(minutes=15),
        timezone="Europe/Berlin",
        summary="Follow up now",
        description="Write to Dana.",
    )

    assert calendar.read_only
    with pytest.raises(PermanentError, match="read-only"):
        run(calendar.put(followup, Precondition(if_none_match=True)))
