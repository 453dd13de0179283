"""A batch of messages: each answered on its own; a failure fails only what depends on it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from tests.planner.planner_world import PlannerWorld, next_monday

from nextsteps_planner.calendars import AccountCalendarSource
from nextsteps_planner.planner import Planner
from nextsteps_planner.store import PlannerStore
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.protocol import CalendarWriter, EventRef, Precondition
from nextsteps_shared.database import open_database
from nextsteps_shared.errors import TransientError
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.messages import Message


class _Flaky:
    """A calendar whose server times out for the follow-ups of one interview."""

    def __init__(self, inner: CalendarWriter, failing: str) -> None:
        self._inner = inner
        self._failing = failing

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        if followup.interview_key == self._failing:
            raise TransientError("calendar server timed out")
        return await self._inner.put(followup, precondition)

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        await self._inner.delete(ref, precondition)


class _FlakySource:
    def __init__(self, inner: AccountCalendarSource, failing: str) -> None:
        self._inner = inner
        self.failing = failing

    async def writer(self, account: Account, url: str) -> CalendarWriter:
        return _Flaky(await self._inner.writer(account, url), self.failing)

    async def close(self) -> None:
        await self._inner.close()


def _planner(world: PlannerWorld, failing: str) -> tuple[Planner, _FlakySource]:
    store = PlannerStore(open_database(world.database))
    source = _FlakySource(AccountCalendarSource(world.accounts), failing)
    return Planner(world.settings, store, world.accounts, source), source


def _apply(planner: Planner, messages: list[Message]) -> list[BaseException | None]:
    async def play() -> list[BaseException | None]:
        async with planner.lock:
            return await planner.handle_all(messages)

    return asyncio.run(play())


def test_one_failing_interview_fails_its_messages_only(tmp_path: Path) -> None:
    world = PlannerWorld(tmp_path, "nats://127.0.0.1:9")
    world.connect()
    planner, source = _planner(world, failing="batch-b")
    monday = next_monday()
    batch: list[Message] = [
        world.interview("batch-a", monday, company="Aurora Labs"),
        world.interview("batch-b", monday, company="Borealis"),
        world.interview("batch-b", monday + timedelta(days=1), company="Borealis"),
        world.interview("batch-c", monday + timedelta(hours=3), company="Cirrus"),
    ]
    outcomes = _apply(planner, batch)

    assert outcomes[0] is None
    assert outcomes[3] is None
    assert isinstance(outcomes[1], TransientError)  # both messages of the failing interview
    assert isinstance(outcomes[2], TransientError)
    assert planner.store.interview("batch-b") is None  # put back as before the batch
    written = {f.interview_key for f in planner.store.current_followups(world.account_id)}
    assert written == {"batch-a", "batch-c"}

    source.failing = "none"  # the server is back: the retried messages are newer again
    assert _apply(planner, batch[1:3]) == [None, None]
    record = planner.store.interview("batch-b")
    assert record is not None
    assert record.interview is not None
    assert record.interview.event.start == monday + timedelta(days=1)
    written = {f.interview_key for f in planner.store.current_followups(world.account_id)}
    assert written == {"batch-a", "batch-b", "batch-c"}


def test_a_failing_employer_mate_fails_the_message_that_closed_its_chain(
    tmp_path: Path,
) -> None:
    world = PlannerWorld(tmp_path, "nats://127.0.0.1:9")
    world.connect()
    planner, source = _planner(world, failing="none")
    monday = next_monday()
    first = world.interview("mate-1", monday, company="Aurora Labs")
    assert _apply(planner, [first]) == [None]
    source.failing = "mate-2"
    later = world.interview("mate-2", monday + timedelta(days=2), company="Aurora Labs")
    other = world.interview("mate-3", monday, company="Cirrus")
    outcomes = _apply(planner, [later, other])
    assert isinstance(outcomes[0], TransientError)
    assert outcomes[1] is None
    assert planner.store.interview("mate-2") is None
    # mate-1's chain was closed for an interview that is not kept; the sweep reopens it
    asyncio.run(planner.sweep())
    written = {f.interview_key for f in planner.store.current_followups(world.account_id)}
    assert written == {"mate-1", "mate-3"}
