"""Every request the emulator answered: which API method, with what query, and the status.

Tests count calls with it ("the second sync made one request"), and benchmarks count quota
units: Calendar charges per request, so the emulator counts one unit for each API call
(OAuth and control requests are logged with ``method_id`` None and cost nothing).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class LoggedRequest:
    """One answered request."""

    http_method: str
    path: str
    method_id: str | None  # the discovery id (calendar.events.list); None off the API
    query: dict[str, list[str]]
    status: int
    user: str | None


class RequestLog:
    """The requests answered so far, in order; thread-safe."""

    def __init__(self) -> None:
        self._entries: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def add(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self, method_id: str | None = None) -> list[LoggedRequest]:
        """All API requests, or those of one method id (e.g. ``calendar.events.list``)."""
        with self._lock:
            found = [e for e in self._entries if e.method_id is not None]
        return [e for e in found if method_id in (None, e.method_id)]

    def quota_units(self) -> int:
        """Quota used: one unit per API request, answered or refused."""
        return len(self.entries())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
