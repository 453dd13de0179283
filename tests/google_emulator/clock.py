"""One clock for the whole emulator: every write takes the next revision from it.

A revision is a strictly increasing count of microseconds since the epoch. It serves three
purposes at once, as Google's own version stamps do: the ``etag`` of what was written (so an
etag changes on every write, even two writes in the same microsecond), its ``updated`` time,
and the position a sync token remembers (``nextSyncToken`` = "everything after revision R").
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Clock:
    """Hands out revisions; thread-safe."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def tick(self) -> int:
        """A new revision, later than every one before."""
        with self._lock:
            self._last = max(self._last + 1, time.time_ns() // 1000)
            return self._last

    @property
    def last(self) -> int:
        """The latest revision handed out (0 before the first write)."""
        with self._lock:
            return self._last


def etag(revision: int) -> str:
    """The etag of what was written at ``revision`` (quoted, as Google sends them)."""
    return f'"{revision}"'


def moment(revision: int) -> datetime:
    """The UTC time of ``revision``."""
    return _EPOCH + timedelta(microseconds=revision)


def rfc3339(when: datetime) -> str:
    """``when`` in UTC as Google writes timestamps: ``2024-05-01T10:00:00.123Z``."""
    utc = when.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def stamp(revision: int) -> str:
    """The ``updated`` timestamp of ``revision``."""
    return rfc3339(moment(revision))
