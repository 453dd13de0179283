"""What ingest remembers of one event between polls, and how its revisions advance."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict

from nextsteps_shared.messages import revision_at


class RecordKind(StrEnum):
    """An interview of the owner, a follow-up nextsteps wrote, or anything else."""

    INTERVIEW = "interview"
    FOLLOWUP = "followup"
    OTHER = "other"


class EventRecord(BaseModel):
    """One event of one calendar as ingest last saw it.

    ``fingerprint`` is the content hash of the interview as last recognised; ``revision`` the
    revision of the last message published about the event (None: nothing published yet).
    ``etag``/``start``/``end`` are kept for follow-ups, to notice the owner moving one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    uid: str
    kind: RecordKind
    fingerprint: str | None = None
    revision: int | None = None
    etag: str | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None

    @property
    def is_interview(self) -> bool:
        return self.kind is RecordKind.INTERVIEW

    @property
    def announced(self) -> bool:
        """True when the planner was told about this event as an interview."""
        return self.is_interview and self.revision is not None


def next_revision(previous: int | None, now: datetime) -> int:
    """The observation time in microseconds, but always above the event's last revision."""
    return max(revision_at(now), (previous or 0) + 1)
