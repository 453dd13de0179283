"""Two planner replicas on one interview at the same time (each with its own connection to the
state database, as two processes have; each in a thread with its own event loop): the one that
comes second waits for the first and compares revisions with what it committed, so an older
snapshot never overwrites a newer one, and the calendar holds one chain, the newer one's.
On SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from tests.planner.planner_world import PlannerWorld, next_monday

from nextsteps_planner.calendars import AccountCalendarSource
from nextsteps_planner.planner import Planner
from nextsteps_planner.store import PlannerStore
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.protocol import CalendarWriter, EventRef, Precondition
from nextsteps_shared.database import open_database
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.messages import Message

SLOW_S = 0.6


class SlowWriter:
    """A calendar that takes its time with every write (a slow CalDAV server)."""

    def __init__(self, inner: CalendarWriter) -> None:
        self._inner = inner

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        await asyncio.sleep(SLOW_S)
        return await self._inner.put(followup, precondition)

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        await asyncio.sleep(SLOW_S)
        await self._inner.delete(ref, precondition)


class SlowCalendars(AccountCalendarSource):
    async def writer(self, account: Account, url: str) -> CalendarWriter:
        return SlowWriter(await super().writer(account, url))


def replica(world: PlannerWorld, *, slow: bool) -> Planner:
    """A planner with its own engine, as another process would have."""
    calendars = (SlowCalendars if slow else AccountCalendarSource)(world.accounts, "Europe/Berlin")
    store = PlannerStore(open_database(world.database))
    return Planner(world.settings, store, world.accounts, calendars)


def apply_in_thread(
    planner: Planner, messages: Sequence[Message], outcomes: list[object], after: float
) -> threading.Thread:
    def run() -> None:
        time.sleep(after)
        outcomes.extend(asyncio.run(planner.handle_all(messages)))

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture
def world(tmp_path: Path, nats_url: str, state_database: str) -> PlannerWorld:
    planner_world = PlannerWorld(tmp_path, nats_url, state_database)
    planner_world.connect()
    return planner_world


def test_an_older_revision_on_another_replica_never_overwrites_a_newer_one(
    world: PlannerWorld,
) -> None:
    day = next_monday()
    older = world.interview("race-1@lindqvist.example", day)
    newer = world.interview("race-1@lindqvist.example", day.replace(hour=15))
    assert newer.revision > older.revision
    first, second = replica(world, slow=True), replica(world, slow=False)
    done_first: list[object] = []
    done_second: list[object] = []
    threads = [
        apply_in_thread(first, [newer], done_first, after=0.0),  # slow: writes for seconds
        apply_in_thread(second, [older], done_second, after=SLOW_S / 2),  # arrives meanwhile
    ]
    for thread in threads:
        thread.join(60)
    assert done_first == [None]
    assert done_second == [None]  # answered: there was nothing newer in it to apply
    record = PlannerStore(open_database(world.database)).interview(newer.event_key)
    assert record is not None
    assert record.revision == newer.revision, "an older revision overwrote a newer one"
    followups = [e for e in world.events() if e.uid.endswith("@nextsteps")]
    assert followups, "no chain written"
    assert len({e.uid for e in followups}) == len(followups), "a follow-up written twice"
    note = min(followups, key=lambda e: e.start)
    assert note.start >= newer.interview.event.end, f"chain of the older revision: {note.start}"


def test_two_replicas_on_one_new_interview_write_one_chain(world: PlannerWorld) -> None:
    day = next_monday()
    first_sight = world.interview("race-2@lindqvist.example", day)
    second_sight = world.interview("race-2@lindqvist.example", day)  # the same, seen again
    planners = [replica(world, slow=True), replica(world, slow=True)]
    outcomes: list[object] = []
    threads = [
        apply_in_thread(planners[0], [first_sight], outcomes, after=0.0),
        apply_in_thread(planners[1], [second_sight], outcomes, after=0.05),
    ]
    for thread in threads:
        thread.join(60)
    assert outcomes == [None, None]
    followups = [e for e in world.events() if e.uid.endswith("@nextsteps")]
    assert followups
    assert len({e.uid for e in followups}) == len(followups), "a follow-up written twice"
    stored = PlannerStore(open_database(world.database)).followups_of(first_sight.event_key)
    assert {f"{uid}@nextsteps" for uid in stored} == {e.uid for e in followups}
