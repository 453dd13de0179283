"""A message the planner received, whatever the broker: what :mod:`delivery` needs of it.

nats-py's ``Msg`` is one as it is (the names are JetStream's); the RabbitMQ and Redis
consumers (:mod:`consumers`) wrap their messages to match:

- ``metadata.num_delivered``: which delivery this is (1 for the first);
- ``ack()``: done, never again; ``nak(delay)``: try again, not before ``delay`` seconds;
- ``in_progress()``: still working on it (the broker must not give it to another planner);
- ``is_acked``: answered already (acknowledged or handed back).
"""

from __future__ import annotations

from typing import Protocol


class DeliveryCount(Protocol):
    """How often the message was delivered, this delivery included."""

    @property
    def num_delivered(self) -> int: ...


class Received(Protocol):
    """One received message (see the module)."""

    @property
    def subject(self) -> str: ...

    @property
    def data(self) -> bytes: ...

    @property
    def metadata(self) -> DeliveryCount: ...

    @property
    def is_acked(self) -> bool: ...

    async def ack(self) -> None: ...

    async def nak(self, delay: float | None = None) -> None: ...

    async def in_progress(self) -> None: ...
