"""pytest fixtures for the brokers (registered from tests/conftest.py), and what tests need to
read back from each: raw publishes, dead letters, cleanup.

``broker`` runs a test once per broker: NATS JetStream (the session's nats-server), RabbitMQ
(the machine's server at :data:`RABBIT_URL`) and Redis (at :data:`REDIS_URL`). Every RabbitMQ
and Redis run gets names of its own (a random ``broker_prefix``), removed after the test.
When RabbitMQ or Redis cannot be reached those runs fail rather than skip: CI starts both
(.ci/run), so not reaching one is a broken setup.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import aio_pika
import nats
import pytest
import redis.asyncio as aioredis

from nextsteps_shared.brokers import Names
from nextsteps_shared.brokers.rabbit import delete_layout
from nextsteps_shared.brokers.redis import delete_streams
from nextsteps_shared.bus import DeadLetter, open_bus
from nextsteps_shared.subjects import DEAD_LETTER, DEAD_STREAM, STREAM

RABBIT_URL = os.environ.get("NEXTSTEPS_TEST_RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("NEXTSTEPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BROKERS = ("nats", "rabbit", "redis")


@dataclass(frozen=True)
class BrokerUnderTest:
    """One broker for one test: its kind, URL and name prefix."""

    kind: str
    url: str
    prefix: str = ""

    @property
    def names(self) -> Names:
        return Names(self.prefix)


async def _reach(kind: str, url: str) -> None:
    if kind == "rabbit":
        connection = await aio_pika.connect(url, timeout=5)
        await connection.close()
    else:
        client = aioredis.Redis.from_url(url, socket_connect_timeout=5)
        try:
            await client.ping()
        finally:
            await client.aclose()


def _server(kind: str, url: str, start: str) -> str:
    try:
        asyncio.run(_reach(kind, url))
    except Exception as err:
        pytest.fail(f"{kind} at {url} cannot be reached ({err}); start it: {start}", pytrace=False)
    return url


@pytest.fixture(scope="session")
def rabbit_url() -> str:
    """The machine's RabbitMQ (guest may not make vhosts: tests use name prefixes)."""
    return _server("rabbit", RABBIT_URL, "rabbitmq-server -detached")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The machine's Redis."""
    return _server("redis", REDIS_URL, "redis-server --daemonize yes (see .ci/run)")


@pytest.fixture(params=BROKERS)
def broker(request: pytest.FixtureRequest) -> Iterator[BrokerUnderTest]:
    """One test's broker: NATS, then RabbitMQ, then Redis (names of its own, removed after)."""
    kind: str = request.param
    url: str = request.getfixturevalue(f"{kind}_url")
    if kind == "nats":
        yield BrokerUnderTest(kind, url)
        return
    under_test = BrokerUnderTest(kind, url, f"t{uuid.uuid4().hex[:10]}.")
    try:
        yield under_test
    finally:
        asyncio.run(remove(under_test))


async def remove(broker: BrokerUnderTest) -> None:
    """Remove what the test made on RabbitMQ or Redis."""
    if broker.kind == "rabbit":
        await delete_layout(broker.url, broker.names)
    elif broker.kind == "redis":
        await delete_streams(broker.url, broker.names)


async def publish_raw(broker: BrokerUnderTest, subject: str, body: bytes) -> None:
    """Put ``body`` on the planner's queue as ingest would, not checked by anything."""
    bus = open_bus(broker.url, broker.prefix)
    await bus.declare()
    if broker.kind == "nats":
        client = await nats.connect(broker.url)
        try:
            await client.jetstream().publish(subject, body, stream=STREAM)
        finally:
            await client.close()
    elif broker.kind == "rabbit":
        connection = await aio_pika.connect(broker.url)
        async with connection, connection.channel() as channel:
            exchange = await channel.get_exchange(broker.names.exchange)
            await exchange.publish(aio_pika.Message(body), routing_key=subject)
    else:
        client = aioredis.Redis.from_url(broker.url)
        try:
            await client.xadd(broker.names.events_stream, {"subject": subject, "body": body})
        finally:
            await client.aclose()


async def dead_letters(broker: BrokerUnderTest, account: str) -> list[DeadLetter]:
    """The dead letters kept for ``account``, oldest first."""
    subject = f"{DEAD_LETTER}.{account}"
    if broker.kind == "nats":
        bodies = await _nats_dead(broker.url, subject)
    elif broker.kind == "rabbit":
        bodies = await _rabbit_dead(broker, subject)
    else:
        bodies = await _redis_dead(broker, subject)
    return [DeadLetter.model_validate_json(body) for body in bodies]


async def _nats_dead(url: str, subject: str) -> list[bytes]:
    client = await nats.connect(url)
    try:
        subscription = await client.jetstream().pull_subscribe(subject, stream=DEAD_STREAM)
        bodies: list[bytes] = []
        with contextlib.suppress(TimeoutError):
            bodies = [message.data for message in await subscription.fetch(100, timeout=0.5)]
        await subscription.unsubscribe()
        return bodies
    finally:
        await client.close()


async def _rabbit_dead(broker: BrokerUnderTest, subject: str) -> list[bytes]:
    """Read without taking: every message is returned to the queue after."""
    connection = await aio_pika.connect(broker.url)
    async with connection, connection.channel() as channel:
        queue = await channel.get_queue(broker.names.dead_queue)
        taken = []
        while (message := await queue.get(fail=False, timeout=5)) is not None:
            taken.append(message)
        bodies = [m.body for m in taken if m.routing_key == subject]
        for message in taken:
            await message.nack(requeue=True)
        return bodies


async def _redis_dead(broker: BrokerUnderTest, subject: str) -> list[bytes]:
    client = aioredis.Redis.from_url(broker.url)
    try:
        entries = await client.xrange(broker.names.dead_stream)
    finally:
        await client.aclose()
    return [fields[b"body"] for _, fields in entries if fields[b"subject"] == subject.encode()]
