"""A calendar event as nextsteps understands it, whatever calendar it came from."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property

from pydantic import AwareDatetime, BaseModel, ConfigDict, model_validator

from nextsteps_shared.people import Person


class EventStatus(StrEnum):
    """iCalendar STATUS of a VEVENT (absent means confirmed)."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class CalendarEvent(BaseModel):
    """One VEVENT as written in its calendar: a single event, a recurring master or an override.

    ``start`` and ``end`` are aware datetimes in the event's own zone ``timezone`` (an IANA
    name, or ``UTC``). Floating times and all-day dates were placed in the reader's default
    zone; ``floating`` and ``all_day`` say so.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    uid: str
    recurrence_id: AwareDatetime | None = None
    sequence: int = 0
    summary: str = ""
    description: str = ""
    location: str = ""
    start: AwareDatetime
    end: AwareDatetime
    timezone: str = "UTC"
    all_day: bool = False
    floating: bool = False
    status: EventStatus = EventStatus.CONFIRMED
    organizer: Person | None = None
    attendees: tuple[Person, ...] = ()
    rrule: str | None = None
    categories: tuple[str, ...] = ()
    url: str | None = None
    last_modified: AwareDatetime | None = None

    @model_validator(mode="after")
    def _end_not_before_start(self) -> CalendarEvent:
        if self.end < self.start:
            raise ValueError(
                f"event {self.uid!r} ends ({self.end}) before it starts ({self.start})"
            )
        return self

    @cached_property
    def key(self) -> str:
        """Identity of this VEVENT: its UID, plus the instance it overrides if any."""
        if self.recurrence_id is None:
            return self.uid
        return f"{self.uid}#{_instant(self.recurrence_id)}"

    @property
    def addresses(self) -> tuple[Person, ...]:
        """Organiser first, then attendees (duplicates kept out)."""
        seen: dict[str, Person] = {}
        for person in (self.organizer, *self.attendees):
            if person is not None and person.email and person.email not in seen:
                seen[person.email] = person
        return tuple(seen.values())


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
