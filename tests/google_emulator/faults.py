"""Injected failures: the next N API calls (of one method, or any) answer an error instead.

These are the transient failures Google documents for Calendar (guides/errors): 429 and 403
``rateLimitExceeded``, 403 ``userRateLimitExceeded`` (all in the ``usageLimits`` domain), 500
``backendError`` and 503. A client must back off and retry them; tests queue them here and watch
the client get through. Faults hit after authentication, so a 401 is never swallowed by one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import Enum

from tests.google_emulator.errors import ApiError


class Fault(Enum):
    """A failure Google answers now and then, and how it looks."""

    RATE_LIMIT = (429, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded")
    RATE_LIMIT_403 = (403, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded")
    USER_RATE_LIMIT = (403, "usageLimits", "userRateLimitExceeded", "User Rate Limit Exceeded")
    BACKEND_ERROR = (500, "global", "backendError", "Backend Error")
    UNAVAILABLE = (503, "global", "backendError", "The service is currently unavailable.")

    def error(self, retry_after: int | None = None) -> ApiError:
        code, domain, reason, message = self.value
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        return ApiError(code, reason, message, domain=domain, headers=headers)


@dataclass
class _Pending:
    fault: Fault
    remaining: int
    method_id: str | None
    retry_after: int | None


class Faults:
    """Queued failures, taken in order by the calls they apply to."""

    def __init__(self) -> None:
        self._pending: list[_Pending] = []
        self._lock = threading.Lock()

    def add(
        self,
        fault: Fault,
        times: int = 1,
        method_id: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._pending.append(_Pending(fault, times, method_id, retry_after))

    def take(self, method_id: str) -> ApiError | None:
        """The failure this call must answer, if one is queued for it."""
        with self._lock:
            for pending in self._pending:
                if pending.method_id in (None, method_id):
                    pending.remaining -= 1
                    if pending.remaining == 0:
                        self._pending.remove(pending)
                    return pending.fault.error(pending.retry_after)
        return None

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    @property
    def pending(self) -> int:
        """How many failures are still queued."""
        with self._lock:
            return sum(p.remaining for p in self._pending)
