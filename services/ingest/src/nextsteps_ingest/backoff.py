"""When an account that failed is tried again: exponential backoff with jitter, per account."""

from __future__ import annotations

import random
import time
from collections.abc import Callable


class Backoff:
    """After the n-th failure in a row an account waits ``base * 2**(n-1)`` (at most ``cap``),
    times a random factor in [0.5, 1], before its next try; a success resets it."""

    def __init__(
        self,
        base: float,
        cap: float,
        *,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._base = base
        self._cap = max(cap, base)
        self._rng = rng or random.Random()
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._due: dict[str, float] = {}

    def due(self, account: str) -> bool:
        """True when the account may be synced now."""
        return self._clock() >= self._due.get(account, float("-inf"))

    def failed(self, account: str) -> float:
        """Note a failure; return the wait before the next try, in seconds."""
        failures = self._failures.get(account, 0) + 1
        self._failures[account] = failures
        ceiling = min(self._cap, self._base * float(2 ** min(failures - 1, 32)))
        wait = ceiling * self._rng.uniform(0.5, 1.0)
        self._due[account] = self._clock() + wait
        return wait

    def succeeded(self, account: str) -> None:
        """Forget the account's failures."""
        self._failures.pop(account, None)
        self._due.pop(account, None)

    def failures(self, account: str) -> int:
        """Failures in a row so far."""
        return self._failures.get(account, 0)
