"""Messages between ingest and planner (DESIGN.md §2). Frozen, strict and versioned.

``revision`` orders the messages about one event: ingest assigns it (the observation time in
microseconds since the epoch, made strictly increasing per event), and the planner applies only
revisions newer than the one it holds. ``message_id`` is the broker de-duplication id.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.interview import Interview

SCHEMA_VERSION: Literal[1] = 1


class SourceKind(StrEnum):
    """Where an event was read."""

    GOOGLE = "google"
    CALDAV = "caldav"
    ICS_FEED = "ics_feed"
    MEMORY = "memory"


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = SCHEMA_VERSION
    account: str = Field(min_length=1)
    calendar: str = Field(min_length=1)
    source: SourceKind
    event_key: str = Field(min_length=1)
    revision: int = Field(ge=0)
    observed_at: AwareDatetime

    @property
    def message_id(self) -> str:
        """De-duplication id: the same event at the same revision is the same message."""
        kind = type(self).__name__
        return f"{kind}:{self.account}:{self.calendar}:{self.event_key}:{self.revision}"


class InterviewSnapshot(_Message):
    """Full state of one interview as ingest saw it (published on every change)."""

    kind: Literal["interview_snapshot"] = "interview_snapshot"
    etag: str | None = None
    interview: Interview

    @property
    def event(self) -> CalendarEvent:
        return self.interview.event


class InterviewRemoved(_Message):
    """The interview disappeared, was cancelled or stopped being an interview."""

    kind: Literal["interview_removed"] = "interview_removed"
    reason: Literal["deleted", "cancelled", "not_interview"]


class FollowUpChange(StrEnum):
    """What the owner did to a follow-up nextsteps wrote."""

    MOVED = "moved"
    EDITED = "edited"
    DELETED = "deleted"


class FollowUpChanged(_Message):
    """The owner moved, edited or deleted a follow-up nextsteps wrote (``event_key`` is its UID).

    ``start`` / ``end`` carry the event's time as seen now and ``etag`` its version, so the
    planner can tell the owner's changes from its own writes (which it also sees come back).
    """

    kind: Literal["followup_changed"] = "followup_changed"
    change: FollowUpChange
    followup_uid: str = Field(min_length=1)
    etag: str | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None


Message = InterviewSnapshot | InterviewRemoved | FollowUpChanged


def revision_at(moment: datetime) -> int:
    """A revision number for an observation made at ``moment`` (microseconds since the epoch)."""
    return int(moment.timestamp() * 1_000_000)
