"""The nats-py contract FastStream's pull loop relies on, against a real nats-server.

FastStream's batch consumer (the planner's delivery) keeps fetching until its batch is full and
stops on ``nats.errors.TimeoutError`` only. nats-py 2.15 and 2.16 let ``fetch`` raise a bare
``asyncio.TimeoutError`` when a short deadline runs out between the no-wait probe and the
lingering request (nats-io/nats.py#1008): FastStream's task then dies with the messages it already
held, and they come back only after ack_wait, one delivery attempt spent. Sub-millisecond timeouts
hit that window dozens of times in a few thousand fetches on this machine.
"""

from __future__ import annotations

import asyncio

import nats
import nats.errors
from nats.js.api import StorageType, StreamConfig

STREAM = "FETCH_TIMEOUTS"  # in memory and small: the session's server keeps its store bounded


async def _timeouts(url: str, fetches: int) -> list[type[BaseException]]:
    client = await nats.connect(url)
    try:
        stream = client.jetstream()
        config = StreamConfig(
            name=STREAM, subjects=["fetch-timeouts.>"], storage=StorageType.MEMORY, max_bytes=2**16
        )
        await stream.add_stream(config)
        pull = await stream.pull_subscribe("fetch-timeouts.x", "fetcher")
        raised: list[type[BaseException]] = []
        for number in range(fetches):
            try:
                await pull.fetch(5, timeout=0.0002 * (1 + number % 8))
            except TimeoutError as error:  # asyncio's and nats.errors' alike
                raised.append(type(error))
        await stream.delete_stream(STREAM)
        return raised
    finally:
        await client.close()


def test_fetch_times_out_with_the_error_faststream_catches(nats_url: str) -> None:
    raised = asyncio.run(_timeouts(nats_url, 2000))
    assert raised  # an empty consumer and sub-millisecond deadlines: timeouts happen
    bare = [kind for kind in raised if not issubclass(kind, nats.errors.TimeoutError)]
    assert not bare, f"{len(bare)} of {len(raised)} timeouts were not nats.errors.TimeoutError"
