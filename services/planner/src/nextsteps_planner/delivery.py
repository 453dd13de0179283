"""One delivery from the queue: applied and acknowledged, retried later, or dead-lettered.

Acknowledgement is manual. A transient failure is negatively acknowledged with a delay that
doubles with every delivery; the delivery that reaches ``Retry.max_deliveries``, a permanent
failure, or a message that cannot be read goes to the dead-letter stream at once (and is then
acknowledged); each dead letter published is also noted in ``planner_dead_letters`` for
``nextsteps status`` (see ``dead_letters``). Anything unexpected counts as transient: it is
retried, then dead-lettered.

While a message waits for the planner and is handled, it is reported in progress every
``HEARTBEAT_S``, so the consumer's ack wait can stay short: a message held by a planner that
died (SIGKILL, power loss) goes to the next planner within that wait, not minutes later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import dataclass

from faststream.nats import NatsBroker, NatsMessage

from nextsteps_planner.dead_letters import DeadLetterLog
from nextsteps_planner.planner import Planner
from nextsteps_shared.bus import decode, failed_now, publish_dead_letter
from nextsteps_shared.errors import PermanentError
from nextsteps_shared.subjects import EVENTS

_log = logging.getLogger(__name__)
_ACCOUNT = re.compile(r"^[a-z0-9][a-z0-9-]{2,40}$")
HEARTBEAT_S = 3.0


@dataclass(frozen=True)
class Retry:
    """How often and how patiently a failing message is tried."""

    max_deliveries: int = 5
    first_delay: float = 1.0
    max_delay: float = 60.0

    def delay(self, delivered: int) -> float:
        """Seconds before the next try after the ``delivered``-th one failed."""
        return float(min(self.first_delay * 2 ** max(delivered - 1, 0), self.max_delay))


def account_of(subject: str) -> str:
    """The account token that ends an events subject (``unknown`` when there is none)."""
    head, _, last = subject.rpartition(".")
    if head.count(".") != 2 or not head.startswith(EVENTS + "."):
        return "unknown"
    return last if _ACCOUNT.match(last) else "unknown"


class Delivery:
    """The consumer's handler: one message at a time through the planner."""

    def __init__(
        self,
        planner: Planner,
        broker: NatsBroker,
        retry: Retry,
        dead_letters: DeadLetterLog | None = None,
    ) -> None:
        self._planner = planner
        self._broker = broker
        self._retry = retry
        self._dead_letters = dead_letters or DeadLetterLog.for_settings(planner.settings)
        self.closing = False

    async def __call__(self, message: NatsMessage) -> None:
        heartbeat = asyncio.create_task(_keep_in_progress(message))
        try:
            async with self._planner.lock:
                if self.closing:  # shutting down: hand it back for the next run, at once
                    await message.nack()
                else:
                    await self._deliver(message)
        finally:
            heartbeat.cancel()

    async def _deliver(self, message: NatsMessage) -> None:
        raw = message.raw_message
        attempts = raw.metadata.num_delivered
        try:
            await self._planner.handle(decode(raw.data))
        except PermanentError as err:
            await self._give_up(message, err, attempts)
        except Exception as err:  # transient, or a surprise: try again later
            await self._failed(message, err, attempts)
        else:
            await message.ack()

    async def _failed(self, message: NatsMessage, err: Exception, attempts: int) -> None:
        if attempts >= self._retry.max_deliveries:
            await self._give_up(message, err, attempts)
            return
        delay = self._retry.delay(attempts)
        subject = message.raw_message.subject
        _log.warning("try %d of %s failed (%s); again in %.1fs", attempts, subject, err, delay)
        await message.nack(delay=delay)

    async def _give_up(self, message: NatsMessage, err: Exception, attempts: int) -> None:
        raw = message.raw_message
        _log.error("dead letter after %d tries: %s: %s", attempts, raw.subject, err)
        letter = failed_now(raw.subject, raw.data, err, attempts)
        account = account_of(raw.subject)
        try:
            await publish_dead_letter(self._broker, letter, account)
        except Exception as failure:  # the broker is away: keep the message for later
            _log.warning("dead letter not stored (%s); message kept", failure)
            await message.nack(delay=self._retry.max_delay)
            return
        try:
            self._dead_letters.record(letter, account)
        except Exception as failure:  # the stream holds it: status only misses one line
            _log.warning("dead letter of %s not noted for status (%s)", raw.subject, failure)
        await message.ack()


async def _keep_in_progress(message: NatsMessage) -> None:
    """Tell the broker every ``HEARTBEAT_S`` that ``message`` is still being worked on."""
    with contextlib.suppress(Exception):  # answered meanwhile, or the broker is away
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            await message.in_progress()
