"""The brokers behind one interface (``nextsteps_shared.brokers``), against the real servers:
the URL picks the broker, declaring is idempotent, a publish returns only once the broker
took the message, a broker that is away is a TransientError, and RabbitMQ refuses a message
no queue would take rather than dropping it."""

from __future__ import annotations

import asyncio

import aio_pika
import pytest
from tests.servers.brokers import BrokerUnderTest
from tests.shared.bus_messages import snapshot

from nextsteps_shared.brokers.nats import NatsBus
from nextsteps_shared.brokers.rabbit import RabbitBus
from nextsteps_shared.brokers.redis import RedisBus
from nextsteps_shared.bus import Bus, open_bus
from nextsteps_shared.errors import SettingsError, TransientError


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("nats://127.0.0.1:4222", NatsBus),
        ("amqp://guest:guest@127.0.0.1:5672/", RabbitBus),
        ("amqps://broker.example:5671/", RabbitBus),
        ("redis://127.0.0.1:6379/0", RedisBus),
        ("rediss://cache.example:6380", RedisBus),
    ],
)
def test_the_url_scheme_picks_the_broker(url: str, kind: type) -> None:
    assert isinstance(open_bus(url), kind)


@pytest.mark.parametrize("url", ["kafka://127.0.0.1:9092", "127.0.0.1:4222", "http://x"])
def test_an_unknown_scheme_is_a_settings_error(url: str) -> None:
    with pytest.raises(SettingsError, match="broker_url must start with"):
        open_bus(url)


def test_a_prefix_with_other_characters_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="broker_prefix"):
        open_bus("redis://127.0.0.1:6379", "my prefix")


async def _published(broker: BrokerUnderTest, count: int) -> int:
    bus = open_bus(broker.url, broker.prefix)
    await bus.declare()
    await bus.declare()  # a second declaration is harmless
    await bus.connect()
    try:
        await bus.check_declared()
        for revision in range(1, count + 1):
            await bus.publish(snapshot(revision))
        return (await bus.planner_queue()).waiting
    finally:
        await bus.stop()


@pytest.mark.parametrize("broker", ["rabbit", "redis"], indirect=True)
def test_a_publish_returns_once_the_broker_holds_the_message(broker: BrokerUnderTest) -> None:
    assert asyncio.run(_published(broker, 3)) == 3


@pytest.mark.parametrize("url", ["amqp://guest:guest@127.0.0.1:9/", "redis://127.0.0.1:9/0"])
def test_a_broker_that_is_away_is_a_transient_error(url: str) -> None:
    bus = open_bus(url, "away.")
    with pytest.raises(TransientError, match="cannot reach"):
        asyncio.run(bus.declare(timeout=3))


async def _missing(bus: Bus) -> None:
    await bus.connect()
    try:
        await bus.check_declared()
    finally:
        await bus.stop()


@pytest.mark.parametrize("broker", ["rabbit", "redis"], indirect=True)
def test_a_missing_layout_is_seen(broker: BrokerUnderTest) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 (aio-pika's 404, or ours)
        asyncio.run(_missing(open_bus(broker.url, broker.prefix)))


async def _publish_without_queue(broker: BrokerUnderTest) -> None:
    bus = open_bus(broker.url, broker.prefix)
    await bus.declare()
    connection = await aio_pika.connect(broker.url)
    async with connection, connection.channel() as channel:
        await channel.queue_delete(broker.names.planner_queue)
    await bus.connect()
    try:
        await bus.publish(snapshot(1))
    finally:
        await bus.stop()


@pytest.mark.parametrize("broker", ["rabbit"], indirect=True)
def test_rabbitmq_refuses_a_message_no_queue_takes(broker: BrokerUnderTest) -> None:
    with pytest.raises(TransientError, match="NO_ROUTE"):
        asyncio.run(_publish_without_queue(broker))
