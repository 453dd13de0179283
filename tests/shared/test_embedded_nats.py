"""The embedded broker: a real nats-server with JetStream, store in the data dir, one at a time."""

from __future__ import annotations

import asyncio
from pathlib import Path

import nats
import pytest

from nextsteps_shared.embedded_nats import BrokerInUseError, EmbeddedNats


async def _publish_twice_and_count(url: str) -> int:
    client = await nats.connect(url)
    try:
        stream = client.jetstream()
        await stream.add_stream(name="T", subjects=["t.>"])
        for _ in range(2):
            await stream.publish("t.x", b"hello", headers={"Nats-Msg-Id": "same-id"})
        info = await stream.stream_info("T")
        return int(info.state.messages)
    finally:
        await client.close()


async def _count(url: str) -> int:
    client = await nats.connect(url)
    try:
        return int((await client.jetstream().stream_info("T")).state.messages)
    finally:
        await client.close()


def test_jetstream_deduplicates_and_keeps_its_store(tmp_path: Path) -> None:
    with EmbeddedNats(tmp_path) as broker:
        assert asyncio.run(_publish_twice_and_count(broker.url)) == 1
    assert (tmp_path / "nats" / "jetstream").is_dir()
    with EmbeddedNats(tmp_path) as again:
        assert asyncio.run(_count(again.url)) == 1


def test_second_broker_on_same_store_is_refused(tmp_path: Path) -> None:
    with EmbeddedNats(tmp_path), pytest.raises(BrokerInUseError, match="in use"):
        EmbeddedNats(tmp_path).start()
    with EmbeddedNats(tmp_path) as after:  # the lock was released on stop
        assert after.url.startswith("nats://127.0.0.1:")
