"""The planner on Redis Streams: the consumer group ``planner`` of the events stream, each
planner process a consumer of its own (:func:`consumer_name`).

New entries come with ``XREADGROUP ... >`` (up to ``Batching.size``, blocking at most
``Batching.wait_s``). Redis keeps every delivered, unacknowledged entry in the group's pending
list with its delivery count and idle time; there is no "nack", so this consumer builds retries
and hand-overs from those two:

- acknowledged: ``XACK`` and ``XDEL`` (the stream holds only what is still to do);
- retry after ``delay`` (a failure, or a batch handed back at stop): the entry is moved to
  the pseudo-consumer :data:`WAITING` with its idle time set to ``HORIZON_MS - delay``
  (``XCLAIM ... IDLE ... JUSTID``, which does not count a delivery), so it is due when its
  idle time reaches :data:`HORIZON_MS`;
- still working on it: ``XCLAIM`` to itself with ``JUSTID`` (the idle time starts again);
- every :data:`RECLAIM_EVERY_S` the consumer looks at the pending list (``XPENDING`` with an
  idle filter) and claims (``XCLAIM``, which counts a delivery) the entries that are due: a
  waiting one past its delay, or one held by any planner that stayed silent for the ack wait
  (it died). The delivery count after the claim is the delivery's ``num_delivered``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from typing import Any, Final

from nextsteps_planner.consumers import Batching
from nextsteps_planner.delivery import Delivery
from nextsteps_shared.brokers.redis import RedisBus
from nextsteps_shared.subjects import PLANNER_DURABLE

_log = logging.getLogger(__name__)

WAITING: Final = "waiting-for-retry"
HORIZON_MS: Final = 3_600_000  # longer than any retry delay plus the ack wait
RECLAIM_EVERY_S: Final = 0.1
PENDING_LOOKED_AT: Final = 1000  # pending entries read per look
STOP_TIMEOUT_S: Final = 2.0


def consumer_name() -> str:
    """This process's consumer in the group: host, pid and a random part."""
    return f"planner-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class RedisReceived:
    """A stream entry as the planner's :class:`~nextsteps_planner.received.Received`."""

    def __init__(
        self, entry: str, fields: dict[bytes, bytes], delivered: int, consumer: RedisConsumer
    ) -> None:
        self.entry = entry
        self._fields = fields
        self._delivered = delivered
        self._consumer = consumer
        self._answered = False

    @property
    def subject(self) -> str:
        return self._fields.get(b"subject", b"").decode("utf-8", "replace")

    @property
    def data(self) -> bytes:
        return self._fields.get(b"body", b"")

    @property
    def metadata(self) -> RedisReceived:
        return self

    @property
    def num_delivered(self) -> int:
        return self._delivered

    @property
    def is_acked(self) -> bool:
        return self._answered

    async def ack(self) -> None:
        self._answered = True
        await self._consumer.acknowledge(self.entry)

    async def nak(self, delay: float | None = None) -> None:
        self._answered = True
        await self._consumer.retry_later(self.entry, delay or 0.0)

    async def in_progress(self) -> None:
        await self._consumer.keep(self.entry)


class RedisConsumer:
    """Reads, reclaims and answers the planner's entries of the events stream."""

    def __init__(self, bus: RedisBus, delivery: Delivery, batching: Batching) -> None:
        self._bus = bus
        self._client = bus.client
        self._stream = bus.names.events_stream
        self._delivery = delivery
        self._batching = batching
        self.name = consumer_name()
        self._loop: asyncio.Task[None] | None = None
        self._stopping = False
        self._looked = 0.0

    async def start(self) -> None:
        await self._bus.start()
        self._loop = asyncio.create_task(self._batches())

    async def _batches(self) -> None:
        while not self._stopping:
            try:
                await self._next_batch()
            except Exception as err:  # Redis away: unanswered entries come back after the wait
                _log.warning("the events stream failed (%s); again in 1 s", err)
                await asyncio.sleep(1.0)

    async def _next_batch(self) -> None:
        batch = await self._due() or await self._new()
        if batch and self._stopping:
            await self._delivery.handover.give_back(batch)
        elif batch:
            await self._delivery(batch)

    async def _new(self) -> list[RedisReceived]:
        answer: Any = await self._client.xreadgroup(
            PLANNER_DURABLE,
            self.name,
            {self._stream: ">"},
            count=self._batching.size,
            block=max(1, int(self._batching.wait_s * 1000)),
        )
        return [
            RedisReceived(_text(entry), fields, 1, self)
            for _, entries in answer or []
            for entry, fields in entries
            if fields is not None
        ]

    async def _due(self) -> list[RedisReceived]:
        """Pending entries whose time came (see the module), claimed by this consumer."""
        if time.monotonic() - self._looked < RECLAIM_EVERY_S:
            return []
        self._looked = time.monotonic()
        ack_wait_ms = int(self._batching.ack_wait_s * 1000)
        pending: Any = await self._client.xpending_range(
            self._stream, PLANNER_DURABLE, "-", "+", PENDING_LOOKED_AT, idle=ack_wait_ms
        )
        due: dict[str, int] = {}
        for entry in pending:
            waiting = _text(entry["consumer"]) == WAITING
            if not waiting or entry["time_since_delivered"] >= HORIZON_MS:
                due[_text(entry["message_id"])] = int(entry["times_delivered"]) + 1
            if len(due) >= self._batching.size:
                break
        return await self._claim(due, ack_wait_ms) if due else []

    async def _claim(self, due: dict[str, int], min_idle_ms: int) -> list[RedisReceived]:
        claimed: Any = await self._client.xclaim(
            self._stream, PLANNER_DURABLE, self.name, min_idle_ms, list(due)
        )
        return [
            RedisReceived(_text(entry), fields, due[_text(entry)], self)
            for entry, fields in claimed
            if fields is not None
        ]

    async def acknowledge(self, entry: str) -> None:
        """Done: acknowledged and deleted, in one round trip."""
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.xack(self._stream, PLANNER_DURABLE, entry)
            pipe.xdel(self._stream, entry)
            await pipe.execute()

    async def retry_later(self, entry: str, delay: float) -> None:
        """Park ``entry`` with :data:`WAITING`, due in ``delay`` seconds."""
        idle = max(0, HORIZON_MS - int(delay * 1000))
        await self._client.xclaim(
            self._stream, PLANNER_DURABLE, WAITING, 0, [entry], idle=idle, justid=True
        )

    async def keep(self, entry: str) -> None:
        """Still working on ``entry``: its idle time starts again (no delivery counted)."""
        await self._client.xclaim(self._stream, PLANNER_DURABLE, self.name, 0, [entry], justid=True)

    async def stop(self) -> None:
        """Finish the read in flight (what it brought is handed back), then disconnect."""
        self._stopping = True
        if self._loop is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._loop), STOP_TIMEOUT_S)
            except TimeoutError:
                self._loop.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._loop
        await self._bus.stop()

    async def drained(self) -> bool:
        depth = await self._bus.planner_queue()
        return depth.waiting == 0 and not depth.unanswered


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
