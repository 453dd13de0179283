"""The queue against a real nats-server: streams, de-duplicated publishing, decoding."""

from __future__ import annotations

import asyncio

import nats
import pytest
from tests.shared.bus_messages import SEEN, snapshot

from nextsteps_shared.bus import (
    UnreadableMessageError,
    create_broker,
    declare_streams,
    decode,
    publish,
    subject_of,
)
from nextsteps_shared.errors import TransientError
from nextsteps_shared.messages import InterviewRemoved, InterviewSnapshot, SourceKind
from nextsteps_shared.subjects import STREAM


async def _publish_and_count(url: str, messages: list[InterviewSnapshot]) -> int:
    await declare_streams(url)
    await declare_streams(url)  # a second declaration is harmless
    broker = create_broker(url)
    await broker.connect()
    try:
        for message in messages:
            await publish(broker, message)
    finally:
        await broker.stop()
    client = await nats.connect(url)
    try:
        info = await client.jetstream().stream_info(STREAM)
        return int(info.state.messages)
    finally:
        await client.close()


def test_the_same_message_is_stored_once(nats_url: str) -> None:
    before = asyncio.run(_publish_and_count(nats_url, []))
    after = asyncio.run(_publish_and_count(nats_url, [snapshot(1), snapshot(1), snapshot(2)]))
    assert after - before == 2


def test_publishing_to_no_broker_is_a_transient_error() -> None:
    async def attempt() -> None:
        broker = create_broker("nats://127.0.0.1:9")
        await publish(broker, snapshot(1))

    with pytest.raises(TransientError, match="publishing"):
        asyncio.run(attempt())


def test_subjects_carry_kind_and_account() -> None:
    removed = InterviewRemoved(
        account="acc1",
        calendar="cal",
        source=SourceKind.MEMORY,
        event_key="i1",
        revision=2,
        observed_at=SEEN,
        reason="deleted",
    )
    assert subject_of(snapshot(1)) == "nextsteps.events.interview_seen.acc1"
    assert subject_of(removed) == "nextsteps.events.interview_gone.acc1"


def test_decode_round_trips_and_explains_junk() -> None:
    assert decode(snapshot(3).model_dump_json()) == snapshot(3)
    with pytest.raises(UnreadableMessageError, match="kind"):
        decode(b'{"kind": "surprise"}')
    with pytest.raises(UnreadableMessageError):
        decode(b"\xff not json")


def test_declaring_streams_without_a_broker_fails_quickly() -> None:
    with pytest.raises(TransientError, match="cannot reach the broker"):
        asyncio.run(declare_streams("nats://127.0.0.1:9", timeout=3))
