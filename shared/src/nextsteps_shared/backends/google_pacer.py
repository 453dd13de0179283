"""Keeping one Google account within its quota: a token bucket, and backoff after a refusal.

Google counts Calendar API requests per user and project over a sliding minute (600 a minute
per user by default) and answers 429 or 403 ``rateLimitExceeded`` beyond it. Each process
paces its own requests per account (:func:`pacer_for`): a bucket of ``burst`` requests that
refills at ``requests_per_minute``, well under Google's limit so that ingest and planner
together stay under it too. When Google refuses anyway, the next try waits a random time
between zero and ``backoff_seconds * 2**retry`` (capped): "full jitter", which spreads retries
of many clients best (AWS architecture blog, "Exponential Backoff And Jitter"), and never less
than a ``Retry-After`` Google sent.

The pacer's clock and sleep are parameters, so tests check the arithmetic without waiting.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable

from nextsteps_shared.settings import GoogleSettings

Sleep = Callable[[float], Awaitable[None]]


class Pacer:
    """A token bucket: ``take()`` returns once a request may go out."""

    def __init__(
        self,
        per_minute: int,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._tokens = float(burst)
        self._clock = clock
        self._sleep = sleep
        self._stamp = clock()
        self.waited = 0.0  # seconds spent waiting for tokens, in all

    async def take(self) -> None:
        """Wait until a token is there, and take it."""
        self._refill()
        self._tokens -= 1.0
        if self._tokens < 0:
            wait = -self._tokens / self._rate
            self.waited += wait
            await self._sleep(wait)

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now


_PACERS: dict[tuple[str, int, int], Pacer] = {}


def pacer_for(account: str, settings: GoogleSettings) -> Pacer:
    """The pacer of ``account`` in this process (made on first use, then shared by every
    client of the account with the same limits)."""
    key = (account, settings.requests_per_minute, settings.burst)
    found = _PACERS.get(key)
    if found is None:
        found = _PACERS[key] = Pacer(settings.requests_per_minute, settings.burst)
    return found


def backoff_delay(
    retry: int,
    settings: GoogleSettings,
    asked: float | None = None,
    draw: Callable[[float, float], float] = random.uniform,
) -> float:
    """Seconds to wait before retry number ``retry`` (0 for the first): full jitter, at least
    what a ``Retry-After`` ``asked`` for."""
    ceiling = min(settings.backoff_cap_seconds, settings.backoff_seconds * 2**retry)
    return max(draw(0.0, ceiling), asked or 0.0)
