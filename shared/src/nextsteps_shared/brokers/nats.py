"""NATS JetStream, the default broker (``nats://``): two streams and publishing with a PubAck.

Publishing waits for the broker's acknowledgement (a PubAck) and sets ``Nats-Msg-Id`` to the
message's de-duplication id, so a message published twice within the stream's duplicate
window is stored once (DESIGN.md §2, §5). The planner's durable pull consumer is made by its
subscriber (``nextsteps_planner.consumers.nats``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Final

import nats
import nats.errors
from faststream.nats import JStream, NatsBroker
from nats.js.errors import APIError, BadRequestError, ServiceUnavailableError

from nextsteps_shared.brokers import (
    DECLARE_TIMEOUT_S,
    PUBLISH_TIMEOUT_S,
    Names,
    QueueDepth,
    subject_of,
)
from nextsteps_shared.dead_letter import DeadLetter
from nextsteps_shared.errors import SettingsError, TransientError
from nextsteps_shared.messages import Message
from nextsteps_shared.subjects import (
    DEAD_FILTER,
    DEAD_LETTER,
    DEAD_STREAM,
    EVENTS_FILTER,
    PLANNER_DURABLE,
    STREAM,
)

DUPLICATE_WINDOW_S: Final = 6 * 3600.0
MAX_AGE_S: Final = 30 * 24 * 3600.0
MAX_BYTES: Final = 1 * 2**30
STREAM_NAME_IN_USE: Final = 10058  # JetStream's error code: the stream exists (with another config)


def events_stream(replicas: int = 1) -> JStream:
    """Where ingest publishes: file storage, bounded age and size, a wide duplicate window,
    kept on ``replicas`` servers of a cluster."""
    return JStream(
        name=STREAM,
        subjects=[EVENTS_FILTER],
        duplicate_window=DUPLICATE_WINDOW_S,
        max_age=MAX_AGE_S,
        max_bytes=MAX_BYTES,
        num_replicas=replicas,
    )


def dead_letter_stream(replicas: int = 1) -> JStream:
    """Where messages go after their last failed try (on ``replicas`` servers)."""
    return JStream(
        name=DEAD_STREAM,
        subjects=[DEAD_FILTER],
        max_age=MAX_AGE_S,
        max_bytes=MAX_BYTES,
        num_replicas=replicas,
    )


async def declare_streams(url: str, timeout: float = DECLARE_TIMEOUT_S, replicas: int = 1) -> None:
    """Create both streams on ``replicas`` servers, or bring an existing one to this
    configuration.

    Raises TransientError when the broker cannot be reached within ``timeout`` seconds, and
    SettingsError when it refuses the configuration (e.g. replicas on a server not clustered).
    """
    try:
        await asyncio.wait_for(_declare(url, replicas), timeout)
    except ServiceUnavailableError as err:
        raise TransientError(f"the broker at {url} has no JetStream yet: {err}") from err
    except APIError as err:
        raise SettingsError(
            f"the broker at {url} refuses the streams on {replicas} server(s): "
            f"{err.description} (setting broker_replicas)"
        ) from err
    except (TimeoutError, OSError, nats.errors.Error) as err:
        raise TransientError(f"cannot reach the broker at {url}: {err or 'timed out'}") from err


async def _declare(url: str, replicas: int) -> None:
    client = await nats.connect(url, connect_timeout=5, allow_reconnect=False)
    try:
        context = client.jetstream()
        for stream in (events_stream(replicas), dead_letter_stream(replicas)):
            config = replace(stream.config, subjects=list(stream.subjects))
            try:
                await context.add_stream(config)
            except BadRequestError as err:
                if err.err_code != STREAM_NAME_IN_USE:
                    raise  # refused for itself (placement, storage): say so, not "not found"
                await context.update_stream(config)
    finally:
        await client.close()


def create_broker(url: str) -> NatsBroker:
    """A broker for ``url`` (not connected yet); reconnects for ever with a short wait.

    FastStream's own lines (one per message received and processed, its task callbacks) go
    to the ``nextsteps.broker`` logger, shown only when the log level is DEBUG; its warnings
    and errors always."""
    return NatsBroker(
        url,
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        connect_timeout=5,
        logger=broker_logger(),
        log_level=logging.DEBUG,
    )


def broker_logger() -> logging.Logger:
    """``nextsteps.broker``: FastStream's lines, at DEBUG only unless they are warnings."""
    logger = logging.getLogger("nextsteps.broker")
    debugging = logging.getLogger().getEffectiveLevel() <= logging.DEBUG
    logger.setLevel(logging.DEBUG if debugging else logging.WARNING)
    return logger


async def publish(broker: NatsBroker, message: Message) -> None:
    """Publish and wait until the stream stored it (or recognised it as a duplicate)."""
    try:
        await broker.publish(
            message.model_dump_json().encode(),
            subject_of(message),
            headers={"Nats-Msg-Id": message.message_id},
            stream=STREAM,
            timeout=PUBLISH_TIMEOUT_S,
        )
    except Exception as err:  # nats errors have no common base worth naming
        raise TransientError(f"publishing {message.message_id} failed: {err}") from err


async def publish_dead_letter(broker: NatsBroker, letter: DeadLetter, account: str) -> None:
    """Keep a message that failed for good, with the reason."""
    await broker.publish(
        letter.model_dump_json().encode(),
        f"{DEAD_LETTER}.{account}",
        stream=DEAD_STREAM,
        timeout=PUBLISH_TIMEOUT_S,
    )


class NatsBus:
    """NATS JetStream as a :class:`~nextsteps_shared.brokers.Bus`."""

    kind = "nats"

    def __init__(self, url: str, names: Names, replicas: int = 1) -> None:
        self.url = url
        self.names = names
        self.replicas = replicas
        self.broker = create_broker(url)

    async def declare(self, timeout: float = DECLARE_TIMEOUT_S) -> None:
        await declare_streams(self.url, timeout, self.replicas)

    async def connect(self) -> None:
        await self.broker.connect()

    async def start(self) -> None:
        await self.broker.start()

    async def stop(self) -> None:
        await self.broker.stop()

    async def ping(self, timeout: float) -> bool:
        return await self.broker.ping(timeout=timeout)

    async def publish(self, message: Message) -> None:
        await publish(self.broker, message)

    async def publish_dead_letter(self, letter: DeadLetter, account: str) -> None:
        await publish_dead_letter(self.broker, letter, account)

    async def check_declared(self) -> None:
        streams = self.broker.connection.jetstream()
        for name in (STREAM, DEAD_STREAM):
            await streams.stream_info(name)

    async def planner_queue(self) -> QueueDepth:
        streams = self.broker.connection.jetstream()
        info = await streams.consumer_info(STREAM, PLANNER_DURABLE)
        return QueueDepth(info.num_pending or 0, info.num_ack_pending or 0)
