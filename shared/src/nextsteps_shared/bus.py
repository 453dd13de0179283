"""The queue as both services use it: the broker, the streams, publishing and decoding.

Publishing waits for the broker's acknowledgement (a PubAck for JetStream) and sets
``Nats-Msg-Id`` to the message's de-duplication id, so a message published twice within the
stream's duplicate window is stored once (DESIGN.md §2, §5).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime
from typing import Annotated, Final

import nats
import nats.errors
from faststream.nats import JStream, NatsBroker
from nats.js.errors import BadRequestError
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from nextsteps_shared.errors import PermanentError, TransientError
from nextsteps_shared.messages import (
    FollowUpChanged,
    InterviewRemoved,
    InterviewSnapshot,
    Message,
)
from nextsteps_shared.subjects import (
    DEAD_FILTER,
    DEAD_LETTER,
    DEAD_STREAM,
    EVENTS_FILTER,
    FOLLOWUP_CHANGED,
    INTERVIEW_GONE,
    INTERVIEW_SEEN,
    STREAM,
)

DUPLICATE_WINDOW_S: Final = 6 * 3600.0
MAX_AGE_S: Final = 30 * 24 * 3600.0
MAX_BYTES: Final = 1 * 2**30

_MESSAGE: TypeAdapter[Message] = TypeAdapter(Annotated[Message, Field(discriminator="kind")])
_SUBJECTS: dict[type[BaseModel], str] = {
    InterviewSnapshot: INTERVIEW_SEEN,
    InterviewRemoved: INTERVIEW_GONE,
    FollowUpChanged: FOLLOWUP_CHANGED,
}


class UnreadableMessageError(PermanentError):
    """A message on the queue that is not one of ours (or of another schema version)."""


class DeadLetter(BaseModel):
    """A message the planner gave up on, kept with why, for ``nextsteps status``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: str
    body: str
    error: str
    attempts: int
    failed_at: AwareDatetime


def events_stream() -> JStream:
    """Where ingest publishes: file storage, bounded age and size, a wide duplicate window."""
    return JStream(
        name=STREAM,
        subjects=[EVENTS_FILTER],
        duplicate_window=DUPLICATE_WINDOW_S,
        max_age=MAX_AGE_S,
        max_bytes=MAX_BYTES,
    )


def dead_letter_stream() -> JStream:
    """Where messages go after their last failed try."""
    return JStream(name=DEAD_STREAM, subjects=[DEAD_FILTER], max_age=MAX_AGE_S, max_bytes=MAX_BYTES)


async def declare_streams(url: str, timeout: float = 10.0) -> None:
    """Create both streams, or bring an existing one to this configuration.

    Raises TransientError when the broker cannot be reached within ``timeout`` seconds.
    """
    try:
        await asyncio.wait_for(_declare(url), timeout)
    except (TimeoutError, OSError, nats.errors.Error) as err:
        raise TransientError(f"cannot reach the broker at {url}: {err or 'timed out'}") from err


async def _declare(url: str) -> None:
    client = await nats.connect(url, connect_timeout=5, allow_reconnect=False)
    try:
        context = client.jetstream()
        for stream in (events_stream(), dead_letter_stream()):
            config = replace(stream.config, subjects=list(stream.subjects))
            try:
                await context.add_stream(config)
            except BadRequestError:
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
        logger=_broker_logger(),
        log_level=logging.DEBUG,
    )


def _broker_logger() -> logging.Logger:
    logger = logging.getLogger("nextsteps.broker")
    debugging = logging.getLogger().getEffectiveLevel() <= logging.DEBUG
    logger.setLevel(logging.DEBUG if debugging else logging.WARNING)
    return logger


def subject_of(message: Message) -> str:
    """``nextsteps.events.<kind>.<account>``."""
    return f"{_SUBJECTS[type(message)]}.{message.account}"


async def publish(broker: NatsBroker, message: Message) -> None:
    """Publish and wait until the stream stored it (or recognised it as a duplicate)."""
    try:
        await broker.publish(
            message.model_dump_json().encode(),
            subject_of(message),
            headers={"Nats-Msg-Id": message.message_id},
            stream=STREAM,
            timeout=10,
        )
    except Exception as err:  # nats errors have no common base worth naming
        raise TransientError(f"publishing {message.message_id} failed: {err}") from err


async def publish_dead_letter(broker: NatsBroker, letter: DeadLetter, account: str) -> None:
    """Keep a message that failed for good, with the reason."""
    await broker.publish(
        letter.model_dump_json().encode(),
        f"{DEAD_LETTER}.{account}",
        stream=DEAD_STREAM,
        timeout=10,
    )


def decode(body: bytes | str) -> Message:
    """The message in ``body``; UnreadableMessageError says why when it is not one."""
    try:
        return _MESSAGE.validate_json(body)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "message"
        raise UnreadableMessageError(f"unreadable message ({where}: {first['msg']})") from err


def failed_now(subject: str, body: bytes, error: BaseException, attempts: int) -> DeadLetter:
    """A dead letter for ``body`` that failed with ``error`` after ``attempts`` tries."""
    return DeadLetter(
        subject=subject,
        body=body.decode("utf-8", "replace"),
        attempts=attempts,
        error=f"{type(error).__name__}: {error}",
        failed_at=datetime.now().astimezone(),
    )
