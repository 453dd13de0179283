"""The service loop: serving until stopped, the sweep, the retry schedule."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from tests.planner.planner_world import FAST, PlannerWorld, next_monday
from tests.planner.slow_calendar import SlowSource

from nextsteps_planner.delivery import Retry, account_of
from nextsteps_planner.records import seen
from nextsteps_planner.service import Timing, create_app
from nextsteps_planner.store import PlannerStore
from nextsteps_shared.backends.opener import memory_calendar
from nextsteps_shared.bus import create_broker, declare_streams, publish
from nextsteps_shared.database import open_database


def test_the_served_planner_writes_as_messages_arrive_and_stops_on_request(
    tmp_path: Path, nats_url: str, state_database: str
) -> None:
    world = PlannerWorld(tmp_path, nats_url, state_database)
    world.connect()
    snapshot = world.interview("served-1", next_monday())

    async def scenario() -> int:
        app = create_app(world.settings, timing=FAST)
        stop = asyncio.Event()
        serving = asyncio.create_task(app.run(stop))
        await declare_streams(nats_url)  # as ingest does before it publishes
        broker = create_broker(nats_url)
        await broker.connect()
        await publish(broker, snapshot)
        await broker.stop()
        for _ in range(100):
            written = (await memory_calendar(world.work).changes(None)).upserts
            if written:
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(serving, 10)
        return len(written)

    assert asyncio.run(scenario()) >= 3


def test_the_sweep_finishes_what_a_crash_left_undone(
    tmp_path: Path, nats_url: str, state_database: str
) -> None:
    world = PlannerWorld(tmp_path, nats_url, state_database)
    world.connect()
    # the interview was stored, then the process died before writing its follow-ups
    store = PlannerStore(open_database(world.database))
    store.save_interview(seen(None, world.interview("swept-1", next_monday())))
    assert world.events() == []
    world.run_planner()
    assert len(world.events()) >= 3


def test_the_periodic_sweep_runs_while_serving(
    tmp_path: Path, nats_url: str, state_database: str
) -> None:
    world = PlannerWorld(tmp_path, nats_url, state_database)
    world.connect()
    store = PlannerStore(open_database(world.database))

    async def scenario() -> int:
        app = create_app(world.settings, timing=Timing(sweep_every=timedelta(seconds=0.2)))
        stop = asyncio.Event()
        serving = asyncio.create_task(app.run(stop))
        await asyncio.sleep(0.3)  # serving; now an interview appears without a message
        store.save_interview(seen(None, world.interview("swept-2", next_monday())))
        for _ in range(60):
            if (await memory_calendar(world.work).changes(None)).upserts:
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(serving, 10)
        return len((await memory_calendar(world.work).changes(None)).upserts)

    assert asyncio.run(scenario()) >= 3


def test_retries_wait_longer_each_time_up_to_a_ceiling() -> None:
    retry = Retry(max_deliveries=6, first_delay=0.5, max_delay=3.0)
    assert [retry.delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


@pytest.mark.parametrize(
    ("subject", "account"),
    [
        ("nextsteps.events.interview_seen.caldav-3f9a1c2b", "caldav-3f9a1c2b"),
        ("nextsteps.events.interview_seen.Not_A_Token", "unknown"),
        ("garbage", "unknown"),
    ],
)
def test_dead_letters_are_filed_under_the_account_of_the_subject(
    subject: str, account: str
) -> None:
    assert account_of(subject) == account


def test_stopping_finishes_the_message_in_hand(tmp_path: Path, nats_url: str) -> None:
    world = PlannerWorld(tmp_path, nats_url)
    world.connect()
    source = SlowSource(world.work, delay_s=0.1)

    async def scenario() -> None:
        app = create_app(world.settings, timing=FAST, calendars=source)
        stop = asyncio.Event()
        serving = asyncio.create_task(app.run(stop))
        broker = create_broker(nats_url)
        await broker.connect()
        await publish(broker, world.interview("slow-1", next_monday()))
        await publish(broker, world.interview("slow-2", next_monday(hour=15), company="Tarn"))
        await broker.stop()
        await asyncio.wait_for(source.calendar.writing.wait(), 10)
        stop.set()  # while the first message is being written
        await asyncio.wait_for(serving, 10)

    asyncio.run(scenario())
    keys = {e.uid for e in world.events()}
    store = PlannerStore(open_database(world.database))
    first = store.followups_of("slow-1")
    assert len(first) >= 3  # the message in hand was finished, not cut short
    assert {f"{uid}@nextsteps" for uid in first} <= keys
    # whatever was not begun is still on the queue: the next run finishes it, once
    world.run_planner()
    assert len(store.followups_of("slow-2")) >= 3
    assert len(world.events()) == len(first) + len(store.followups_of("slow-2"))
