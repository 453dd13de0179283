"""An event recognised as one of the owner's job interviews, with what could be learnt of it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from nextsteps_shared.event import CalendarEvent


class Recognition(BaseModel):
    """The verdict on one event: is it the owner's interview, and with whom, for what.

    ``overridden`` is True when the owner's ``#interview`` / ``#not-interview`` tag decided.
    ``reasons`` are short words for logs and the dry run (which cues fired).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    is_interview: bool
    score: float = 0.0
    overridden: bool = False
    company: str | None = None
    role: str | None = None
    stage: str | None = None
    reasons: tuple[str, ...] = ()


class Interview(BaseModel):
    """A job interview of the owner: the event as written, and the employer, role and stage."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: CalendarEvent
    company: str | None = None
    role: str | None = None
    stage: str | None = None

    @property
    def key(self) -> str:
        """Identity of the interview: the identity of its event."""
        return self.event.key
