"""RabbitMQ (``amqp://``, ``amqps://``): a topic exchange and quorum queues.

Layout (names from :class:`~nextsteps_shared.brokers.Names`, behind ``broker_prefix``):
the topic exchange ``nextsteps`` takes every event message with its subject as routing key;
the quorum queue ``nextsteps.planner`` is bound to ``nextsteps.events.#`` and shared by every
planner. The planner dead-letters a message itself (as with NATS) into the exchange
``nextsteps.dead`` and its quorum queue ``nextsteps.dead``. The planner's queue also carries
``x-delivery-limit`` (:data:`DELIVERY_LIMIT`, above the planner's own limit) with that
dead-letter exchange: a message that keeps killing planners before they can answer it (they
crash, their connection drops, RabbitMQ counts the return) ends there too, unwrapped.

Publishing uses publisher confirms and ``mandatory``: :meth:`RabbitBus.publish` returns once
RabbitMQ confirmed the message was written to the (replicated) queue; a message no queue
would take is refused, not dropped. RabbitMQ keeps no de-duplication window: a message
published twice is delivered twice (the planner makes the second a no-op).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Final

import aio_pika
import aiormq.exceptions
from aio_pika.abc import AbstractChannel, AbstractRobustConnection
from faststream.rabbit import Channel, ExchangeType, RabbitBroker, RabbitExchange
from faststream.rabbit.schemas.queue import QuorumQueueArgs
from pamqp.commands import Basic
from pamqp.common import FieldTable

from nextsteps_shared.brokers import (
    DECLARE_TIMEOUT_S,
    PUBLISH_TIMEOUT_S,
    Names,
    QueueDepth,
    subject_of,
)
from nextsteps_shared.brokers.nats import broker_logger
from nextsteps_shared.dead_letter import DeadLetter
from nextsteps_shared.errors import PermanentError, TransientError
from nextsteps_shared.messages import Message
from nextsteps_shared.subjects import DEAD_LETTER, EVENTS

DELIVERY_LIMIT: Final = 20  # RabbitMQ's own bound: returns counted, crashes included
PLANNER_BINDING: Final = f"{EVENTS}.#"


def quorum_arguments(names: Names) -> QuorumQueueArgs:
    """The planner queue's arguments besides its type: bounded deliveries, dead letters kept."""
    return {"x-delivery-limit": DELIVERY_LIMIT, "x-dead-letter-exchange": names.dead_exchange}


class RabbitBus:
    """RabbitMQ as a :class:`~nextsteps_shared.brokers.Bus`."""

    kind = "rabbit"

    def __init__(self, url: str, names: Names) -> None:
        self.url = url
        self.names = names
        self.broker = RabbitBroker(
            url,
            default_channel=Channel(on_return_raises=True),
            reconnect_interval=1.0,
            logger=broker_logger(),
            log_level=logging.DEBUG,
        )
        self._admin: AbstractRobustConnection | None = None

    def exchange(self) -> RabbitExchange:
        """The events exchange, as FastStream names it (declared by :meth:`declare`)."""
        return RabbitExchange(self.names.exchange, type=ExchangeType.TOPIC, durable=True)

    async def declare(self, timeout: float = DECLARE_TIMEOUT_S) -> None:
        try:
            await asyncio.wait_for(self._declare(), timeout)
        except aiormq.exceptions.ChannelPreconditionFailed as err:
            raise PermanentError(
                f"RabbitMQ has {self.names.planner_queue} with other settings: {err}"
            ) from err
        except Exception as err:
            raise TransientError(f"cannot reach RabbitMQ: {err or 'timed out'}") from err

    async def _declare(self) -> None:
        connection = await aio_pika.connect(self.url, timeout=5)
        async with connection, connection.channel() as channel:
            await _lay_out(channel, self.names)

    async def connect(self) -> None:
        await self.broker.connect()

    async def start(self) -> None:
        await self.broker.start()

    async def stop(self) -> None:
        await self.broker.stop()
        if self._admin is not None:
            await self._admin.close()
            self._admin = None

    async def ping(self, timeout: float) -> bool:
        return await self.broker.ping(timeout=timeout)

    async def publish(self, message: Message) -> None:
        """Publish and wait for RabbitMQ's confirm (the message is in the quorum queue)."""
        routing_key = subject_of(message)
        try:
            await self._confirmed(
                message.model_dump_json().encode(), self.exchange(), routing_key, message.message_id
            )
        except Exception as err:  # aio-pika/aiormq errors, timeouts, a nack
            raise TransientError(f"publishing {message.message_id} failed: {err}") from err

    async def publish_dead_letter(self, letter: DeadLetter, account: str) -> None:
        exchange = RabbitExchange(self.names.dead_exchange, type=ExchangeType.TOPIC, durable=True)
        await self._confirmed(
            letter.model_dump_json().encode(), exchange, f"{DEAD_LETTER}.{account}", None
        )

    async def _confirmed(
        self, body: bytes, exchange: RabbitExchange, routing_key: str, message_id: str | None
    ) -> None:
        answer = await self.broker.publish(
            body,
            exchange=exchange,
            routing_key=routing_key,
            mandatory=True,
            persist=True,
            message_id=message_id,
            content_type="application/json",
            timeout=PUBLISH_TIMEOUT_S,
        )
        if not isinstance(answer, Basic.Ack):
            raise TransientError(f"RabbitMQ did not confirm {routing_key}: {answer!r}")

    async def check_declared(self) -> None:
        for name in (self.names.planner_queue, self.names.dead_queue):
            await self._passive(name)

    async def planner_queue(self) -> QueueDepth:
        """Messages ready in the planner's queue; RabbitMQ's AMQP answer has no count of the
        delivered and unacknowledged ones (the management API has)."""
        ready = await self._passive(self.names.planner_queue)
        return QueueDepth(ready, None)

    async def _passive(self, name: str) -> int:
        """The ready count of queue ``name``; raises when there is no such queue."""
        if self._admin is None:
            self._admin = await aio_pika.connect_robust(self.url, timeout=5)
        async with self._admin.channel() as channel:
            queue = await channel.declare_queue(name, passive=True)
            count = queue.declaration_result.message_count
        return int(count or 0)


async def _lay_out(channel: AbstractChannel, names: Names) -> None:
    """The exchanges and quorum queues, declared (idempotent for the same settings)."""
    topic = aio_pika.ExchangeType.TOPIC
    events = await channel.declare_exchange(names.exchange, topic, durable=True)
    dead = await channel.declare_exchange(names.dead_exchange, topic, durable=True)
    arguments: FieldTable = {
        "x-queue-type": "quorum",
        "x-delivery-limit": DELIVERY_LIMIT,
        "x-dead-letter-exchange": names.dead_exchange,
    }  # quorum_arguments(names), typed for aio-pika
    planner = await channel.declare_queue(names.planner_queue, durable=True, arguments=arguments)
    await planner.bind(events, PLANNER_BINDING)
    letters = await channel.declare_queue(
        names.dead_queue, durable=True, arguments={"x-queue-type": "quorum"}
    )
    await letters.bind(dead, "#")


async def delete_layout(url: str, names: Names) -> None:
    """Remove the exchanges and queues of ``names`` (tests clean up after themselves)."""
    connection = await aio_pika.connect(url, timeout=5)
    async with connection, connection.channel() as channel:
        for queue in (names.planner_queue, names.dead_queue):
            await channel.queue_delete(queue)
        for exchange in (names.exchange, names.dead_exchange):
            await channel.exchange_delete(exchange)
