"""What the published feed and file hold as follow-ups change: stable UIDs, SEQUENCE one more
per changed version (in the calendar's copy too), removed follow-ups gone from both, and a
restart that changes nothing keeps the feed's version (ETag, Last-Modified)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from tests.planner.planner_world import PlannerWorld, next_monday
from tests.planner.served_planner import issue_token, served

from nextsteps_planner.publication import Publication
from nextsteps_shared.backends.opener import memory_calendar
from nextsteps_shared.data_layout import followup_file
from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.messages import FollowUpChange


@pytest.fixture
def world(tmp_path: Path, nats_url: str) -> PlannerWorld:
    planner_world = PlannerWorld(tmp_path, nats_url)
    planner_world.connect()
    return planner_world


@dataclass(frozen=True)
class Published:
    start: datetime
    sequence: int


def published(body: bytes) -> dict[str, Published]:
    calendar = icalendar.Calendar.from_ical(body)
    assert not [c.errors for c in calendar.walk() if c.errors]
    return {
        str(e["UID"]): Published(e.decoded("DTSTART"), int(e["SEQUENCE"]))
        for e in calendar.walk("VEVENT")
    }


def has_events(body: bytes) -> bool:
    return b"BEGIN:VEVENT" in body


def test_a_changed_followup_keeps_its_uid_and_gets_the_next_sequence(
    world: PlannerWorld,
) -> None:
    token = issue_token(world)
    start = next_monday()
    with served(world) as planner:
        world.publish(world.interview("seq-1", start))
        first = published(planner.feed_when(token, has_events))
        world.publish(world.interview("seq-1", start + timedelta(days=1)))
        second = published(planner.feed_when(token, lambda b: published(b) != first))
        world.publish(world.interview("seq-1", start + timedelta(days=2)))
        third = published(planner.feed_when(token, lambda b: published(b) != second))

    assert set(first) == set(second) == set(third)  # the same follow-ups, the same UIDs
    assert {p.sequence for p in first.values()} == {0}
    for uid, before in first.items():
        moved = second[uid].start != before.start
        assert second[uid].sequence == (1 if moved else 0), uid
    assert any(second[uid].start != first[uid].start for uid in first)
    note = min(first, key=lambda uid: first[uid].start)  # right after the interview: it moves
    assert (first[note].sequence, second[note].sequence, third[note].sequence) == (0, 1, 2)
    in_calendar = memory_calendar(world.work)
    text = in_calendar.data(in_calendar.href(note.removesuffix("@nextsteps") + ".ics")) or ""
    assert "SEQUENCE:2\r\n" in text  # what the calendar was sent (a CalDAV PUT) says the same


def test_a_removed_interviews_followups_leave_the_feed_and_the_file(world: PlannerWorld) -> None:
    token = issue_token(world)
    with served(world) as planner:
        world.publish(world.interview("gone-1", next_monday()))
        world.publish(world.interview("kept-1", next_monday(14), company="Other Employer"))
        both = published(planner.feed_when(token, lambda b: b.count(b"BEGIN:VEVENT") >= 6))
        world.publish(world.removed("gone-1"))
        left = planner.feed_when(token, lambda b: len(published(b)) < len(both))
        file = followup_file(world.data_dir, world.account_id).read_bytes()

    assert file == left
    assert b"gone-1" not in left
    assert b"kept-1" in left
    assert set(published(left)) < set(both)


def test_followups_written_again_after_a_removal_are_a_new_version(world: PlannerWorld) -> None:
    token = issue_token(world)
    start = next_monday()
    with served(world) as planner:
        world.publish(world.interview("back-1", start))
        first = published(planner.feed_when(token, has_events))
        world.publish(world.removed("back-1"))
        planner.feed_when(token, lambda b: not has_events(b))
        world.publish(world.interview("back-1", start))
        again = published(planner.feed_when(token, has_events))

    assert set(again) == set(first)
    assert {p.sequence for p in again.values()} == {1}


def test_an_owner_moving_a_followup_is_a_new_version_in_the_feed(world: PlannerWorld) -> None:
    token = issue_token(world)
    with served(world) as planner:
        world.publish(world.interview("moved-1", next_monday()))
        first = published(planner.feed_when(token, has_events))
        uid = max(first, key=lambda u: first[u].start)
        new_start = first[uid].start + timedelta(days=1)
        etag = world.owner_moves(uid, new_start, new_start + timedelta(minutes=15))
        world.publish(world.changed(uid, FollowUpChange.MOVED, etag=etag, start=new_start))
        second = published(planner.feed_when(token, lambda b: published(b) != first))

    assert (second[uid].start, second[uid].sequence) == (new_start, first[uid].sequence + 1)


def test_a_restart_that_changes_nothing_keeps_the_feeds_version(world: PlannerWorld) -> None:
    token = issue_token(world)
    with served(world) as planner:
        world.publish(world.interview("restart-1", next_monday()))
        planner.feed_when(token, has_events)
        before = planner.feed(token)
    later = datetime.now(UTC) + timedelta(minutes=10)  # a rendering with other DTSTAMPs
    with served(world, clock=lambda: later) as planner:
        after = planner.feed(token)
        unchanged = planner.feed(token, {"If-None-Match": before.headers["etag"]})

    assert after.body == before.body  # the DTSTAMPs of the earlier rendering too
    assert after.headers["etag"] == before.headers["etag"]
    assert after.headers["last-modified"] == before.headers["last-modified"]
    assert unchanged.status == 304


def test_each_change_is_published_as_a_later_second(tmp_path: Path) -> None:
    start = next_monday()
    followup = FollowUp(
        uid="0123456789abcdefghijklmnopqrstuv",
        kind=FollowUpKind.FOLLOW_UP,
        interview_key="interview-1",
        start=start,
        end=start + timedelta(minutes=15),
        timezone="Europe/Berlin",
        summary="Follow up now: Lindqvist Robotics",
        description="Write to Jonas.",
    )
    publication = Publication(tmp_path, lambda: datetime.now(UTC))

    first = publication.publish("acct", [followup])
    changed = publication.publish("acct", [followup.model_copy(update={"summary": "Changed"})])
    same = publication.publish("acct", [followup.model_copy(update={"summary": "Changed"})])

    assert changed.modified > first.modified  # even within one second: If-Modified-Since sees it
    assert changed.etag != first.etag
    assert same == changed
    assert followup_file(tmp_path, "acct").read_bytes() == changed.body
    assert followup_file(tmp_path, "acct").stat().st_mtime == changed.modified.timestamp()
