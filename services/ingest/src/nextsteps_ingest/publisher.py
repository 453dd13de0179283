"""Publishing a change set's messages and waiting until the broker acknowledged all of them
(a JetStream PubAck, a RabbitMQ publisher confirm, the id Redis's ``XADD`` answers with:
:mod:`nextsteps_shared.brokers`). Nothing here depends on which broker it is."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from nextsteps_shared.brokers import Bus
from nextsteps_shared.errors import TransientError
from nextsteps_shared.messages import Message

WINDOW = 64  # messages in flight at once (each waits for its acknowledgement)


class BrokerUnavailableError(TransientError):
    """The broker did not acknowledge a publish in time: nothing of that change set counts."""


class Publisher:
    """Publishes with de-duplication ids and a deadline per message."""

    def __init__(self, broker: Bus, timeout: float = 10.0) -> None:
        self._broker = broker
        self._timeout = timeout

    async def publish_all(self, messages: Sequence[Message]) -> None:
        """Return once every message is stored; raise BrokerUnavailableError otherwise.

        Messages about one event key never share a change set, so publishing a window of
        them concurrently keeps every event's order.
        """
        for start in range(0, len(messages), WINDOW):
            window = messages[start : start + WINDOW]
            outcomes = await asyncio.gather(
                *(self._one(message) for message in window), return_exceptions=True
            )
            failures = [o for o in outcomes if isinstance(o, BaseException)]
            if failures:
                raise BrokerUnavailableError(
                    f"{len(failures)} of {len(window)} messages not acknowledged: {failures[0]}"
                ) from failures[0]

    async def _one(self, message: Message) -> None:
        try:
            await asyncio.wait_for(self._broker.publish(message), self._timeout)
        except TimeoutError as err:
            raise TransientError(f"no acknowledgement for {message.message_id}") from err
