"""The brokers nextsteps speaks, behind one small interface (:class:`Bus`).

The broker URL's scheme picks one (:func:`nextsteps_shared.bus.open_bus`): ``nats://`` NATS
JetStream (:mod:`.nats`, the default and embedded one), ``amqp://``/``amqps://`` RabbitMQ with
quorum queues (:mod:`.rabbit`), ``redis://``/``rediss://`` Redis Streams with a consumer group
(:mod:`.redis`). Each holds a FastStream broker (``.broker``) and knows how to lay out its
queues, publish with an acknowledgement, keep a dead letter, and say how deep the planner's
queue is. What each broker guarantees, and how: docs/architecture.md, "Brokers".

Consuming is the planner's business (``nextsteps_planner.consumers``); this package only gives
it the names (:class:`Names`) and the connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Protocol

from nextsteps_shared.dead_letter import DeadLetter
from nextsteps_shared.errors import SettingsError
from nextsteps_shared.messages import (
    FollowUpChanged,
    InterviewRemoved,
    InterviewSnapshot,
    Message,
)
from nextsteps_shared.subjects import FOLLOWUP_CHANGED, INTERVIEW_GONE, INTERVIEW_SEEN

DECLARE_TIMEOUT_S: Final = 10.0
PUBLISH_TIMEOUT_S: Final = 10.0
_PREFIX: Final = re.compile(r"^[A-Za-z0-9_.-]{0,64}$")
_SUBJECTS: Final[dict[type[Message], str]] = {
    InterviewSnapshot: INTERVIEW_SEEN,
    InterviewRemoved: INTERVIEW_GONE,
    FollowUpChanged: FOLLOWUP_CHANGED,
}


def subject_of(message: Message) -> str:
    """``nextsteps.events.<kind>.<account>`` (the routing key on RabbitMQ too)."""
    return f"{_SUBJECTS[type(message)]}.{message.account}"


@dataclass(frozen=True)
class QueueDepth:
    """The planner's queue: messages not yet delivered (the queue lag) and delivered but not
    answered yet (``None`` where the broker does not say)."""

    waiting: int
    unanswered: int | None


@dataclass(frozen=True)
class Names:
    """Queue names on RabbitMQ and Redis, each behind ``prefix`` (the ``broker_prefix``
    setting), so several installations (or test runs) share one server. NATS keeps its
    stream and subject names (``subjects``): give each installation its own NATS account."""

    prefix: str = ""

    def __post_init__(self) -> None:
        if not _PREFIX.match(self.prefix):
            raise SettingsError(
                f"broker_prefix {self.prefix!r}: letters, digits, '_', '.', '-' only (64 at most)"
            )

    @property
    def exchange(self) -> str:
        """RabbitMQ: the topic exchange ingest publishes to (routing key: the subject)."""
        return f"{self.prefix}nextsteps"

    @property
    def planner_queue(self) -> str:
        """RabbitMQ: the planner's quorum queue, bound to every events subject."""
        return f"{self.prefix}nextsteps.planner"

    @property
    def dead_exchange(self) -> str:
        """RabbitMQ: where dead letters go (routing key ``nextsteps.dead.<account>``)."""
        return f"{self.prefix}nextsteps.dead"

    @property
    def dead_queue(self) -> str:
        """RabbitMQ: the quorum queue that keeps the dead letters."""
        return f"{self.prefix}nextsteps.dead"

    @property
    def events_stream(self) -> str:
        """Redis: the stream of every event message."""
        return f"{self.prefix}nextsteps.events"

    @property
    def dead_stream(self) -> str:
        """Redis: the stream of dead letters."""
        return f"{self.prefix}nextsteps.dead"


class Bus(Protocol):
    """One broker as both services use it."""

    kind: str  # "nats", "rabbit" or "redis"
    url: str
    names: Names

    async def declare(self, timeout: float = DECLARE_TIMEOUT_S) -> None:
        """Create the queues/streams (or keep them); TransientError when unreachable."""

    async def connect(self) -> None:
        """Connect the FastStream broker (no subscriber started)."""

    async def start(self) -> None:
        """Connect and start the subscribers registered on the FastStream broker."""

    async def stop(self) -> None:
        """Stop the subscribers and disconnect."""

    async def ping(self, timeout: float) -> bool:
        """Whether the connection answers."""

    async def publish(self, message: Message) -> None:
        """Publish and wait for the broker's acknowledgement; TransientError when none came."""

    async def publish_dead_letter(self, letter: DeadLetter, account: str) -> None:
        """Keep a message that failed for good; raises when the broker did not take it."""

    async def check_declared(self) -> None:
        """Raise when the queues/streams or the planner's consumer are missing."""

    async def planner_queue(self) -> QueueDepth:
        """How deep the planner's queue is (raises when the broker does not answer)."""
