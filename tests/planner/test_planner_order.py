"""Order does not matter: whatever the order, repetition and batching of the messages about
some interviews, the planner ends with the follow-ups their newest states call for, each once."""

from __future__ import annotations

import asyncio
import itertools
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.planner.planner_world import PlannerWorld, next_monday

from nextsteps_planner.calendars import AccountCalendarSource
from nextsteps_planner.planner import Planner
from nextsteps_planner.store import PlannerStore
from nextsteps_shared.backends.opener import memory_calendar
from nextsteps_shared.database import open_database
from nextsteps_shared.messages import Message


def _story(world: PlannerWorld) -> list[Message]:
    """Two interviews with one employer: the first rescheduled twice, the second booked,
    moved, cancelled and booked again; the first also seen in the personal calendar."""
    monday = next_monday()
    return [
        world.interview("order-a", monday),
        world.interview("order-a", monday, calendar=world.personal),
        world.interview("order-a", monday + timedelta(days=1)),
        world.interview("order-b", monday + timedelta(days=4)),
        world.removed("order-b"),
        world.interview("order-a", monday + timedelta(days=1, hours=3)),
        world.interview("order-b", monday + timedelta(days=9), description="#heard-back"),
        world.removed("order-a", calendar=world.personal),
    ]


def _outcome(
    world: PlannerWorld, messages: list[Message], cuts: frozenset[int] = frozenset()
) -> tuple[dict[str, object], int]:
    """Play ``messages`` one by one, or in batches split before each index in ``cuts``."""
    engine = open_database(world.database)
    store = PlannerStore(engine)
    planner = Planner(world.settings, store, world.accounts, AccountCalendarSource(world.accounts))

    async def play() -> None:
        if not cuts:
            for message in messages:
                async with planner.lock:
                    await planner.handle(message)
            return
        bounds = [0, *sorted(cuts), len(messages)]
        for start, end in itertools.pairwise(bounds):
            async with planner.lock:
                outcomes = await planner.handle_all(messages[start:end])
            assert outcomes == [None] * (end - start)

    asyncio.run(play())
    events = [  # the chain lives in whichever calendar reported the interview first
        event
        for url in (world.work, world.personal)
        for event in asyncio.run(memory_calendar(url).changes(None)).upserts
    ]
    live = len(store.current_followups(world.account_id))
    return {e.uid: (e.start, e.summary) for e in events}, live


def _world(nats_url: str = "nats://127.0.0.1:9") -> PlannerWorld:
    world = PlannerWorld(Path(tempfile.mkdtemp(prefix="planner-order-")), nats_url)
    world.connect()
    return world


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_any_order_ends_where_the_newest_states_lead(data: st.DataObject) -> None:
    expected, expected_live = _outcome(*_played(_world()))
    assert expected  # the story leaves follow-ups to check
    world, story = _played(_world())
    order = data.draw(st.permutations(range(len(story))))
    repeats = data.draw(st.lists(st.sampled_from(range(len(story))), max_size=4))
    found, live = _outcome(world, [story[i] for i in [*order, *repeats]])
    assert found == expected
    assert live == expected_live == len(found)


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_any_batching_ends_where_one_by_one_does(data: st.DataObject) -> None:
    expected, expected_live = _outcome(*_played(_world()))
    world, story = _played(_world())
    order = data.draw(st.permutations(range(len(story))))
    repeats = data.draw(st.lists(st.sampled_from(range(len(story))), max_size=4))
    played = [story[i] for i in [*order, *repeats]]
    cuts = data.draw(st.frozensets(st.integers(1, len(played) - 1), max_size=3))
    found, live = _outcome(world, played, cuts | {len(played)})
    assert found == expected
    assert live == expected_live == len(found)


def _played(world: PlannerWorld) -> tuple[PlannerWorld, list[Message]]:
    return world, _story(world)
