"""One batch from the queue: each message applied and acknowledged, retried later, or
dead-lettered.

Acknowledgement is manual. A transient failure is negatively acknowledged with a delay that
doubles with every delivery; the delivery that reaches ``Retry.max_deliveries``, a permanent
failure, or a message that cannot be read goes to the dead-letter stream at once (and is then
acknowledged); each dead letter published is also noted in ``planner_dead_letters`` for
``nextsteps status`` (see ``dead_letters``). Anything unexpected counts as transient: it is
retried, then dead-lettered.

A batch goes through the planner at once (:meth:`Planner.handle_all`), and each message is
answered on its own: one message failing does not hold back the others.

While a batch waits for the planner and is handled, it is reported in progress every
``HEARTBEAT_S``, so the consumer's ack wait can stay short: a message held by a planner that
died (SIGKILL, power loss) goes to the next planner within that wait, not minutes later.
A planner that stops on purpose waits for no wait at all: whatever it fetched and did not
finish is handed back at once (:mod:`handover`).

Each answer is counted (``nextsteps_messages_total`` by outcome, ``nextsteps_dead_letters_total``,
``nextsteps_errors_total`` by error family: :mod:`nextsteps_shared.ops.metrics`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nextsteps_planner.dead_letters import DeadLetterLog
from nextsteps_planner.handover import Handover
from nextsteps_planner.planner import Planner
from nextsteps_planner.received import Received
from nextsteps_shared.brokers import Bus
from nextsteps_shared.bus import decode, failed_now
from nextsteps_shared.errors import PermanentError
from nextsteps_shared.messages import Message
from nextsteps_shared.ops.metrics import DEAD_LETTERS, MESSAGES, count_error
from nextsteps_shared.subjects import EVENTS

_log = logging.getLogger(__name__)
_ACCOUNT = re.compile(r"^[a-z0-9][a-z0-9-]{2,40}$")
HEARTBEAT_S = 3.0
HAND_BACK_DELAY_S = 0.25  # longer than a pull request lives (service.BATCH_WAIT_S)


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
    """The consumer's handler: each batch of messages through the planner at once."""

    def __init__(
        self,
        planner: Planner,
        broker: Bus,
        retry: Retry,
        dead_letters: DeadLetterLog | None = None,
    ) -> None:
        self._planner = planner
        self._broker = broker
        self._retry = retry
        self._dead_letters = dead_letters or DeadLetterLog.for_settings(planner.settings)
        self.handover = Handover(HAND_BACK_DELAY_S)

    async def __call__(self, batch: Sequence[Received]) -> None:
        self.handover.taken(batch)
        heartbeat = asyncio.create_task(_keep_in_progress(batch))
        try:
            async with self._planner.lock:
                if self.handover.closing:  # shutting down: hand them back, for another planner
                    await self.handover.give_back(batch)
                else:
                    await self._deliver(batch)
        finally:
            heartbeat.cancel()

    async def _deliver(self, batch: Sequence[Received]) -> None:
        readable: list[tuple[Received, Message]] = []
        for raw in batch:
            try:
                readable.append((raw, decode(raw.data)))
            except PermanentError as err:
                count_error("message", err)
                await self._give_up(raw, err)
        outcomes = await self._planner.handle_all([message for _, message in readable])
        for (raw, _), error in zip(readable, outcomes, strict=True):
            await self._answer(raw, error)

    async def _answer(self, raw: Received, error: BaseException | None) -> None:
        if error is None:
            await raw.ack()
            MESSAGES.labels(outcome="acked").inc()
            return
        count_error("message", error)
        if isinstance(error, PermanentError):
            await self._give_up(raw, error)
        else:  # transient, or a surprise: try again later
            await self._failed(raw, error)

    async def _failed(self, raw: Received, err: BaseException) -> None:
        attempts = raw.metadata.num_delivered
        if attempts >= self._retry.max_deliveries:
            await self._give_up(raw, err)
            return
        delay = self._retry.delay(attempts)
        _log.warning("try %d of %s failed (%s); again in %.1fs", attempts, raw.subject, err, delay)
        await raw.nak(delay=delay)
        MESSAGES.labels(outcome="retried").inc()

    async def _give_up(self, raw: Received, err: BaseException) -> None:
        attempts = raw.metadata.num_delivered
        _log.error("dead letter after %d tries: %s: %s", attempts, raw.subject, err)
        letter = failed_now(raw.subject, raw.data, err, attempts)
        account = account_of(raw.subject)
        try:
            await self._broker.publish_dead_letter(letter, account)
        except Exception as failure:  # the broker is away: keep the message for later
            _log.warning("dead letter not stored (%s); message kept", failure)
            await raw.nak(delay=self._retry.max_delay)
            return
        try:
            self._dead_letters.record(letter, account)
        except Exception as failure:  # the stream holds it: status only misses one line
            _log.warning("dead letter of %s not noted for status (%s)", raw.subject, failure)
        await raw.ack()
        DEAD_LETTERS.inc()
        MESSAGES.labels(outcome="dead_lettered").inc()


async def _keep_in_progress(batch: Sequence[Received]) -> None:
    """Tell the broker every ``HEARTBEAT_S`` that the batch is still being worked on."""
    with contextlib.suppress(Exception):  # answered meanwhile, or the broker is away
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            for raw in batch:
                if not raw.is_acked:
                    await raw.in_progress()
