"""The planner's delivery guarantees on every broker (NATS JetStream, RabbitMQ, Redis Streams):
a message delivered twice is applied once, an older revision after a newer one changes
nothing, a failing message is retried with growing delays, messages come in batches, and
messages held by a planner that died go to the next one (docs/architecture.md, "Brokers")."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import aio_pika
import pytest
import redis.asyncio as aioredis
from tests.planner.planner_world import PlannerWorld, next_monday
from tests.servers.brokers import BrokerUnderTest

from nextsteps_planner import service
from nextsteps_planner.consumers import Batching
from nextsteps_planner.delivery import Retry
from nextsteps_planner.service import Timing, create_app
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.opener import memory_calendar
from nextsteps_shared.backends.protocol import CalendarWriter, EventRef, Precondition
from nextsteps_shared.bus import open_bus
from nextsteps_shared.errors import TransientError
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.messages import Message
from nextsteps_shared.subjects import PLANNER_DURABLE


def _world(tmp_path: Path, broker: BrokerUnderTest) -> PlannerWorld:
    world = PlannerWorld(tmp_path, broker.url, prefix=broker.prefix)
    world.connect()
    return world


def _followups(world: PlannerWorld) -> list[CalendarEvent]:
    return [e for e in world.events() if e.uid.endswith("@nextsteps")]


async def _waiting(broker: BrokerUnderTest) -> int:
    bus = open_bus(broker.url, broker.prefix)
    await bus.declare()
    await bus.connect()
    try:
        return (await bus.planner_queue()).waiting
    finally:
        await bus.stop()


def test_a_message_delivered_twice_is_applied_once(tmp_path: Path, broker: BrokerUnderTest) -> None:
    world = _world(tmp_path, broker)
    snapshot = world.interview("robotics-40", next_monday())
    world.publish(snapshot, snapshot)  # ingest crashed after the publish, before its commit
    if broker.kind != "nats":  # no de-duplication window: both are on the queue
        assert asyncio.run(_waiting(broker)) == 2
    world.run_planner()
    once = _followups(world)
    uids = [e.uid for e in once]
    assert len(uids) == len(set(uids)) >= 3
    world.publish(snapshot)  # and once more, later: still nothing to do
    world.run_planner()
    assert [(e.uid, e.start, e.summary) for e in _followups(world)] == [
        (e.uid, e.start, e.summary) for e in once
    ]


def test_an_older_revision_after_a_newer_one_changes_nothing(
    tmp_path: Path, broker: BrokerUnderTest
) -> None:
    start = next_monday()
    older = _world(tmp_path / "a", broker)
    first = older.interview("robotics-41", start)
    moved = older.interview("robotics-41", start + timedelta(days=1))
    older.publish(moved, first)  # the newer revision arrives first
    older.run_planner()
    newer_only = _world(tmp_path / "b", broker)
    newer_only.publish(newer_only.interview("robotics-41", start + timedelta(days=1)))
    newer_only.run_planner()
    expected = [(e.summary, e.start) for e in _followups(newer_only)]
    assert len(expected) >= 3
    assert [(e.summary, e.start) for e in _followups(older)] == expected


class _FlakyCalendar:
    """A calendar whose first ``failures`` writes time out; notes when each write came."""

    def __init__(self, url: str, failures: int) -> None:
        self._calendar = memory_calendar(url)
        self._failures = failures
        self.failed_at: list[float] = []

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        if len(self.failed_at) < self._failures:
            self.failed_at.append(time.monotonic())
            raise TransientError("calendar server timed out")
        return await self._calendar.put(followup, precondition)

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        await self._calendar.delete(ref, precondition)


class _FlakySource:
    def __init__(self, calendar: _FlakyCalendar) -> None:
        self.calendar = calendar

    async def writer(self, account: Account, url: str) -> CalendarWriter:
        return self.calendar

    async def close(self) -> None:
        return None


def test_a_failing_message_is_retried_with_growing_delays(
    tmp_path: Path, broker: BrokerUnderTest
) -> None:
    world = _world(tmp_path, broker)
    retry = Retry(max_deliveries=5, first_delay=0.3, max_delay=2.0)
    calendar = _FlakyCalendar(world.work, failures=3)
    world.publish(world.interview("robotics-42", next_monday()))
    world.run_planner(calendars=_FlakySource(calendar), timing=Timing(retry=retry))
    tries = calendar.failed_at
    gaps = [later - earlier for earlier, later in itertools.pairwise(tries)]
    assert len(gaps) == 2
    assert gaps[0] >= 0.9 * retry.delay(1)
    assert gaps[1] >= 0.9 * retry.delay(2)
    assert len(_followups(world)) >= 3  # the fourth try went through
    assert world.dead_letters() == []


def test_messages_come_in_batches(tmp_path: Path, broker: BrokerUnderTest) -> None:
    world = _world(tmp_path, broker)
    start = next_monday()
    snapshots = [
        world.interview(f"batch-{n}", start + timedelta(minutes=n), company=f"Employer {n}")
        for n in range(120)
    ]
    world.publish(*snapshots)
    app = create_app(world.settings, timing=Timing())
    sizes: list[int] = []
    handle_all = app.planner.handle_all

    async def counted(messages: Sequence[Message]) -> list[BaseException | None]:
        sizes.append(len(messages))
        return await handle_all(messages)

    app.planner.handle_all = counted  # type: ignore[method-assign]
    asyncio.run(asyncio.wait_for(app.run_once(), 60))
    assert sum(sizes) == len(snapshots)
    assert max(sizes) > 1
    assert len({e.uid for e in _followups(world)}) >= 3 * len(snapshots)


async def _take_and_die(broker: BrokerUnderTest, count: int) -> None:
    """A planner that takes ``count`` messages and dies before answering any."""
    if broker.kind == "rabbit":
        connection = await aio_pika.connect(broker.url)
        channel = await connection.channel()
        queue = await channel.get_queue(broker.names.planner_queue)
        for _ in range(count):
            assert await queue.get(timeout=5, fail=False) is not None
        await connection.close()  # gone: RabbitMQ returns them
        return
    client = aioredis.Redis.from_url(broker.url)
    try:
        stream = broker.names.events_stream
        taken = await client.xreadgroup(PLANNER_DURABLE, "planner-dead", {stream: ">"}, count)
        assert len(taken[0][1]) == count
    finally:
        await client.aclose()


@pytest.mark.parametrize("broker", ["rabbit", "redis"], indirect=True)
def test_messages_held_by_a_dead_planner_go_to_the_next(
    tmp_path: Path, broker: BrokerUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = _world(tmp_path, broker)
    world.publish(*(world.interview(f"held-{n}", next_monday(), company=f"E{n}") for n in range(3)))
    asyncio.run(_take_and_die(broker, 3))
    monkeypatch.setattr(service, "BATCHING", Batching(ack_wait_s=1.0))
    started = time.monotonic()
    world.run_planner()
    assert time.monotonic() - started < 20
    assert len(_followups(world)) >= 9
