"""How the planner takes messages from each broker: one consumer per broker, one interface.

Each consumer hands batches of received messages (:class:`~nextsteps_planner.received.
Received`) to the :class:`~nextsteps_planner.delivery.Delivery`, which answers each one; the
consumer only knows its broker: how to fetch a batch, what acknowledging, retrying later and
"still working on it" mean there, how to stop without leaving fetched messages behind, and
when nothing is left to do (``--once``).

:func:`consumer_for` picks by the bus's kind: :mod:`.nats` (a durable JetStream pull consumer),
:mod:`.rabbit` (the quorum queue, batched by the consumer), :mod:`.redis` (the stream's
consumer group, read and reclaimed by the consumer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from nextsteps_shared.brokers import Bus

if TYPE_CHECKING:
    from nextsteps_planner.delivery import Delivery


@dataclass(frozen=True)
class Batching:
    """How much the planner takes at once and how long a message may go unanswered."""

    size: int = 64  # messages in one batch at most
    wait_s: float = 0.05  # how long a batch may wait to fill
    ack_wait_s: float = 15.0  # a message held this long by a silent planner goes to another


class Consumer(Protocol):
    """The planner's subscription to its queue on one broker."""

    async def start(self) -> None:
        """Connect and start handing batches to the delivery."""

    async def stop(self) -> None:
        """Stop: the batch in hand is finished by the caller first; whatever was fetched and
        not begun is handed back at once (or left to the broker's own hand-back)."""

    async def drained(self) -> bool:
        """Nothing left for the planner: none waiting, none delivered and unanswered (one
        waiting for its next try counts as unanswered)."""


def consumer_for(bus: Bus, delivery: Delivery, batching: Batching) -> Consumer:
    """The consumer for ``bus``'s broker, handing its batches to ``delivery``."""
    from nextsteps_planner.consumers.nats import NatsConsumer
    from nextsteps_planner.consumers.rabbit import RabbitConsumer
    from nextsteps_planner.consumers.redis import RedisConsumer
    from nextsteps_shared.brokers.nats import NatsBus
    from nextsteps_shared.brokers.rabbit import RabbitBus
    from nextsteps_shared.brokers.redis import RedisBus

    if isinstance(bus, RabbitBus):
        return RabbitConsumer(bus, delivery, batching)
    if isinstance(bus, RedisBus):
        return RedisConsumer(bus, delivery, batching)
    if isinstance(bus, NatsBus):
        return NatsConsumer(bus, delivery, batching)
    raise TypeError(f"no consumer for {type(bus).__name__}")
