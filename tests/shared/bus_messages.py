"""The small interview snapshot the queue tests publish (same account, event and company;
only the revision changes)."""

from __future__ import annotations

from datetime import UTC, datetime

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.interview import Interview
from nextsteps_shared.messages import InterviewSnapshot, SourceKind

SEEN = datetime(2026, 3, 2, 12, tzinfo=UTC)


def snapshot(revision: int) -> InterviewSnapshot:
    """Interview ``i1`` of account ``acc1`` at ``revision``."""
    event = CalendarEvent(uid="i1", summary="Interview", start=SEEN, end=SEEN.replace(hour=13))
    return InterviewSnapshot(
        account="acc1",
        calendar="cal",
        source=SourceKind.MEMORY,
        event_key="i1",
        revision=revision,
        observed_at=SEEN,
        interview=Interview(event=event, company="Acme"),
    )
