"""A follow-up event nextsteps wants in the owner's calendar."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class FollowUpKind(StrEnum):
    """The steps of the follow-up policy (DESIGN.md §3), in chain order."""

    NEXT_STEPS_NOTE = "next_steps_note"
    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    FOLLOW_UP_AGAIN = "follow_up_again"


class FollowUp(BaseModel):
    """One follow-up event. ``uid`` is deterministic: the same interview and step give the same
    id (base32hex, usable as a Google event id and, with ``@nextsteps``, as an iCalendar UID).
    ``attempt`` counts repeated steps (1, 2, … for ``follow_up_again``; 0 otherwise).
    ``sequence`` is the iCalendar SEQUENCE of the version written: 0 when first written, one
    more each time the planner writes changed content under the same UID (the policy leaves it
    0; it is history, not a wish, and never compared as part of what is wanted).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    uid: str
    kind: FollowUpKind
    attempt: int = 0
    interview_key: str
    start: AwareDatetime
    end: AwareDatetime
    timezone: str
    summary: str
    description: str
    contacts: tuple[str, ...] = ()
    mailto: str | None = None
    sequence: int = Field(default=0, ge=0)

    def same_content(self, other: FollowUp) -> bool:
        """True when ``other`` says the same, whatever either's ``sequence``."""
        return self.model_copy(update={"sequence": other.sequence}) == other
