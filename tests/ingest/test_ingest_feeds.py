"""Ingest of ICS feeds: a feed on a real HTTP server, the real nats-server, messages read back.

A feed subscribed as ``nextsteps subscribe`` does it; its interviews become snapshots once,
whatever its UIDs do; a removed event becomes a removal, an emptied feed only on the second
poll in a row; a page that is not a calendar fails the poll and removes nothing.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.ingest.calendar_texts import interview, ordinary, soon
from tests.ingest.ingest_harness import (
    KEY,
    OWNER,
    account_store,
    kinds,
    open_state,
    poll,
    published,
)
from tests.servers.feed_server import Answer, FeedServer

from nextsteps_ingest.ledger import Ledger
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.accounts.subscription import subscribe_feed
from nextsteps_shared.messages import InterviewRemoved, InterviewSnapshot, SourceKind
from nextsteps_shared.settings import NextstepsSettings, load_settings

FIRST = "c3f1-brightwave-screen@ats.example"
SECOND = "9b2e-brightwave-onsite@ats.example"
_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Recruitee//Interviews//EN\r\n"


@pytest.fixture
def settings(tmp_path: Path, nats_url: str) -> NextstepsSettings:
    """An installation that may fetch feeds from 127.0.0.1, at every poll."""
    return load_settings(
        tmp_path / "data",
        broker_url=nats_url,
        encryption_key=KEY,
        owner={"addresses": [OWNER], "timezone": "Europe/Berlin"},
        feeds={"allow_hosts": ["127.0.0.1"], "min_refresh_seconds": 0},
    )


def feed(*calendars: str) -> str:
    """One VCALENDAR holding the events of several."""
    parts = [text[text.index("BEGIN:VEVENT") : text.rindex("END:VCALENDAR")] for text in calendars]
    return _HEAD + "".join(parts) + "END:VCALENDAR\r\n"


def subscribe(settings: NextstepsSettings, url: str) -> Account:
    """The feed subscribed as ``nextsteps subscribe URL --owner OWNER`` does it."""
    subscription = asyncio.run(
        subscribe_feed(
            url, [OWNER], None, settings.feeds, now=datetime.now(UTC), skip_older_than_days=14
        )
    )
    account_store(settings).add(subscription.account, subscription.secret)
    return subscription.account


def test_a_feeds_interview_becomes_one_snapshot(
    feed_server: FeedServer, settings: NextstepsSettings, nats_url: str
) -> None:
    feed_server.serve("/jobs.ics", feed(interview(FIRST, soon()), ordinary("d@x", soon(2))))
    account = subscribe(settings, feed_server.url("/jobs.ics"))

    (report,) = poll(settings)
    poll(settings, rounds=2)

    messages = published(nats_url, account.id)
    assert report.synced == [account.id]
    assert kinds(messages) == [("interview_snapshot", FIRST)]
    snapshot = messages[0]
    assert isinstance(snapshot, InterviewSnapshot)
    assert (snapshot.source, snapshot.calendar) == (
        SourceKind.ICS_FEED,
        feed_server.url("/jobs.ics"),
    )
    assert snapshot.interview.company == "Brightwave"


def test_a_feed_that_invents_new_uids_on_every_fetch_publishes_no_duplicates(
    feed_server: FeedServer, settings: NextstepsSettings, nats_url: str
) -> None:
    start = soon()
    feed_server.serve("/jobs.ics", feed(interview("gen-0@export", start)))
    account = subscribe(settings, feed_server.url("/jobs.ics"))

    for fetch in range(1, 4):
        feed_server.serve("/jobs.ics", feed(interview(f"gen-{fetch}@export", start)))
        poll(settings)

    assert kinds(published(nats_url, account.id)) == [("interview_snapshot", "gen-1@export")]


def test_a_removed_event_is_a_removal_and_an_emptied_feed_one_on_the_second_poll(
    feed_server: FeedServer, settings: NextstepsSettings, nats_url: str
) -> None:
    feed_server.serve("/jobs.ics", feed(interview(FIRST, soon()), interview(SECOND, soon(5))))
    account = subscribe(settings, feed_server.url("/jobs.ics"))
    poll(settings)
    feed_server.serve("/jobs.ics", feed(interview(SECOND, soon(5))))
    poll(settings)
    feed_server.serve("/jobs.ics", _HEAD + "END:VCALENDAR\r\n")
    poll(settings)
    before_second_empty_poll = kinds(published(nats_url, account.id))
    poll(settings)

    messages = published(nats_url, account.id)
    assert before_second_empty_poll == [
        ("interview_snapshot", FIRST),
        ("interview_snapshot", SECOND),
        ("interview_removed", FIRST),
    ]
    assert kinds(messages[3:]) == [("interview_removed", SECOND)]
    assert all(m.reason == "deleted" for m in messages[2:] if isinstance(m, InterviewRemoved))


def test_an_error_page_fails_the_poll_keeps_the_state_and_removes_nothing(
    feed_server: FeedServer, settings: NextstepsSettings, nats_url: str
) -> None:
    good = feed(interview(FIRST, soon()))
    feed_server.serve("/jobs.ics", good)
    account = subscribe(settings, feed_server.url("/jobs.ics"))
    poll(settings)
    ledger = Ledger(open_state(settings))
    state = ledger.state(account.id, account.url)
    page = b"<html><body><h1>503 Service Unavailable</h1></body></html>"
    feed_server.serve("/jobs.ics", Answer(body=page, content_type="text/html"))

    (failed,) = poll(settings)
    error = account_store(settings).get(account.id).last_error
    unchanged = ledger.state(account.id, account.url)
    feed_server.serve("/jobs.ics", good)
    (recovered,) = poll(settings)

    assert account.id in failed.failed
    assert error is not None
    assert "not a calendar (text/html" in error
    assert unchanged == state
    assert recovered.synced == [account.id]
    assert account_store(settings).get(account.id).last_error is None
    assert kinds(published(nats_url, account.id)) == [("interview_snapshot", FIRST)]
