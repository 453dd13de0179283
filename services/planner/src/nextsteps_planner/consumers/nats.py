"""The planner on NATS JetStream: one durable pull consumer (``planner``) shared by all
planners, fetched in batches; JetStream counts the deliveries, delays a retry (``nak`` with a
delay) and gives a message held past the ack wait to another planner. Stopping hands back
what was fetched and not begun (:mod:`nextsteps_planner.handover`)."""

from __future__ import annotations

from typing import Annotated

from faststream import AckPolicy, Context
from faststream.nats import PullSub
from faststream.nats.message import NatsBatchMessage
from nats.js.api import ConsumerConfig

from nextsteps_planner.consumers import Batching
from nextsteps_planner.delivery import Delivery
from nextsteps_shared.brokers.nats import NatsBus, events_stream
from nextsteps_shared.subjects import EVENTS_FILTER, PLANNER_DURABLE


class NatsConsumer:
    """The durable pull consumer, its batches handed to the delivery."""

    def __init__(self, bus: NatsBus, delivery: Delivery, batching: Batching) -> None:
        self._bus = bus
        self._delivery = delivery
        subscriber = bus.broker.subscriber(
            EVENTS_FILTER,
            stream=events_stream(),
            durable=PLANNER_DURABLE,
            pull_sub=PullSub(batch_size=batching.size, timeout=batching.wait_s, batch=True),
            config=ConsumerConfig(ack_wait=batching.ack_wait_s, max_deliver=-1),
            ack_policy=AckPolicy.MANUAL,
        )

        @subscriber
        async def consume(batch: Annotated[NatsBatchMessage, Context("message")]) -> None:
            await delivery(batch.raw_message)

    async def start(self) -> None:
        await self._bus.start()
        self._delivery.handover.guard_all(self._bus.broker)

    async def stop(self) -> None:
        await self._delivery.handover.close()  # fetched and not begun: handed back at once
        await self._bus.stop()

    async def drained(self) -> bool:
        depth = await self._bus.planner_queue()
        return depth.waiting == 0 and depth.unanswered == 0
