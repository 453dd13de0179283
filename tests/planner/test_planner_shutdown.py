"""Stopping the planner mid-batch (what SIGTERM does): the batch in hand is finished and
acknowledged, whatever else it fetched goes back to the queue at once, for another planner,
and nothing is lost or written twice. Each test has a nats-server of its own, so the consumer's
figures are this test's alone."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

import nats
from nats.aio.msg import Msg
from nats.js.api import ConsumerInfo
from tests.planner.planner_world import FAST, PlannerWorld, next_monday
from tests.planner.slow_calendar import SlowSource

from nextsteps_planner.handover import Handover
from nextsteps_planner.service import ACK_WAIT_S, create_app
from nextsteps_planner.store import PlannerStore
from nextsteps_shared.bus import decode
from nextsteps_shared.database import database_url, open_database
from nextsteps_shared.embedded_nats import EmbeddedNats
from nextsteps_shared.ops.metrics import planner_registry
from nextsteps_shared.subjects import EVENTS_FILTER, PLANNER_DURABLE, STREAM

INTERVIEWS = 150  # more than two batches
PROMPT_S = ACK_WAIT_S / 2  # handed back means back long before the ack wait would bring it


async def _consumer(url: str) -> ConsumerInfo:
    client = await nats.connect(url)
    try:
        info: ConsumerInfo = await client.jetstream().consumer_info(STREAM, PLANNER_DURABLE)
        return info
    finally:
        await client.close()


async def _available(url: str, expected: int) -> list[str]:
    """What another planner gets from the queue within ``PROMPT_S`` (at most ``expected``
    messages: their subjects' interviews); handed back again, at once, for the next planner."""
    client = await nats.connect(url)
    subscription = await client.jetstream().pull_subscribe(EVENTS_FILTER, PLANNER_DURABLE)
    got: list[Msg] = []
    deadline = time.monotonic() + PROMPT_S
    while len(got) < expected and time.monotonic() < deadline:
        with contextlib.suppress(TimeoutError):
            got += await subscription.fetch(expected - len(got), timeout=0.2)
    for raw in got:
        await raw.nak()
    await client.close()
    return [decode(raw.data).event_key for raw in got]


def _handed_back() -> float:
    value = planner_registry().get_sample_value(
        "nextsteps_messages_total", {"outcome": "handed_back"}
    )
    return value or 0.0


def test_a_planner_stopped_mid_batch_finishes_it_and_hands_the_rest_back(tmp_path: Path) -> None:
    with EmbeddedNats(tmp_path / "nats") as server:
        world = PlannerWorld(tmp_path / "data", server.url)
        world.connect()
        uids = [f"stop-{n}" for n in range(INTERVIEWS)]
        start = next_monday()
        world.publish(*(world.interview(uid, start, company=f"Firm {uid}") for uid in uids))
        source = SlowSource(world.work, delay_s=0.005)

        async def stopped_mid_batch() -> None:
            app = create_app(world.settings, timing=FAST, calendars=source)
            stop = asyncio.Event()
            serving = asyncio.create_task(app.run(stop))
            await asyncio.wait_for(source.calendar.writing.wait(), 30)
            stop.set()  # while the first batch is being written
            await asyncio.wait_for(serving, 60)

        asyncio.run(stopped_mid_batch())
        store = PlannerStore(open_database(database_url(world.data_dir, None)))
        done = {uid for uid in uids if store.followups_of(uid)}
        assert 0 < len(done) < INTERVIEWS  # the batch in hand was finished, the rest not begun
        left = asyncio.run(_available(server.url, INTERVIEWS))
        # every message not done is there for the next planner at once, and only those
        assert sorted(left) == sorted(set(uids) - done), "messages held, or acknowledged undone"

        world.run_planner()  # the next planner takes the rest at once
        lengths = {uid: len(store.followups_of(uid)) for uid in uids}
        assert min(lengths.values()) >= 3, "follow-ups lost"
        assert len(world.events()) == sum(lengths.values()), "follow-ups written twice"


def test_what_was_fetched_and_not_handled_goes_back_when_closing(tmp_path: Path) -> None:
    with EmbeddedNats(tmp_path / "nats") as server:
        world = PlannerWorld(tmp_path / "data", server.url)
        world.publish(*(world.interview(f"held-{n}", next_monday()) for n in range(10)))

        async def scenario() -> tuple[ConsumerInfo, float]:
            client = await nats.connect(server.url)
            streams = client.jetstream()
            subscription = await streams.pull_subscribe("nextsteps.events.>", PLANNER_DURABLE)
            handover = Handover(delay=0.1)
            handover.guard(subscription)
            before = _handed_back()
            fetched = await subscription.fetch(10, timeout=1)  # as FastStream's loop does
            held = await _consumer(server.url)
            await handover.close(timeout=0.2)  # no loop is fetching: it does not wait for one
            holding = asyncio.create_task(subscription.fetch(10, timeout=1))  # the loop, again
            await asyncio.sleep(0.2)
            assert not holding.done()  # it makes no pull request: it waits to be stopped
            holding.cancel()
            await client.close()
            assert len(fetched) == 10
            return held, _handed_back() - before

        held, handed_back = asyncio.run(scenario())
        assert held.num_ack_pending == 10
        assert handed_back == 10
        assert len(asyncio.run(_available(server.url, 10))) == 10
