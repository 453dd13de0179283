"""Follow-ups of interviews found in an ICS feed: into the calendar of another account named at
``subscribe --write-to``, and in any case into the feed account's follow-up file."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.planner.planner_world import OWNER, PlannerWorld, next_monday

from nextsteps_shared.accounts.model import Account, WatchedCalendar
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.ical.reader import read_calendar
from nextsteps_shared.messages import InterviewRemoved, InterviewSnapshot, SourceKind


@pytest.fixture
def world(tmp_path: Path, nats_url: str) -> PlannerWorld:
    planner_world = PlannerWorld(tmp_path, nats_url)
    planner_world.connect()
    return planner_world


def subscribed(world: PlannerWorld, *, write_to: str | None) -> Account:
    """A feed account; its follow-ups go to ``write_to`` of the world's account when given."""
    url = f"https://jobs.example.org/{uuid.uuid4().hex[:8]}/interviews.ics"
    feed = WatchedCalendar(
        url=url,
        name="jobs.example.org/interviews.ics",
        read_only=True,
        write_to=write_to,
        write_account=world.account_id if write_to else None,
    )
    account = Account(
        id=f"ics-feed-{uuid.uuid4().hex[:8]}",
        kind=SourceKind.ICS_FEED,
        url=url,
        owner_addresses=(OWNER,),
        calendars=(feed,),
        connected_at=datetime.now(UTC) - timedelta(days=1),
    )
    world.accounts.add(account, None)
    return account


def seen_in(world: PlannerWorld, feed: Account, uid: str) -> InterviewSnapshot:
    message = world.interview(uid, next_monday())
    update = {"account": feed.id, "calendar": feed.url, "source": SourceKind.ICS_FEED}
    return message.model_copy(update=update)


def filed(world: PlannerWorld, account: Account) -> list[str]:
    path = world.data_dir / "followups" / f"{account.id}.ics"
    return sorted(e.uid for e in read_calendar(path.read_bytes(), source=str(path)).events)


def followups(events: list[CalendarEvent]) -> list[str]:
    return sorted(e.uid for e in events if e.uid.endswith("@nextsteps"))


def test_followups_go_to_the_named_calendar_of_another_account_and_to_the_file(
    world: PlannerWorld,
) -> None:
    feed = subscribed(world, write_to=world.work)
    snapshot = seen_in(world, feed, "feed-interview-1")
    world.publish(snapshot)
    world.run_planner()

    written = followups(world.events(world.work))
    assert len(written) >= 3
    assert filed(world, feed) == written

    removed = InterviewRemoved(
        account=feed.id,
        calendar=feed.url,
        source=SourceKind.ICS_FEED,
        event_key=snapshot.event_key,
        revision=world.revision(),
        observed_at=datetime.now(UTC),
        reason="deleted",
    )
    world.publish(removed)
    world.run_planner()
    assert followups(world.events(world.work)) == []
    assert filed(world, feed) == []


def test_without_a_calendar_to_write_to_the_followups_are_only_in_the_file(
    world: PlannerWorld,
) -> None:
    feed = subscribed(world, write_to=None)
    world.publish(seen_in(world, feed, "feed-interview-2"))
    world.run_planner()

    assert len(filed(world, feed)) >= 3
    assert followups(world.events(world.work)) == []
    assert world.dead_letters() == []
