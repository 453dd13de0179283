"""Reading other people's iCalendar data (see :mod:`nextsteps_shared.ical.reader`)."""

from __future__ import annotations

from nextsteps_shared.ical.reader import (
    ReadResult,
    SkippedEvent,
    SkippedValue,
    read_calendar,
)

__all__ = ["ReadResult", "SkippedEvent", "SkippedValue", "read_calendar"]
