"""Redis Streams (``redis://``, ``rediss://``): one stream of events, one consumer group.

Layout (names from :class:`~nextsteps_shared.brokers.Names`, behind ``broker_prefix``): every
event message is an entry of the stream ``nextsteps.events`` (fields ``subject``, ``body``,
``id``: the de-duplication id); the planners share its consumer group ``planner``, each
planner process a consumer of its own; an entry is deleted once the planner acknowledged it
(so the stream's length is what is still to do). Dead letters go to the stream
``nextsteps.dead`` (capped at :data:`DEAD_LETTERS_KEPT` entries, about).

Publishing is ``XADD``: it returns the entry's id once Redis applied it, and that is the
acknowledgement ingest waits for. Whether the entry survives a crash of Redis is Redis's
persistence setting (``appendonly yes`` with ``appendfsync always`` for no loss; the default
``everysec`` may lose the last second). Redis has no de-duplication window (idempotent
``XADD ... IDMP`` exists only in newer Redis than the 7.0 here): the planner makes a duplicate
a no-op.

nextsteps talks to Redis through redis-py (which FastStream's Redis support installs) rather
than through FastStream's stream subscriber: that acknowledges a batch as a whole and has no
per-message retry delay, both of which the planner needs (``nextsteps_planner.consumers.redis``).
"""

from __future__ import annotations

import asyncio
from typing import Final

import redis.asyncio as aioredis
import redis.exceptions
from redis.typing import EncodableT, FieldT

from nextsteps_shared.brokers import (
    DECLARE_TIMEOUT_S,
    PUBLISH_TIMEOUT_S,
    Names,
    QueueDepth,
    subject_of,
)
from nextsteps_shared.dead_letter import DeadLetter
from nextsteps_shared.errors import TransientError
from nextsteps_shared.messages import Message
from nextsteps_shared.subjects import DEAD_LETTER, PLANNER_DURABLE

DEAD_LETTERS_KEPT: Final = 100_000
SOCKET_TIMEOUT_S: Final = 10.0  # longer than any blocking read of the planner


def redis_client(url: str) -> aioredis.Redis:
    """A client for ``url`` (connects on first use, reconnects by itself)."""
    return aioredis.Redis.from_url(
        url,
        socket_connect_timeout=5,
        socket_timeout=SOCKET_TIMEOUT_S,
        health_check_interval=30,
    )


class RedisBus:
    """Redis Streams as a :class:`~nextsteps_shared.brokers.Bus`."""

    kind = "redis"

    def __init__(self, url: str, names: Names) -> None:
        self.url = url
        self.names = names
        self.client = redis_client(url)

    async def declare(self, timeout: float = DECLARE_TIMEOUT_S) -> None:
        """The stream and the planner's group (reading from the stream's start: a message
        published before the group existed is not skipped)."""
        try:
            await asyncio.wait_for(self._declare(), timeout)
        except (TimeoutError, OSError, redis.exceptions.RedisError) as err:
            raise TransientError(f"cannot reach Redis: {err or 'timed out'}") from err

    async def _declare(self) -> None:
        try:
            await self.client.xgroup_create(
                self.names.events_stream, PLANNER_DURABLE, id="0", mkstream=True
            )
        except redis.exceptions.ResponseError as err:
            if "BUSYGROUP" not in str(err):
                raise

    async def connect(self) -> None:
        await self.client.ping()

    async def start(self) -> None:
        await self.connect()

    async def stop(self) -> None:
        await self.client.aclose()

    async def ping(self, timeout: float) -> bool:
        try:
            return bool(await asyncio.wait_for(self.client.ping(), timeout))
        except (TimeoutError, OSError, redis.exceptions.RedisError):
            return False

    async def publish(self, message: Message) -> None:
        """``XADD``; returns once Redis answered with the entry's id."""
        fields: dict[FieldT, EncodableT] = {
            "subject": subject_of(message),
            "body": message.model_dump_json(),
            "id": message.message_id,
        }
        try:
            await asyncio.wait_for(
                self.client.xadd(self.names.events_stream, fields), PUBLISH_TIMEOUT_S
            )
        except (TimeoutError, OSError, redis.exceptions.RedisError) as err:
            raise TransientError(f"publishing {message.message_id} failed: {err}") from err

    async def publish_dead_letter(self, letter: DeadLetter, account: str) -> None:
        fields: dict[FieldT, EncodableT] = {
            "subject": f"{DEAD_LETTER}.{account}",
            "body": letter.model_dump_json(),
        }
        await self.client.xadd(self.names.dead_stream, fields, maxlen=DEAD_LETTERS_KEPT)

    async def check_declared(self) -> None:
        groups = await self.client.xinfo_groups(self.names.events_stream)
        if not any(_text(group["name"]) == PLANNER_DURABLE for group in groups):
            raise TransientError(f"no consumer group {PLANNER_DURABLE} on the events stream")

    async def planner_queue(self) -> QueueDepth:
        """Entries not delivered yet, and delivered and not acknowledged (acknowledged ones
        are deleted, so the stream's length counts both)."""
        await self.check_declared()
        async with self.client.pipeline(transaction=False) as pipe:
            pipe.xlen(self.names.events_stream)
            pipe.xpending(self.names.events_stream, PLANNER_DURABLE)
            length, pending = await pipe.execute()
        unanswered = int(pending["pending"])
        return QueueDepth(max(int(length) - unanswered, 0), unanswered)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


async def delete_streams(url: str, names: Names) -> None:
    """Remove the streams of ``names`` (tests clean up after themselves)."""
    client = redis_client(url)
    try:
        await client.delete(names.events_stream, names.dead_stream)
    finally:
        await client.aclose()
