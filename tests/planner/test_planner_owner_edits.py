"""Telling the owner's changes to a follow-up from the planner's own writes coming back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from nextsteps_planner.owner_edits import heard
from nextsteps_planner.records import FollowUpRecord, FollowUpState
from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.messages import FollowUpChange, FollowUpChanged, SourceKind

WRITTEN_AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
START = datetime(2026, 12, 8, 9, tzinfo=UTC)


def _record(**changes: object) -> FollowUpRecord:
    followup = FollowUp(
        uid="c149131a058fcad5",
        kind=FollowUpKind.FOLLOW_UP,
        interview_key="interview-1",
        start=START,
        end=START + timedelta(minutes=30),
        timezone="Europe/Berlin",
        summary="Follow up now: Tarn Labs — Data Engineer",
        description="Write to Lea.",
    )
    record = FollowUpRecord(
        content=followup,
        account="caldav-3f9a1c2b",
        calendar="https://dav.example.net/mira/jobs/",
        state=FollowUpState.WRITTEN,
        written_at=WRITTEN_AT,
        object_id="/mira/jobs/c149131a058fcad5.ics",
        etag='"v3"',
        change_revision=10,
        own_etags=('"v1"', '"v2"', '"v3"'),
    )
    return replace(record, **changes)  # type: ignore[arg-type]


def _message(change: FollowUpChange, **fields: object) -> FollowUpChanged:
    values: dict[str, object] = {
        "account": "caldav-3f9a1c2b",
        "calendar": "https://dav.example.net/mira/jobs/",
        "source": SourceKind.CALDAV,
        "event_key": "c149131a058fcad5@nextsteps",
        "revision": 11,
        "observed_at": WRITTEN_AT + timedelta(minutes=1),
        "change": change,
        "followup_uid": "c149131a058fcad5",
        "etag": '"owner-1"',
        "start": START,
        "end": START + timedelta(minutes=30),
    }
    return FollowUpChanged.model_validate({**values, **fields})


def test_the_planners_latest_or_earlier_writes_are_its_own() -> None:
    for etag in ('"v3"', '"v1"'):
        assert heard(_record(), _message(FollowUpChange.MOVED, etag=etag)) is None


def test_a_move_by_the_owner_keeps_the_owners_time() -> None:
    later = START + timedelta(days=1, hours=4)
    found = heard(_record(), _message(FollowUpChange.MOVED, start=later, end=later))
    assert found is not None
    assert found.state is FollowUpState.MOVED_BY_OWNER
    assert (found.owner_start, found.content.start, found.etag) == (later, later, '"owner-1"')
    assert found.change_revision == 11


def test_an_edit_in_place_becomes_the_base_of_the_next_write() -> None:
    found = heard(_record(), _message(FollowUpChange.EDITED))
    assert found is not None
    assert (found.state, found.etag) == (FollowUpState.WRITTEN, '"owner-1"')


def test_a_deletion_is_the_owners_unless_the_planner_wrote_it_again_since() -> None:
    found = heard(_record(), _message(FollowUpChange.DELETED, etag='"v3"'))
    assert found is not None and found.state is FollowUpState.DELETED_BY_OWNER
    before = WRITTEN_AT - timedelta(seconds=5)
    assert heard(_record(), _message(FollowUpChange.DELETED, observed_at=before)) is None


def test_old_news_and_follow_ups_no_longer_there_change_nothing() -> None:
    assert heard(_record(), _message(FollowUpChange.EDITED, revision=10)) is None
    removed = _record(state=FollowUpState.REMOVED)
    assert heard(removed, _message(FollowUpChange.DELETED)) is None
