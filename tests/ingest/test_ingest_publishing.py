"""Ingest against real servers: calendar changes in, the right messages on JetStream out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.ingest.calendar_texts import followup, interview, ordinary, soon, written
from tests.ingest.ingest_harness import OwnerCalendar, connect, kinds, open_state, poll, published

from nextsteps_ingest.ledger import Ledger
from nextsteps_shared.messages import (
    FollowUpChange,
    FollowUpChanged,
    InterviewRemoved,
    InterviewSnapshot,
)
from nextsteps_shared.settings import NextstepsSettings

UID = "7a0c55e1-brightwave-onsite@brightwave.io"


def _ledger(settings: NextstepsSettings) -> Ledger:
    return Ledger(open_state(settings))


def test_an_interview_is_published_once_and_a_quiet_poll_adds_nothing(
    calendar: OwnerCalendar, settings: NextstepsSettings, nats_url: str
) -> None:
    calendar.store("onsite.ics", interview(UID, soon()))
    calendar.store("dentist.ics", ordinary("dentist-0412@fastmail.com", soon(2)))
    account = connect(settings, calendar)

    (report,) = poll(settings)
    first = published(nats_url, account.id)
    poll(settings, rounds=2)

    assert report.synced == [account.id]
    assert kinds(first) == [("interview_snapshot", UID)]
    snapshot = first[0]
    assert isinstance(snapshot, InterviewSnapshot)
    assert snapshot.interview.company == "Brightwave"
    assert snapshot.calendar == calendar.url
    assert snapshot.source is calendar.kind
    assert snapshot.event.start == soon()
    assert published(nats_url, account.id) == first


def test_an_edit_publishes_a_newer_revision_and_a_deletion_a_removal(
    calendar: OwnerCalendar, settings: NextstepsSettings, nats_url: str
) -> None:
    calendar.store("onsite.ics", interview(UID, soon()))
    account = connect(settings, calendar)
    poll(settings)
    note = "Next steps: they decide by Friday; Lena sends the take-home on Monday."
    calendar.store("onsite.ics", interview(UID, soon(), description=note))
    poll(settings)
    calendar.remove("onsite.ics")
    poll(settings, rounds=2)

    messages = published(nats_url, account.id)
    assert kinds(messages) == [
        ("interview_snapshot", UID),
        ("interview_snapshot", UID),
        ("interview_removed", UID),
    ]
    first, edited, removed = messages
    assert isinstance(edited, InterviewSnapshot)
    assert edited.event.description == note
    assert isinstance(removed, InterviewRemoved)
    assert removed.reason == "deleted"
    assert first.revision < edited.revision < removed.revision


def test_a_cancelled_interview_is_removed_as_cancelled(
    calendar: OwnerCalendar, settings: NextstepsSettings, nats_url: str
) -> None:
    calendar.store("onsite.ics", interview(UID, soon()))
    account = connect(settings, calendar)
    poll(settings)
    calendar.store("onsite.ics", interview(UID, soon(), status="CANCELLED"))
    poll(settings, rounds=2)

    messages = published(nats_url, account.id)
    assert kinds(messages) == [("interview_snapshot", UID), ("interview_removed", UID)]
    assert isinstance(messages[1], InterviewRemoved)
    assert messages[1].reason == "cancelled"


def test_a_nextsteps_followup_is_never_an_interview_but_its_changes_are_noticed(
    calendar: OwnerCalendar, settings: NextstepsSettings, nats_url: str
) -> None:
    item = followup(UID, soon(days=9, hour=9))
    name = f"{item.uid}.ics"
    calendar.store(name, written(item))
    account = connect(settings, calendar)
    poll(settings, rounds=2)
    assert published(nats_url, account.id) == []

    later = soon(days=10, hour=15)
    calendar.store(name, written(item.model_copy(update={"start": later, "end": later})))
    poll(settings)
    calendar.remove(name)
    poll(settings, rounds=2)

    messages = published(nats_url, account.id)
    assert kinds(messages) == [("followup_changed", f"{item.uid}@nextsteps")] * 2
    moved, deleted = messages
    assert isinstance(moved, FollowUpChanged)
    assert isinstance(deleted, FollowUpChanged)
    assert moved.change is FollowUpChange.MOVED
    assert (moved.followup_uid, moved.start, moved.end) == (item.uid, later, later)
    assert moved.etag
    assert deleted.change is FollowUpChange.DELETED
    assert deleted.revision > moved.revision


def test_an_invalid_sync_token_resyncs_without_duplicates(
    calendar: OwnerCalendar,
    settings: NextstepsSettings,
    nats_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    calendar.store("onsite.ics", interview(UID, soon()))
    calendar.store("dentist.ics", ordinary("dentist-0412@fastmail.com", soon(2)))
    account = connect(settings, calendar)
    poll(settings)
    ledger = _ledger(settings)
    state = ledger.state(account.id, calendar.url)
    assert state is not None
    assert state.token is not None
    # the server forgot the token and the calendar changed since (another ctag)
    forgotten = state.model_copy(update={"token": state.token + "-expired", "ctag": "stale"})
    ledger.commit(account.id, calendar.url, forgotten, [], [])

    caplog.set_level("INFO", logger="nextsteps_ingest")
    poll(settings)

    assert "full_resync=True" in caplog.text
    assert kinds(published(nats_url, account.id)) == [("interview_snapshot", UID)]
    assert ledger.state(account.id, calendar.url) != forgotten


def test_a_broken_event_is_skipped_and_the_rest_published(
    calendar: OwnerCalendar,
    settings: NextstepsSettings,
    nats_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    start = soon()
    stamp = start.strftime("%Y%m%dT%H%M%SZ")
    nowhere = interview("broken-3@brightwave.io", start).replace(  # a zone nobody knows
        f"DTSTART:{stamp}", f"DTSTART;TZID=Mars/Olympus_Mons:{stamp.rstrip('Z')}"
    )
    calendar.store("broken.ics", nowhere)
    calendar.store("onsite.ics", interview(UID, start))
    account = connect(settings, calendar)
    caplog.set_level("INFO", logger="nextsteps_ingest")

    (report,) = poll(settings)

    assert report.synced == [account.id]
    assert kinds(published(nats_url, account.id)) == [("interview_snapshot", UID)]
    assert "skipped=1" in caplog.text


def test_an_interview_that_ended_long_before_connecting_gets_no_snapshot(
    calendar: OwnerCalendar, settings: NextstepsSettings, nats_url: str
) -> None:
    long_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(days=40)
    calendar.store("old.ics", interview("2f1e-screen@brightwave.io", long_ago))
    calendar.store("onsite.ics", interview(UID, soon()))
    account = connect(settings, calendar)

    poll(settings, rounds=2)

    assert kinds(published(nats_url, account.id)) == [("interview_snapshot", UID)]
    records = _ledger(settings).records(account.id, calendar.url)
    assert records["2f1e-screen@brightwave.io"].is_interview
    assert records["2f1e-screen@brightwave.io"].revision is None


def test_an_interview_tagged_not_interview_is_removed_and_a_retag_brings_it_back(
    settings: NextstepsSettings, nats_url: str
) -> None:
    calendar = OwnerCalendar.fresh("memory", None)
    calendar.store("onsite.ics", interview(UID, soon()))
    account = connect(settings, calendar)
    poll(settings)
    mock = "A mock interview with a friend #not-interview"
    calendar.store("onsite.ics", interview(UID, soon(), description=mock))
    poll(settings)
    calendar.store("onsite.ics", interview(UID, soon(), description="Real one after all"))
    poll(settings, rounds=2)

    messages = published(nats_url, account.id)
    assert kinds(messages) == [
        ("interview_snapshot", UID),
        ("interview_removed", UID),
        ("interview_snapshot", UID),
    ]
    assert isinstance(messages[1], InterviewRemoved)
    assert messages[1].reason == "not_interview"
    assert [m.revision for m in messages] == sorted({m.revision for m in messages})


def test_a_followup_edited_in_place_is_reported_as_edited(
    settings: NextstepsSettings, nats_url: str
) -> None:
    calendar = OwnerCalendar.fresh("memory", None)
    item = followup(UID, soon(days=9, hour=9))
    calendar.store(f"{item.uid}.ics", written(item))
    account = connect(settings, calendar)
    poll(settings)
    reworded = item.model_copy(update={"description": "Write to Jonas Weber directly."})
    calendar.store(f"{item.uid}.ics", written(reworded))
    poll(settings, rounds=2)

    (edited,) = published(nats_url, account.id)
    assert isinstance(edited, FollowUpChanged)
    assert edited.change is FollowUpChange.EDITED
    assert edited.start == item.start
