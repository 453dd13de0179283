"""Failures: bounded retries with backoff, then the dead-letter stream; junk goes there at once.
Each on every broker (NATS JetStream, RabbitMQ, Redis Streams)."""

from __future__ import annotations

from pathlib import Path

from tests.planner.planner_world import FAST, PlannerWorld, next_monday
from tests.servers.brokers import BrokerUnderTest

from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.protocol import CalendarWriter, EventRef, Precondition
from nextsteps_shared.errors import TransientError
from nextsteps_shared.followup import FollowUp


class _DownCalendar:
    """A calendar server that answers every write with a timeout."""

    def __init__(self) -> None:
        self.tries = 0

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        self.tries += 1
        raise TransientError("calendar server timed out")

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        raise TransientError("calendar server timed out")


class _DownSource:
    def __init__(self) -> None:
        self.calendar = _DownCalendar()

    async def writer(self, account: Account, url: str) -> CalendarWriter:
        return self.calendar

    async def close(self) -> None:
        return None


def test_a_message_that_keeps_failing_ends_in_dead_letters(
    tmp_path: Path, broker: BrokerUnderTest
) -> None:
    world = PlannerWorld(tmp_path, broker.url, prefix=broker.prefix)
    world.connect()
    source = _DownSource()
    world.publish(world.interview("robotics-20", next_monday()))
    world.run_planner(calendars=source)
    letters = world.dead_letters()
    assert len(letters) == 1
    assert letters[0].attempts == FAST.retry.max_deliveries
    assert source.calendar.tries == FAST.retry.max_deliveries
    assert "TransientError: calendar server timed out" in letters[0].error
    assert "robotics-20" in letters[0].body
    # the consumer moved on: a new run has nothing left to do
    world.run_planner(calendars=source)
    assert source.calendar.tries == FAST.retry.max_deliveries


def test_an_unreadable_message_goes_to_dead_letters_at_once(
    tmp_path: Path, broker: BrokerUnderTest
) -> None:
    world = PlannerWorld(tmp_path, broker.url, prefix=broker.prefix)
    world.connect()
    world.publish_raw(b'{"kind": "interview_snapshot", "account": 7}')
    world.publish_raw(b"\x00\x9f not even json")
    world.run_planner()
    letters = world.dead_letters()
    assert [letter.attempts for letter in letters] == [1, 1]
    assert all("UnreadableMessageError" in letter.error for letter in letters)


def test_a_message_for_an_unknown_account_is_a_permanent_failure(
    tmp_path: Path, broker: BrokerUnderTest
) -> None:
    world = PlannerWorld(tmp_path, broker.url, prefix=broker.prefix)  # never connected
    world.publish(world.interview("robotics-21", next_monday()))
    world.run_planner()
    letters = world.dead_letters()
    assert len(letters) == 1
    assert letters[0].attempts == 1
    assert "UnknownAccountError" in letters[0].error
