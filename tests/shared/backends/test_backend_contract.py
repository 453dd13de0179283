"""One contract for every calendar backend: memory, Radicale (sync token and etag fallback),
Xandikos, Google (the emulator). The owner's edits go to the server as another client's
would; the backend must see them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.shared.backends.subjects import Backend, Subject

from nextsteps_shared.backends.protocol import (
    CalendarReader,
    CalendarWriter,
    ChangeSet,
    Precondition,
    SyncState,
)
from nextsteps_shared.errors import PreconditionFailedError
from nextsteps_shared.followup import FollowUp, FollowUpKind

_STAMP = "DTSTAMP:20261110T090000Z"


def _calendar(*events: str) -> str:
    body = "".join(events)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//contract tests//EN\r\n"
    return f"{head}{body}END:VCALENDAR\r\n"


def _event(uid: str, summary: str, start: str, end: str, *lines: str) -> str:
    props = [f"UID:{uid}", _STAMP, f"DTSTART:{start}", f"DTEND:{end}", f"SUMMARY:{summary}"]
    return "BEGIN:VEVENT\r\n" + "".join(f"{p}\r\n" for p in (*props, *lines)) + "END:VEVENT\r\n"


INTERVIEW = _calendar(
    _event(
        "onsite-3f9a@mail.example.org",
        "Onsite interview: Platform Engineer at Quillworks",
        "20261203T140000Z",
        "20261203T153000Z",
        "ORGANIZER;CN=Dana Ortiz:mailto:dana.ortiz@quillworks.example",
        "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net",
        "DESCRIPTION:Next steps: team lunch\\, decision by Friday",
    )
)
DENTIST = _calendar(
    _event("dentist-2026-12@clinic.example", "Dentist", "20261207T081500Z", "20261207T090000Z")
)
BOOK_CLUB = _calendar(
    _event(
        "bookclub@neighbours.example",
        "Book club: The Dispossessed",
        "20261210T180000Z",
        "20261210T200000Z",
        "LOCATION:Library\\, room 2",
    )
)
STANDUP_UID = "standup-ops@rota.example"
STANDUP_SERIES = _event(
    STANDUP_UID, "Ops stand-up", "20261201T093000Z", "20261201T094500Z",
    "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=8",
)  # fmt: skip
STANDUP = _calendar(
    STANDUP_SERIES,
    _event(
        STANDUP_UID, "Ops stand-up (moved)", "20261209T100000Z", "20261209T101500Z",
        "RECURRENCE-ID:20261208T093000Z",
    ),
)  # fmt: skip
# Both servers store an event in a zone nobody knows, with no VTIMEZONE: it has no instant.
UNPLACEABLE = _calendar(
    "BEGIN:VEVENT\r\nUID:typo@calendar.example\r\n" + _STAMP + "\r\n"
    "DTSTART;TZID=Mars/Olympus_Mons:20261205T100000\r\nSUMMARY:In no known zone\r\n"
    "END:VEVENT\r\n"
)


def _keys(changes: ChangeSet) -> set[str]:
    return {event.key for event in changes.upserts}


def _followup(uid: str, hour: int = 10) -> FollowUp:
    start = datetime(2026, 12, 11, hour, tzinfo=UTC)
    return FollowUp(
        uid=uid,
        kind=FollowUpKind.FOLLOW_UP,
        interview_key="onsite-3f9a@mail.example.org",
        start=start,
        end=start + timedelta(minutes=15),
        timezone="Europe/Berlin",
        summary="Follow up now: Quillworks — Platform Engineer",
        description="Write to dana.ortiz@quillworks.example: they said Friday.",
        contacts=("dana.ortiz@quillworks.example",),
        mailto="mailto:dana.ortiz@quillworks.example?subject=Next%20steps",
    )


def test_the_backend_reads_and_writes(subject: Subject) -> None:
    async def scenario(calendar: Backend) -> None:
        assert isinstance(calendar, CalendarReader)
        assert isinstance(calendar, CalendarWriter)
        assert calendar.read_only is False

    subject.run(scenario)


def test_initial_sync_returns_everything_as_a_full_resync(subject: Subject) -> None:
    subject.store("interview.ics", INTERVIEW)
    subject.store("dentist.ics", DENTIST)

    async def scenario(calendar: Backend) -> None:
        changes = await calendar.changes(None)
        assert changes.full_resync
        assert _keys(changes) == {"onsite-3f9a@mail.example.org", "dentist-2026-12@clinic.example"}
        assert changes.removals == ()
        assert changes.skipped == 0
        interview = next(e for e in changes.upserts if e.uid.startswith("onsite"))
        assert interview.organizer is not None
        assert interview.organizer.email == "dana.ortiz@quillworks.example"

    subject.run(scenario)


def test_a_sync_without_changes_brings_nothing_new(subject: Subject) -> None:
    subject.store("interview.ics", INTERVIEW)

    async def scenario(calendar: Backend) -> None:
        first = await calendar.changes(None)
        again = await calendar.changes(first.next_state)
        assert not again.full_resync
        assert (again.upserts, again.removals, again.skipped) == ((), (), 0)
        third = await calendar.changes(again.next_state)
        assert (third.upserts, third.removals) == ((), ())

    subject.run(scenario)


def test_added_changed_and_deleted_events_arrive_as_upserts_and_removals(
    subject: Subject,
) -> None:
    subject.store("interview.ics", INTERVIEW)
    subject.store("dentist.ics", DENTIST)

    async def scenario(calendar: Backend) -> None:
        state = (await calendar.changes(None)).next_state
        subject.store("bookclub.ics", BOOK_CLUB)
        added = await calendar.changes(state)
        assert _keys(added) == {"bookclub@neighbours.example"}
        assert (added.removals, added.full_resync) == ((), False)

        subject.store("interview.ics", INTERVIEW.replace("20261203T", "20261204T"))
        changed = await calendar.changes(added.next_state)
        assert _keys(changed) == {"onsite-3f9a@mail.example.org"}
        assert changed.upserts[0].start == datetime(2026, 12, 4, 14, tzinfo=UTC)

        subject.remove("dentist.ics")
        deleted = await calendar.changes(changed.next_state)
        assert deleted.upserts == ()
        assert deleted.removals == ("dentist-2026-12@clinic.example",)

    subject.run(scenario)


def test_an_invalid_token_leads_to_a_full_resync_without_duplicates(subject: Subject) -> None:
    if not subject.has_tokens:
        pytest.skip("the etag fallback keeps no token")
    subject.store("interview.ics", INTERVIEW)
    subject.store("standup.ics", STANDUP)

    async def scenario(calendar: Backend) -> None:
        first = await calendar.changes(None)
        subject.remove("interview.ics")
        subject.store("dentist.ics", DENTIST)
        token = first.next_state.token
        assert token is not None
        forged = first.next_state.model_copy(update={"token": token + "0"})
        resync = await calendar.changes(forged)
        assert resync.full_resync
        keys = [event.key for event in resync.upserts]
        assert len(keys) == len(set(keys)) == 3  # stand-up master + override, dentist
        assert "dentist-2026-12@clinic.example" in keys
        assert resync.removals == ("onsite-3f9a@mail.example.org",)
        after = await calendar.changes(resync.next_state)
        assert (after.upserts, after.removals, after.full_resync) == ((), (), False)

    subject.run(scenario)


def test_a_broken_event_is_skipped_and_the_rest_synced(subject: Subject) -> None:
    if not subject.stores_broken_events:
        pytest.skip("Google refuses an event in an unknown zone when it is written (400)")
    subject.store("typo.ics", UNPLACEABLE)
    subject.store("bookclub.ics", BOOK_CLUB)

    async def scenario(calendar: Backend) -> None:
        changes = await calendar.changes(None)
        assert changes.skipped == 1
        assert _keys(changes) == {"bookclub@neighbours.example"}
        subject.store("dentist.ics", DENTIST)
        later = await calendar.changes(changes.next_state)
        assert (_keys(later), later.skipped) == ({"dentist-2026-12@clinic.example"}, 0)

    subject.run(scenario)


def test_a_recurring_master_and_its_override_arrive_as_separate_events(
    subject: Subject,
) -> None:
    subject.store("standup.ics", STANDUP)

    async def scenario(calendar: Backend) -> None:
        changes = await calendar.changes(None)
        override_key = f"{STANDUP_UID}#20261208T093000Z"
        assert _keys(changes) == {STANDUP_UID, override_key}
        master = next(e for e in changes.upserts if e.recurrence_id is None)
        assert master.rrule is not None
        assert "FREQ=WEEKLY" in master.rrule
        override = next(e for e in changes.upserts if e.recurrence_id is not None)
        assert override.start == datetime(2026, 12, 9, 10, tzinfo=UTC)
        assert override.summary == "Ops stand-up (moved)"

    subject.run(scenario)


def test_an_override_the_owner_took_out_is_a_removal(subject: Subject) -> None:
    if not subject.undoes_overrides:
        pytest.skip("in Google a changed instance stays an event: deleting it cancels it")
    subject.store("standup.ics", STANDUP)

    async def scenario(calendar: Backend) -> None:
        changes = await calendar.changes(None)
        override_key = f"{STANDUP_UID}#20261208T093000Z"
        subject.store("standup.ics", _calendar(STANDUP_SERIES))  # the owner undid the move
        later = await calendar.changes(changes.next_state)
        assert _keys(later) == {STANDUP_UID}
        assert later.removals == (override_key,)

    subject.run(scenario)


def test_put_with_if_none_match_creates_once(subject: Subject) -> None:
    async def scenario(calendar: Backend) -> None:
        created = await calendar.put(_followup("c0ffee1"), Precondition(if_none_match=True))
        assert created.etag
        with pytest.raises(PreconditionFailedError):
            await calendar.put(_followup("c0ffee1", 11), Precondition(if_none_match=True))

    subject.run(scenario)


def test_put_with_a_stale_etag_raises_and_with_the_current_one_replaces(
    subject: Subject,
) -> None:
    async def scenario(calendar: Backend) -> None:
        created = await calendar.put(_followup("beef02"), Precondition(if_none_match=True))
        moved = await calendar.put(_followup("beef02", 15), Precondition(if_match=created.etag))
        assert moved.object_id == created.object_id
        assert moved.etag not in {None, created.etag}
        with pytest.raises(PreconditionFailedError):
            await calendar.put(_followup("beef02", 16), Precondition(if_match=created.etag))
        with pytest.raises(PreconditionFailedError):  # the owner deleted it: never recreate
            await calendar.put(_followup("never05"), Precondition(if_match=created.etag))
        changes = await calendar.changes(None)
        (written,) = changes.upserts
        assert written.start == datetime(2026, 12, 11, 15, tzinfo=UTC)

    subject.run(scenario)


def test_delete_with_a_stale_etag_raises_and_with_the_current_one_deletes(
    subject: Subject,
) -> None:
    async def scenario(calendar: Backend) -> None:
        first = await calendar.put(_followup("dead03"), Precondition(if_none_match=True))
        state = (await calendar.changes(None)).next_state
        current = await calendar.put(_followup("dead03", 12), Precondition(if_match=first.etag))
        with pytest.raises(PreconditionFailedError):
            await calendar.delete(first, Precondition(if_match=first.etag))
        await calendar.delete(current, Precondition(if_match=current.etag))
        with pytest.raises(PreconditionFailedError):
            await calendar.delete(current, Precondition(if_match=current.etag))
        await calendar.delete(current, Precondition())  # already gone: nothing to do
        changes = await calendar.changes(state)
        assert changes.removals == ("dead03@nextsteps",)

    subject.run(scenario)


def test_a_written_followup_reads_back_without_attendees(subject: Subject) -> None:
    subject.store("interview.ics", INTERVIEW)

    async def scenario(calendar: Backend) -> None:
        state = (await calendar.changes(None)).next_state
        ref = await calendar.put(_followup("f011ow04"), Precondition(if_none_match=True))
        changes = await calendar.changes(state)
        (written,) = changes.upserts
        assert written.key == "f011ow04@nextsteps"
        assert (written.organizer, written.attendees) == (None, ())
        assert written.summary == "Follow up now: Quillworks — Platform Engineer"
        assert changes.ref_of(written.key) == ref

    subject.run(scenario)


def test_a_state_from_an_unknown_calendar_is_replaced_by_a_full_listing(
    subject: Subject,
) -> None:
    subject.store("dentist.ics", DENTIST)

    async def scenario(calendar: Backend) -> None:
        changes = await calendar.changes(SyncState())
        assert _keys(changes) == {"dentist-2026-12@clinic.example"}

    subject.run(scenario)
