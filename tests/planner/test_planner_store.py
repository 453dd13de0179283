"""The planner's tables on SQLite and PostgreSQL: interviews and their sightings, follow-ups and
their states, the series' instance keys, units of work, dead letters and the status report."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from nextsteps_planner.dead_letters import DeadLetterLog
from nextsteps_planner.records import FollowUpRecord, FollowUpState, InterviewRecord
from nextsteps_planner.status_report import planner_status
from nextsteps_planner.store import PlannerStore
from nextsteps_shared.bus import DeadLetter
from nextsteps_shared.database import open_database
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.interview import Interview

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
BIG = 1_772_443_800_000_000_123  # a revision in microseconds needs 64 bits


def _interview(
    key: str, company: str = "Lindqvist Robotics", removed: bool = False
) -> InterviewRecord:
    event = CalendarEvent(
        uid=key.split("#", maxsplit=1)[0],
        summary=f"Interview with {company}",
        start=START,
        end=START + timedelta(hours=1),
    )
    interview = Interview(event=event, company=company, role="Engineer")
    sightings = {"acc|work": (BIG, not removed)}
    return InterviewRecord(key, "acc", "work", BIG, removed, interview, sightings)


def _followup(uid: str, interview_key: str, state: FollowUpState, days: int = 3) -> FollowUpRecord:
    start = START + timedelta(days=days)
    content = FollowUp(
        uid=uid,
        kind=FollowUpKind.FOLLOW_UP,
        interview_key=interview_key,
        start=start,
        end=start + timedelta(minutes=15),
        timezone="Europe/Berlin",
        summary="Follow up now",
        description="Write to them.",
    )
    return FollowUpRecord(
        content, "acc", "work", state, START, object_id=f"{uid}.ics", etag='"1"', own_etags=('"1"',)
    )


def test_interviews_round_trip_and_update(state_database: str) -> None:
    store = PlannerStore(open_database(state_database))
    record = _interview("a@x")
    store.save_interview(record)
    assert store.interview("a@x") == record
    moved = replace(
        record, revision=BIG + 1, removed=True, sightings={"acc|work": (BIG + 1, False)}
    )
    store.save_interview(moved)
    assert PlannerStore(open_database(state_database)).interview("a@x") == moved
    store.restore_interview("a@x", None)
    assert store.interview("a@x") is None


def test_employers_live_interviews_and_removed_ones_with_followups(state_database: str) -> None:
    store = PlannerStore(open_database(state_database))
    store.save_interview(_interview("a@x"))
    store.save_interview(_interview("b@x", company="Fjord Dynamics"))
    store.save_interview(_interview("c@x", removed=True))
    store.save_followup(_followup("f1", "c@x", FollowUpState.WRITTEN))
    store.save_followup(_followup("f2", "c@x", FollowUpState.REMOVED))
    assert [r.event_key for r in store.same_employer("lindqvist robotics")] == ["a@x"]
    assert sorted(r.event_key for r in store.live_interviews()) == ["a@x", "b@x"]
    assert store.removed_with_live_followups() == ["c@x"]


def test_followups_round_trip_by_state(state_database: str) -> None:
    store = PlannerStore(open_database(state_database))
    written = _followup("f1", "a@x", FollowUpState.WRITTEN)
    store.save_followup(written)
    store.save_followup(_followup("f2", "a@x", FollowUpState.DELETED_BY_OWNER))
    moved = replace(
        written,
        state=FollowUpState.MOVED_BY_OWNER,
        owner_start=START + timedelta(days=4),
        change_revision=BIG,
        own_etags=('"1"', '"2"'),
    )
    store.save_followup(moved)
    assert store.followup("f1") == moved
    assert set(store.followups_of("a@x")) == {"f1", "f2"}
    assert [f.uid for f in store.current_followups("acc")] == ["f1"]
    assert store.accounts() == ["acc"]
    assert store.followup("nope") is None


def test_instance_keys_take_the_uid_literally(state_database: str) -> None:
    store = PlannerStore(open_database(state_database))
    for key in ("s_1%#20260302T090000Z", "s_1%#20260309T090000Z", "sx1%#20260302T090000Z", "s_1%"):
        store.save_interview(_interview(key))
    assert sorted(store.instance_keys("s_1%")) == ["s_1%#20260302T090000Z", "s_1%#20260309T090000Z"]


def test_a_unit_commits_at_its_end_and_rolls_back_on_error(state_database: str) -> None:
    store = PlannerStore(open_database(state_database))
    seen_inside: list[bool] = []

    def crashing_batch() -> None:
        with store.unit():
            store.save_interview(_interview("lost@x"))
            seen_inside.append(store.interview("lost@x") is not None)
            raise RuntimeError("crash")

    with pytest.raises(RuntimeError, match="crash"):
        crashing_batch()
    assert seen_inside == [True]
    assert store.interview("lost@x") is None
    with store.unit():
        store.save_interview(_interview("kept@x"))
        store.save_followup(_followup("k1", "kept@x", FollowUpState.WRITTEN))
    other = PlannerStore(open_database(state_database))
    assert other.interview("kept@x") is not None
    assert other.followup("k1") is not None


def test_dead_letters_and_the_status_report(state_database: str) -> None:
    engine = open_database(state_database)
    store, log = PlannerStore(engine), DeadLetterLog(engine)
    store.save_interview(_interview("a@x"))
    store.save_followup(_followup("f1", "a@x", FollowUpState.WRITTEN, days=3))
    store.save_followup(_followup("f0", "a@x", FollowUpState.WRITTEN, days=-3))
    for number in range(4):
        letter = DeadLetter(
            subject=f"nextsteps.events.interview_seen.acc.{number}",
            error="UnreadableMessageError: no",
            attempts=number + 1,
            failed_at=START + timedelta(minutes=number),
            body="{}",
        )
        log.record(letter, "acc")
    report = planner_status(engine, START)["acc"]
    assert report["followups"]["in_calendar"] == 2
    assert report["followups"]["upcoming"] == 1
    (held,) = report["interviews"]
    assert held["followups_written"] == 2
    assert held["next_followup"] == (START + timedelta(days=3)).isoformat()
    assert report["dead_letters"] == 4
    assert [letter["attempts"] for letter in report["latest_dead_letters"]] == [2, 3, 4]
