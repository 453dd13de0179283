"""Message contracts: frozen, strict, versioned, and round-trip through JSON unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.interview import Interview
from nextsteps_shared.messages import (
    FollowUpChange,
    FollowUpChanged,
    InterviewRemoved,
    InterviewSnapshot,
    SourceKind,
    revision_at,
)
from nextsteps_shared.people import Person

BERLIN = ZoneInfo("Europe/Berlin")
SEEN = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _snapshot(**changes: object) -> InterviewSnapshot:
    event = CalendarEvent(
        uid="abc@acme.com",
        summary="Interview: Ana <> Acme - Engineer",
        start=datetime(2026, 3, 2, 10, tzinfo=BERLIN),
        end=datetime(2026, 3, 2, 11, tzinfo=BERLIN),
        timezone="Europe/Berlin",
        organizer=Person(email="MAILTO:Recruiter@Acme.com", name="Rae"),
        attendees=(Person(email="ana@example.net", partstat="ACCEPTED"),),
    )
    fields: dict[str, object] = {
        "account": "acc-1",
        "calendar": "work",
        "source": SourceKind.CALDAV,
        "event_key": event.key,
        "revision": revision_at(SEEN),
        "observed_at": SEEN,
        "interview": Interview(event=event, company="Acme", role="Engineer"),
    }
    return InterviewSnapshot.model_validate({**fields, **changes})


def test_snapshot_round_trips_through_json() -> None:
    snapshot = _snapshot()
    again = InterviewSnapshot.model_validate_json(snapshot.model_dump_json())
    assert again == snapshot
    assert again.event.start.utcoffset() == snapshot.event.start.utcoffset()
    assert again.schema_version == 1


def test_a_series_snapshot_keeps_its_recurrence_and_older_ones_still_read() -> None:
    plain = _snapshot()
    body = json.loads(plain.model_dump_json())
    assert "exdates" not in body["interview"]["event"]  # as a version-1 reader expects it
    assert InterviewSnapshot.model_validate(body) == plain
    taken_out = (datetime(2026, 3, 9, 10, tzinfo=BERLIN),)
    event = plain.event.model_copy(update={"rrule": "FREQ=WEEKLY;COUNT=3", "exdates": taken_out})
    series = _snapshot(interview=Interview(event=event, company="Acme"))
    again = InterviewSnapshot.model_validate_json(series.model_dump_json())
    assert again.event.exdates == taken_out and again.event.rdates == ()
    assert again.schema_version == 1


def test_addresses_are_normalised() -> None:
    assert _snapshot().event.organizer == Person(email="recruiter@acme.com", name="Rae")


def test_messages_are_frozen_and_strict() -> None:
    snapshot = _snapshot()
    with pytest.raises(ValidationError):
        snapshot.revision = 3  # type: ignore[misc]
    with pytest.raises(ValidationError, match="extra"):
        _snapshot(surprise=True)
    with pytest.raises(ValidationError, match="schema_version"):
        _snapshot(schema_version=2)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValidationError):
        CalendarEvent(uid="x", start=datetime(2026, 3, 2, 10), end=datetime(2026, 3, 2, 11))


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValidationError, match="ends"):
        CalendarEvent(
            uid="x",
            start=datetime(2026, 3, 2, 10, tzinfo=UTC),
            end=datetime(2026, 3, 2, 9, tzinfo=UTC),
        )


def test_message_ids_tell_revisions_and_kinds_apart() -> None:
    first, later = _snapshot(), _snapshot(revision=revision_at(SEEN) + 1)
    removed = InterviewRemoved(
        account="acc-1",
        calendar="work",
        source=SourceKind.CALDAV,
        event_key=first.event_key,
        revision=first.revision,
        observed_at=SEEN,
        reason="cancelled",
    )
    assert first.message_id == _snapshot().message_id
    assert len({first.message_id, later.message_id, removed.message_id}) == 3


def test_override_key_names_the_instance() -> None:
    moved = CalendarEvent(
        uid="series",
        recurrence_id=datetime(2026, 3, 9, 9, tzinfo=BERLIN),
        start=datetime(2026, 3, 9, 11, tzinfo=BERLIN),
        end=datetime(2026, 3, 9, 12, tzinfo=BERLIN),
    )
    assert moved.key == "series#20260309T080000Z"


def test_followup_change_carries_the_owners_new_time() -> None:
    moved = FollowUpChanged(
        account="acc-1",
        calendar="work",
        source=SourceKind.GOOGLE,
        event_key="f1",
        revision=1,
        observed_at=SEEN,
        change=FollowUpChange.MOVED,
        followup_uid="f1",
        start=datetime(2026, 3, 10, 9, tzinfo=UTC),
        end=datetime(2026, 3, 10, 9, 30, tzinfo=UTC),
    )
    assert FollowUpChanged.model_validate_json(moved.model_dump_json()) == moved
