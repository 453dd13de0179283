"""The two interfaces every calendar backend implements (DESIGN.md §4).

Reading: ``changes(since)`` returns what changed since a sync state. Writing: ``put`` and
``delete`` with preconditions, so that a retried write can never duplicate or clobber.
Capabilities are attributes (an ICS feed is ``read_only``).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.followup import FollowUp


class SyncState(BaseModel):
    """Opaque per-calendar position: a sync token, a ctag with etags, or feed validators."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    token: str | None = None
    etags: tuple[tuple[str, str], ...] = ()  # (href, etag) for servers without sync tokens


class ChangeSet(BaseModel):
    """What changed since a state. ``full_resync`` means: upserts hold the whole calendar, and
    anything not in it is gone (used after an invalid token, or on first sync)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    upserts: tuple[CalendarEvent, ...] = ()
    removals: tuple[str, ...] = ()  # event keys
    next_state: SyncState
    full_resync: bool = False
    skipped: int = 0  # events that could not be read (counted and logged, never fatal)


class EventRef(BaseModel):
    """Where a written event lives: calendar, object id (href or Google id) and its etag."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    calendar: str
    object_id: str
    etag: str | None = None


class Precondition(BaseModel):
    """``if_none_match``: create only; ``if_match``: change only that version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    if_match: str | None = None
    if_none_match: bool = False


@runtime_checkable
class CalendarReader(Protocol):
    """Reads one calendar's changes."""

    read_only: bool

    async def changes(self, since: SyncState | None) -> ChangeSet:
        """What changed since ``since`` (``None``: everything, as a full resync)."""
        ...


@runtime_checkable
class CalendarWriter(Protocol):
    """Writes follow-ups into one calendar."""

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        """Create or replace the follow-up; raises PreconditionFailedError when the check fails."""
        ...

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        """Delete a written follow-up; raises PreconditionFailedError when the check fails."""
        ...
