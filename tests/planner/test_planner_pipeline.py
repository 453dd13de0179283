"""The planner against a real nats-server, writing into in-memory calendars (DESIGN.md §2-§3)."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from tests.planner.planner_world import PlannerWorld, next_monday

from nextsteps_shared.backends.opener import memory_calendar
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.ical.reader import read_calendar
from nextsteps_shared.messages import FollowUpChange


@pytest.fixture
def world(tmp_path: Path, nats_url: str, state_database: str) -> PlannerWorld:
    """The world on SQLite, then on PostgreSQL."""
    planner_world = PlannerWorld(tmp_path, nats_url, state_database)
    planner_world.connect()
    return planner_world


def _followups(events: list[CalendarEvent]) -> list[CalendarEvent]:
    return [e for e in events if e.uid.endswith("@nextsteps")]


def test_followups_appear_without_attendees_and_in_the_file(world: PlannerWorld) -> None:
    start = next_monday()
    world.publish(world.interview("robotics-1", start))
    world.run_planner()
    written = _followups(world.events())
    kinds = [e.summary.split(":")[0] for e in written]
    assert kinds[:3] == ["Write down the next steps", "Send a thank-you note", "Follow up now"]
    assert all(e.attendees == () and e.organizer is None for e in written)
    assert all(e.start >= start + timedelta(hours=1) for e in written)
    exported = (world.data_dir / "followups" / f"{world.account_id}.ics").read_bytes()
    in_file = read_calendar(exported, default_tz="UTC", source="file").events
    assert sorted(e.uid for e in in_file) == sorted(e.uid for e in written)


def test_a_rescheduled_interview_moves_its_followups(world: PlannerWorld) -> None:
    start = next_monday()
    world.publish(world.interview("robotics-2", start))
    world.run_planner()
    before = {e.uid: e.start for e in _followups(world.events())}
    world.publish(world.interview("robotics-2", start + timedelta(days=2)))
    world.run_planner()
    after = {e.uid: e.start for e in _followups(world.events())}
    assert after.keys() == before.keys()
    assert all(after[uid] > before[uid] for uid in before)


def test_a_removed_interview_takes_its_followups_along(world: PlannerWorld) -> None:
    world.publish(world.interview("robotics-3", next_monday()))
    world.run_planner()
    assert _followups(world.events())
    world.publish(world.removed("robotics-3"))
    world.run_planner()
    assert _followups(world.events()) == []
    exported = (world.data_dir / "followups" / f"{world.account_id}.ics").read_text()
    assert "BEGIN:VEVENT" not in exported


def test_an_outcome_in_the_notes_closes_the_chain(world: PlannerWorld) -> None:
    start = next_monday()
    world.publish(world.interview("robotics-4", start))
    world.run_planner()
    world.publish(world.interview("robotics-4", start, description="Great talk. #offer"))
    world.run_planner()
    left = [e.summary for e in _followups(world.events())]
    assert not any(s.startswith("Follow up") for s in left)
    assert any(s.startswith("Send a thank-you note") for s in left)


def test_a_later_interview_with_the_same_employer_closes_the_earlier_chain(
    world: PlannerWorld,
) -> None:
    first = next_monday()
    world.publish(world.interview("robotics-5a", first))
    world.run_planner()
    chased = [e for e in _followups(world.events()) if e.summary.startswith("Follow up")]
    assert chased
    second = first + timedelta(days=3)  # before the first chase: they answered
    world.publish(world.interview("robotics-5b", second, company="LINDQVIST robotics"))
    world.run_planner()
    remaining = {e.uid for e in _followups(world.events())}
    assert not {e.uid for e in chased} & remaining
    # the later interview has a chain of its own
    assert any(e.start > second for e in _followups(world.events()))
    # removing the later interview re-opens the earlier chain
    world.publish(world.removed("robotics-5b"))
    world.run_planner()
    assert {e.uid for e in chased} <= {e.uid for e in _followups(world.events())}


def test_an_older_revision_after_a_newer_one_is_ignored(world: PlannerWorld) -> None:
    start = next_monday()
    old = world.interview("robotics-6", start)
    new = world.interview("robotics-6", start + timedelta(days=1))
    world.publish(new, old)
    world.run_planner()
    note = _followups(world.events())[0]
    assert note.start == new.event.end


def test_the_same_snapshot_twice_writes_nothing_twice(world: PlannerWorld) -> None:
    snapshot = world.interview("robotics-7", next_monday())
    world.publish(snapshot)
    world.run_planner()
    etags = {e.uid: world.etag_of(e.key) for e in _followups(world.events())}
    # a second delivery (re-published under another id, as a redelivery would arrive)
    again = snapshot.model_copy(update={"observed_at": snapshot.observed_at + timedelta(1)})
    world.publish_raw(again.model_dump_json().encode())
    world.run_planner()
    assert {e.uid: world.etag_of(e.key) for e in _followups(world.events())} == etags
    assert len(_followups(world.events())) == len(etags)


def test_a_followup_the_owner_deleted_is_never_recreated(world: PlannerWorld) -> None:
    start = next_monday()
    world.publish(world.interview("robotics-8", start))
    world.run_planner()
    thank_you = next(e for e in _followups(world.events()) if "thank-you" in e.summary)
    world.owner_deletes(thank_you.uid)
    world.publish(world.changed(thank_you.uid, FollowUpChange.DELETED))
    world.run_planner()
    world.publish(world.interview("robotics-8", start + timedelta(hours=2)))
    world.run_planner()
    left = _followups(world.events())
    assert thank_you.uid not in {e.uid for e in left}
    assert len(left) >= 3  # the rest of the chain moved with the interview


def test_a_followup_the_owner_moved_keeps_the_owners_time(world: PlannerWorld) -> None:
    start = next_monday()
    world.publish(world.interview("robotics-9", start))
    world.run_planner()
    chase = next(e for e in _followups(world.events()) if e.summary.startswith("Follow up now"))
    # the owner moves it (ingest reports the new time and etag)
    moved_to = chase.start + timedelta(days=1, hours=3)
    moved_end = moved_to + (chase.end - chase.start)
    etag = world.owner_moves(chase.uid, moved_to, moved_end)
    world.publish(
        world.changed(chase.uid, FollowUpChange.MOVED, etag=etag, start=moved_to, end=moved_end)
    )
    world.run_planner()
    # the interview moves by an hour: the chain is rewritten, the moved one keeps its time
    world.publish(world.interview("robotics-9", start + timedelta(hours=1)))
    world.run_planner()
    again = next(e for e in _followups(world.events()) if e.uid == chase.uid)
    assert again.start == moved_to
    assert world.etag_of(again.key) != etag  # its text was brought up to date all the same
    exported = (world.data_dir / "followups" / f"{world.account_id}.ics").read_bytes()
    in_file = {e.uid: e.start for e in read_calendar(exported, default_tz="UTC").events}
    assert in_file[chase.uid] == moved_to


def test_the_planners_own_write_coming_back_changes_nothing(world: PlannerWorld) -> None:
    world.publish(world.interview("robotics-10", next_monday()))
    world.run_planner()
    first = _followups(world.events())[0]
    etag = world.etag_of(first.key)
    world.publish(world.changed(first.uid, FollowUpChange.EDITED, etag=etag, start=first.start))
    world.run_planner()
    assert world.etag_of(first.key) == etag


def test_one_interview_in_two_calendars_gets_one_chain(world: PlannerWorld) -> None:
    start = next_monday()
    world.publish(world.interview("robotics-11", start))
    world.publish(world.interview("robotics-11", start, calendar=world.personal))
    world.run_planner()
    assert _followups(world.events(world.personal)) == []
    owned = _followups(world.events())
    assert len({e.uid for e in owned}) == len(owned) >= 3
    # gone from one calendar only: the chain stays; gone from both: it goes
    world.publish(world.removed("robotics-11", calendar=world.personal))
    world.run_planner()
    assert len(_followups(world.events())) == len(owned)
    world.publish(world.removed("robotics-11"))
    world.run_planner()
    assert _followups(world.events()) == []


def test_followups_go_where_the_account_says(tmp_path: Path, nats_url: str) -> None:
    world = PlannerWorld(tmp_path, nats_url)
    world.connect(write_to=world.followups_cal)
    world.publish(world.interview("robotics-12", next_monday()))
    world.run_planner()
    assert _followups(world.events(world.work)) == []
    assert len(_followups(world.events(world.followups_cal))) >= 3


_OWNERS_EVENT = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Mira//Handwritten//EN\r
BEGIN:VEVENT\r
UID:robotics-13\r
DTSTAMP:20261120T090000Z\r
DTSTART:{start}\r
DTEND:{end}\r
SUMMARY:Interview with Lindqvist Robotics\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_the_owners_own_events_are_never_touched(world: PlannerWorld) -> None:
    start = next_monday()
    stamp = "%Y%m%dT%H%M%SZ"
    utc_start = start.astimezone(UTC)
    text = _OWNERS_EVENT.format(
        start=f"{utc_start:{stamp}}", end=f"{utc_start + timedelta(hours=1):{stamp}}"
    )
    calendar = memory_calendar(world.work)
    calendar.store("robotics-13.ics", text)
    href = calendar.href("robotics-13.ics")
    for message in (
        world.interview("robotics-13", start),
        world.interview("robotics-13", start + timedelta(hours=1)),
        world.removed("robotics-13"),
    ):
        world.publish(message)
        world.run_planner()
        assert calendar.data(href) == text
    assert [e.uid for e in world.events()] == ["robotics-13"]


def test_a_followup_reported_as_an_interview_gets_no_chain(world: PlannerWorld) -> None:
    world.publish(world.interview("0123456789abcdef@nextsteps", next_monday()))
    world.run_planner()
    assert world.events() == []
    assert world.dead_letters() == []
