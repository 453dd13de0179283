"""The result of reading an interview's notes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Outcome(StrEnum):
    """An outcome the owner noted; any of them closes the follow-up chain."""

    OFFER = "offer"
    REJECTED = "rejected"
    HEARD_BACK = "heard_back"
    WITHDRAWN = "withdrawn"


class NotesReading(BaseModel):
    """``due``: the local date by which the employer said the candidate would hear back."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    due: date | None = None
    outcome: Outcome | None = None
