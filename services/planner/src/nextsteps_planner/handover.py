"""Handing messages back when the planner stops, so another planner takes them at once.

FastStream's pull loop fetches a batch from the durable consumer, then hands it to the
handler (:mod:`delivery`). When the service stops, the batch in hand is finished and
acknowledged; but the loop may be in the middle of a fetch, or hold messages it fetched and
has not handed over yet (FastStream drops a batch fetched while its subscriber stops, and
cancels a fetch in flight). JetStream counts those as delivered and would give them to another
planner only after the consumer's ack wait.

:class:`Handover` wraps the subscription's ``fetch``. Once it is closing, the next fetch makes
no pull request: it hands back (negative acknowledgement) every message fetched and not yet
given to the handler, then holds the loop until the broker's stop cancels it; the handler
hands back any batch it is given meanwhile. A message handed back carries a short delay,
longer than a pull request of this planner lives (``BATCH_WAIT_S``), so it goes to another
planner (or to this one's next start), never back into a request of the one stopping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Final

from faststream.nats import NatsBroker

from nextsteps_planner.received import Received
from nextsteps_shared.ops.metrics import MESSAGES

_log = logging.getLogger(__name__)
HOLD_TIMEOUT_S: Final = 2.0  # the loop reaches its next fetch within one fetch's wait

Fetch = Callable[..., Awaitable[list[Received]]]


class Handover:
    """The messages between a fetch and the handler, and the stop that returns them."""

    def __init__(self, delay: float) -> None:
        self.closing = False
        self._delay = delay
        self._fetched: dict[int, Received] = {}  # by identity: fetched, not yet handled
        self._holding = asyncio.Event()

    def guard_all(self, broker: NatsBroker) -> None:
        """Guard the pull subscription of each of ``broker``'s subscribers (once started)."""
        for subscriber in broker.subscribers:
            subscription = getattr(subscriber, "subscription", None)
            if subscription is not None:
                self.guard(subscription)

    def guard(self, subscription: Any) -> None:
        """Wrap ``subscription.fetch`` (a nats-py pull subscription's)."""
        original: Fetch = subscription.fetch

        async def fetch(*args: Any, **kwargs: Any) -> list[Received]:
            if self.closing:
                await self._hold()
            found = await original(*args, **kwargs)
            self._fetched.update((id(raw), raw) for raw in found)
            return found

        subscription.fetch = fetch

    def taken(self, batch: Iterable[Received]) -> None:
        """The handler has ``batch`` now: it answers for those messages."""
        for raw in batch:
            self._fetched.pop(id(raw), None)

    async def give_back(self, batch: Iterable[Received]) -> None:
        """Hand ``batch`` back to the broker for another planner."""
        returned = 0
        for raw in batch:
            if raw.is_acked:
                continue
            with contextlib.suppress(Exception):  # the broker is away: the ack wait covers it
                await raw.nak(delay=self._delay)
                returned += 1
        if returned:
            MESSAGES.labels(outcome="handed_back").inc(returned)
            _log.info("handed %d message(s) back for another planner", returned)

    async def close(self, timeout: float = HOLD_TIMEOUT_S) -> None:
        """Stop fetching: returns once the loop waits in its next fetch (or after ``timeout``,
        when no loop is fetching), everything fetched and not handled handed back."""
        self.closing = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._holding.wait(), timeout)

    async def _hold(self) -> None:
        """Hand back what the loop fetched and did not hand over, then wait to be cancelled."""
        fetched, self._fetched = list(self._fetched.values()), {}
        await self.give_back(fetched)
        self._holding.set()
        await asyncio.Event().wait()
