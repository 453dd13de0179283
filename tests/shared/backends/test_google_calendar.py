"""GoogleCalendar against the Calendar v3 emulator, where Google works its own way: pages, sync
tokens that expire, tombstones, instances of a series, nextsteps' own events, writes."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from tests.google_emulator.control import GoogleEmulator
from tests.shared.backends.google_samples import SERIES_UID, followup, meeting, weekly
from tests.shared.backends.subjects import google_calendar

from nextsteps_shared.backends.google_calendar import GoogleCalendar
from nextsteps_shared.backends.google_followup import event_id
from nextsteps_shared.backends.protocol import ChangeSet, Precondition
from nextsteps_shared.event import EventStatus

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def keys(changes: ChangeSet) -> set[str]:
    return {event.key for event in changes.upserts}


def events(google: GoogleEmulator) -> Any:
    return google.client().events()


def test_every_page_at_the_largest_size_then_a_quiet_poll_is_one_request(
    google_emulator: GoogleEmulator,
) -> None:
    google_emulator.seed_events(meeting(n) for n in range(2600))
    calendar = google_calendar(google_emulator)
    first = run(calendar.changes(None))
    listed = google_emulator.requests("calendar.events.list")
    assert len(first.upserts) == 2600
    assert [r.query["maxResults"] for r in listed] == [["2500"]] * 2  # the most Google serves
    assert "pageToken" in listed[1].query
    quiet = run(calendar.changes(first.next_state))
    assert (quiet.upserts, quiet.removals, quiet.full_resync) == ((), (), False)
    assert len(google_emulator.requests()) == 3


def test_an_expired_token_means_a_full_listing_without_duplicates(
    google_emulator: GoogleEmulator,
) -> None:
    ids = google_emulator.seed_events([meeting(1), meeting(2), weekly()])
    calendar = google_calendar(google_emulator)
    first = run(calendar.changes(None))
    events(google_emulator).delete(calendarId="primary", eventId=ids[0]).execute()
    google_emulator.invalidate_sync_tokens()
    resync = run(calendar.changes(first.next_state))
    assert resync.full_resync
    assert sorted(e.key for e in resync.upserts) == ["meeting-2@example.org", SERIES_UID]
    assert resync.removals == ("meeting-1@example.org",)
    statuses = [r.status for r in google_emulator.requests("calendar.events.list")]
    assert statuses == [200, 410, 200]
    after = run(calendar.changes(resync.next_state))
    assert (after.upserts, after.removals, after.full_resync) == ((), (), False)


def test_moved_and_cancelled_instances_and_a_deleted_series(
    google_emulator: GoogleEmulator,
) -> None:
    (series,) = google_emulator.seed_events([weekly()])
    calendar = google_calendar(google_emulator)
    state = run(calendar.changes(None)).next_state
    client = events(google_emulator)
    moved = client.patch(
        calendarId="primary",
        eventId=f"{series}_20310310T090000Z",
        body={
            "start": {"dateTime": "2031-03-10T15:00:00Z"},
            "end": {"dateTime": "2031-03-10T16:00:00Z"},
        },
    ).execute()
    client.delete(calendarId="primary", eventId=f"{series}_20310317T090000Z").execute()
    changes = run(calendar.changes(state))
    by_key = {e.key: e for e in changes.upserts}
    moved_key, cancelled_key = f"{SERIES_UID}#20310310T090000Z", f"{SERIES_UID}#20310317T090000Z"
    assert set(by_key) == {moved_key, cancelled_key}
    assert by_key[moved_key].start == datetime(2031, 3, 10, 15, tzinfo=UTC)
    assert by_key[moved_key].status is EventStatus.CONFIRMED
    assert by_key[cancelled_key].status is EventStatus.CANCELLED
    assert changes.ref_of(moved_key) is not None
    assert changes.ref_of(moved_key).object_id == moved["id"]  # type: ignore[union-attr]

    client.delete(calendarId="primary", eventId=series).execute()
    gone = run(calendar.changes(changes.next_state))
    assert gone.upserts == ()
    assert set(gone.removals) == {SERIES_UID, moved_key, cancelled_key}


def test_a_series_is_read_with_its_rule_and_exceptions_in_its_own_zone(
    google_emulator: GoogleEmulator,
) -> None:
    body = weekly() | {
        "recurrence": [
            "RRULE:FREQ=WEEKLY;COUNT=4",
            "EXDATE;TZID=Europe/Berlin:20310310T100000",
            "RDATE:20310401T090000Z",
        ]
    }
    google_emulator.seed_events([body])
    (master,) = run(google_calendar(google_emulator).changes(None)).upserts
    assert master.is_series
    assert master.rrule == "FREQ=WEEKLY;COUNT=4"
    assert master.timezone == "Europe/Berlin"
    assert master.start == datetime(2031, 3, 3, 9, tzinfo=UTC)
    assert master.exdates == (datetime(2031, 3, 10, 9, tzinfo=UTC),)
    assert master.rdates == (datetime(2031, 4, 1, 9, tzinfo=UTC),)


def test_own_followups_are_known_by_their_tag_and_the_owners_changes_noticed(
    google_emulator: GoogleEmulator,
) -> None:
    calendar = google_calendar(google_emulator)
    ref = run(calendar.put(followup(), Precondition(if_none_match=True)))
    first = run(calendar.changes(None))
    (written,) = first.upserts
    assert written.key == "0f0f0f0f0f@nextsteps"
    assert (written.organizer, written.attendees) == (None, ())
    client = events(google_emulator)
    stored = client.get(calendarId="primary", eventId=ref.object_id).execute()
    copy = {k: v for k, v in stored.items() if k not in {"id", "iCalUID", "etag"}}
    client.insert(calendarId="primary", body=copy).execute()  # the owner duplicates it
    later = {"dateTime": "2031-03-21T10:00:00Z"}
    client.patch(
        calendarId="primary",
        eventId=ref.object_id,
        body={"start": later, "end": {"dateTime": "2031-03-21T10:30:00Z"}},
    ).execute()
    moved = run(calendar.changes(first.next_state))
    assert keys(moved) == {"0f0f0f0f0f@nextsteps"}  # the copy is neither follow-up nor interview
    assert moved.upserts[0].start == datetime(2031, 3, 21, 10, tzinfo=UTC)
    assert moved.ref_of("0f0f0f0f0f@nextsteps").etag != ref.etag  # type: ignore[union-attr]
    client.delete(calendarId="primary", eventId=ref.object_id).execute()
    deleted = run(calendar.changes(moved.next_state))
    assert deleted.removals == ("0f0f0f0f0f@nextsteps",)


def test_a_followup_reads_as_nextsteps_own_whatever_its_ical_uid(
    google_emulator: GoogleEmulator,
) -> None:
    calendar = google_calendar(google_emulator)
    ref = run(calendar.put(followup(), Precondition(if_none_match=True)))
    with google_emulator.state.store.lock:  # an import elsewhere gave it another iCalUID
        stored = google_emulator.state.store.calendars[google_emulator.user].events[ref.object_id]
        stored.resource = {**stored.resource, "iCalUID": "a1b2c3@google.com"}
    assert keys(run(calendar.changes(None))) == {"0f0f0f0f0f@nextsteps"}


def test_the_followup_event_notifies_nobody_and_never_shows_busy(
    google_emulator: GoogleEmulator,
) -> None:
    calendar = google_calendar(google_emulator)
    ref = run(calendar.put(followup("f" * 40), Precondition(if_none_match=True)))
    stored = google_emulator.event(ref.object_id)
    assert stored is not None
    assert ref.object_id == "f" * 40
    assert "attendees" not in stored
    assert (stored["visibility"], stored["transparency"]) == ("private", "transparent")
    popup = {"method": "popup", "minutes": 0}
    assert stored["reminders"] == {"useDefault": False, "overrides": [popup]}
    assert stored["iCalUID"] == "f" * 40 + "@nextsteps"
    assert stored["extendedProperties"]["private"]["nextstepsKind"] == "follow_up"
    writes = google_emulator.requests("calendar.events.insert")
    assert [r.query.get("sendUpdates") for r in writes] == [["none"]]


def test_updates_carry_if_match_and_a_stale_one_fails(google_emulator: GoogleEmulator) -> None:
    calendar = google_calendar(google_emulator)
    ref = run(calendar.put(followup(), Precondition(if_none_match=True)))
    moved = run(calendar.put(followup(hour=11), Precondition(if_match=ref.etag)))
    with pytest.raises(Exception, match="412") as failed:
        run(calendar.put(followup(hour=12), Precondition(if_match=ref.etag)))
    assert type(failed.value).__name__ == "PreconditionFailedError"
    assert [r.status for r in google_emulator.requests("calendar.events.update")] == [200, 412]
    assert moved.etag != ref.etag


def test_a_followup_deleted_earlier_is_restored_by_a_create_and_never_duplicated(
    google_emulator: GoogleEmulator,
) -> None:
    calendar = google_calendar(google_emulator)
    ref = run(calendar.put(followup(), Precondition(if_none_match=True)))
    run(calendar.delete(ref, Precondition(if_match=ref.etag)))
    again = run(calendar.put(followup(), Precondition(if_none_match=True)))
    assert again.object_id == ref.object_id
    assert google_emulator.event(ref.object_id)["status"] == "confirmed"  # type: ignore[index]
    assert len(google_emulator.events()) == 1
    assert [r.status for r in google_emulator.requests("calendar.events.insert")] == [200, 409]


def test_a_write_without_precondition_creates_or_replaces(google_emulator: GoogleEmulator) -> None:
    calendar = google_calendar(google_emulator)
    made = run(calendar.put(followup(), Precondition()))
    replaced = run(calendar.put(followup(hour=15), Precondition()))
    assert made.object_id == replaced.object_id == event_id("0f0f0f0f0f")
    assert len(google_emulator.events()) == 1


def test_event_ids_are_base32hex_and_stable() -> None:
    assert event_id("c0ffee1") == "c0ffee1"
    assert event_id("f011ow04") == event_id("f011ow04") != "f011ow04"  # "w" is no base32hex
    assert set(event_id("f011ow04")) <= set("0123456789abcdefghijklmnopqrstuv")
    assert len(event_id("ab")) >= 5


def test_a_read_only_calendar_refuses_writes_before_asking(
    google_emulator: GoogleEmulator,
) -> None:
    client = google_calendar(google_emulator)._client
    calendar = GoogleCalendar(client, "primary", read_only=True)
    with pytest.raises(Exception, match="read-only"):
        run(calendar.put(followup(), Precondition(if_none_match=True)))
    assert google_emulator.requests() == []
