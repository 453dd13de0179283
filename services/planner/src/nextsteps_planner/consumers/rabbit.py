"""The planner on RabbitMQ: the quorum queue ``nextsteps.planner`` shared by all planners.

RabbitMQ pushes up to :data:`PREFETCH` (twice a batch) unacknowledged messages to each
planner; this consumer gathers them into batches (up to ``Batching.size``, waiting at most
``Batching.wait_s`` for one to fill) for the delivery. The quorum queue counts deliveries
(``x-delivery-count``: returns by nack or by a planner's connection dropping), which is the
delivery's ``num_delivered``. RabbitMQ has no delayed redelivery, so a retry after ``delay``
holds the message (unacknowledged, one prefetch slot) that long, then returns it with
``basic.nack(requeue)``. There is no ack wait: a planner that dies loses its connection and
RabbitMQ returns what it held at once; stopping closes the channel, which does the same for
what was fetched and not begun.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Coroutine
from typing import Annotated, Any, Final

from aio_pika.abc import AbstractIncomingMessage
from faststream import AckPolicy, Context
from faststream.rabbit import Channel, QueueType, RabbitQueue
from faststream.rabbit.message import RabbitMessage

from nextsteps_planner.consumers import Batching
from nextsteps_planner.delivery import Delivery
from nextsteps_shared.brokers.rabbit import RabbitBus, quorum_arguments

_log = logging.getLogger(__name__)
RETURN_AFTER_FAILURE_S: Final = 1.0
SETTLE_S: Final = 0.25  # "nothing left" must hold this long (a nack or push in flight)


class RabbitReceived:
    """An AMQP delivery as the planner's :class:`~nextsteps_planner.received.Received`."""

    def __init__(self, message: AbstractIncomingMessage, consumer: RabbitConsumer) -> None:
        self._message = message
        self._consumer = consumer
        self._answered = False

    @property
    def subject(self) -> str:
        return self._message.routing_key or ""

    @property
    def data(self) -> bytes:
        return self._message.body

    @property
    def metadata(self) -> RabbitReceived:
        return self

    @property
    def num_delivered(self) -> int:
        """``x-delivery-count`` (returns so far) plus this delivery."""
        count = (self._message.headers or {}).get("x-delivery-count")
        if isinstance(count, int):
            return count + 1
        return 2 if self._message.redelivered else 1

    @property
    def is_acked(self) -> bool:
        return self._answered

    async def ack(self) -> None:
        self._answered = True
        try:
            await self._message.ack()
        finally:
            self._consumer.answered(self)

    async def nak(self, delay: float | None = None) -> None:
        """Return the message after ``delay`` seconds (held unacknowledged meanwhile)."""
        self._answered = True
        self._consumer.later(self._return_after(delay or 0.0))

    async def _return_after(self, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            await self._message.nack(requeue=True)
        finally:
            self._consumer.answered(self)

    async def in_progress(self) -> None:
        """Nothing to say: RabbitMQ waits for as long as the connection lives."""


class RabbitConsumer:
    """Batches from the planner's quorum queue, handed to the delivery."""

    def __init__(self, bus: RabbitBus, delivery: Delivery, batching: Batching) -> None:
        self._bus = bus
        self._delivery = delivery
        self._batching = batching
        self._waiting: asyncio.Queue[RabbitReceived] = asyncio.Queue()
        self._unanswered: set[RabbitReceived] = set()
        self._returns: set[asyncio.Task[None]] = set()
        self._loop: asyncio.Task[None] | None = None
        self._quiet_since: float | None = None
        self._last_answer = time.monotonic()
        self._subscribe()

    def _subscribe(self) -> None:
        names = self._bus.names
        queue = RabbitQueue(
            names.planner_queue,
            QueueType.QUORUM,
            durable=True,
            declare=False,  # laid out by RabbitBus.declare, arguments and bindings
            arguments=quorum_arguments(names),
        )
        subscriber = self._bus.broker.subscriber(
            queue,
            channel=Channel(prefetch_count=2 * self._batching.size),
            ack_policy=AckPolicy.MANUAL,
        )

        @subscriber
        async def consume(message: Annotated[RabbitMessage, Context("message")]) -> None:
            self._take(message.raw_message)

    def _take(self, message: AbstractIncomingMessage) -> None:
        received = RabbitReceived(message, self)
        self._unanswered.add(received)
        self._waiting.put_nowait(received)

    def answered(self, received: RabbitReceived) -> None:
        """``received`` was acknowledged or returned."""
        self._unanswered.discard(received)
        self._last_answer = time.monotonic()

    def later(self, work: Coroutine[Any, Any, None]) -> None:
        """Run a delayed return in the background (cancelled, so returned at once, at stop)."""
        task = asyncio.create_task(work)
        self._returns.add(task)
        task.add_done_callback(self._returns.discard)

    async def start(self) -> None:
        await self._bus.start()
        self._loop = asyncio.create_task(self._batches())

    async def _batches(self) -> None:
        while True:
            batch = await self._next_batch()
            try:
                await self._delivery(batch)
            except Exception as err:  # the connection dropped: RabbitMQ returns what it held
                _log.warning("a batch failed (%s); its messages come back", err)
                for received in batch:
                    if not received.is_acked:
                        await received.nak(RETURN_AFTER_FAILURE_S)

    async def _next_batch(self) -> list[RabbitReceived]:
        """Up to ``Batching.size`` messages, the first awaited, the rest for ``wait_s``."""
        batch = [await self._waiting.get()]
        deadline = time.monotonic() + self._batching.wait_s
        while len(batch) < self._batching.size:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                batch.append(await asyncio.wait_for(self._waiting.get(), left))
            except TimeoutError:
                break
        return batch

    async def stop(self) -> None:
        """Stop the batches; the channel's close returns every unanswered message at once
        (a delayed return is cut short)."""
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
        for task in list(self._returns):
            task.cancel()
        await self._bus.stop()

    async def drained(self) -> bool:
        """Nothing ready in the queue and nothing unanswered here, for :data:`SETTLE_S`."""
        quiet = not self._unanswered and self._waiting.empty()
        quiet = quiet and time.monotonic() - self._last_answer >= SETTLE_S
        if quiet and (await self._bus.planner_queue()).waiting == 0:
            self._quiet_since = self._quiet_since or time.monotonic()
            return time.monotonic() - self._quiet_since >= SETTLE_S
        self._quiet_since = None
        return False
