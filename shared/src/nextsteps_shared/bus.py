"""The queue as both services use it: the broker picked by its URL, publishing and decoding.

:func:`open_bus` reads the broker URL's scheme and gives the :class:`~brokers.Bus` of that
broker: NATS JetStream (``nats://``, the default), RabbitMQ (``amqp://``, ``amqps://``) or
Redis Streams (``redis://``, ``rediss://``). Whatever the broker, publishing returns only once
the broker acknowledged the message, and every message carries its de-duplication id
(``Message.message_id``). How each broker keeps each guarantee: docs/architecture.md,
"Brokers". The NATS helpers (``create_broker``, ``declare_streams``, ``publish``, the
streams) stay importable from here, for the tools and tests that speak NATS only.
"""

from __future__ import annotations

from typing import Annotated, Final

from pydantic import Field, TypeAdapter, ValidationError

from nextsteps_shared.brokers import Bus, Names, QueueDepth, subject_of
from nextsteps_shared.brokers.nats import (
    DUPLICATE_WINDOW_S,
    MAX_AGE_S,
    MAX_BYTES,
    NatsBus,
    create_broker,
    dead_letter_stream,
    declare_streams,
    events_stream,
    publish,
    publish_dead_letter,
)
from nextsteps_shared.brokers.rabbit import RabbitBus
from nextsteps_shared.brokers.redis import RedisBus
from nextsteps_shared.dead_letter import DeadLetter, failed_now
from nextsteps_shared.errors import PermanentError, SettingsError
from nextsteps_shared.messages import Message

__all__ = [
    "DUPLICATE_WINDOW_S",
    "MAX_AGE_S",
    "MAX_BYTES",
    "Bus",
    "DeadLetter",
    "Names",
    "QueueDepth",
    "UnreadableMessageError",
    "broker_kind",
    "create_broker",
    "dead_letter_stream",
    "declare_streams",
    "decode",
    "events_stream",
    "failed_now",
    "open_bus",
    "publish",
    "publish_dead_letter",
    "subject_of",
]

KINDS: Final = {
    "nats": "nats",
    "tls": "nats",
    "amqp": "rabbit",
    "amqps": "rabbit",
    "redis": "redis",
    "rediss": "redis",
}

_MESSAGE: TypeAdapter[Message] = TypeAdapter(Annotated[Message, Field(discriminator="kind")])


class UnreadableMessageError(PermanentError):
    """A message on the queue that is not one of ours (or of another schema version)."""


def broker_kind(url: str) -> str:
    """``nats``, ``rabbit`` or ``redis``, from the URL's scheme; SettingsError otherwise."""
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme not in KINDS:
        raise SettingsError(
            "broker_url must start with nats://, amqp://, amqps://, redis:// or rediss:// "
            f"(not {scheme + '://' if scheme else 'a URL without a scheme'})"
        )
    return KINDS[scheme]


def open_bus(url: str, prefix: str = "", replicas: int = 1) -> Bus:
    """The broker at ``url`` (not connected yet); ``prefix``: the ``broker_prefix`` setting,
    ``replicas``: ``broker_replicas`` (NATS only)."""
    names = Names(prefix)
    kind = broker_kind(url)
    if kind == "rabbit":
        return RabbitBus(url, names)
    if kind == "redis":
        return RedisBus(url, names)
    return NatsBus(url, names, replicas)


def decode(body: bytes | str) -> Message:
    """The message in ``body``; UnreadableMessageError says why when it is not one."""
    try:
        return _MESSAGE.validate_json(body)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "message"
        raise UnreadableMessageError(f"unreadable message ({where}: {first['msg']})") from err
