"""A calendar event as nextsteps understands it, whatever calendar it came from."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property
from typing import Final

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from nextsteps_shared.people import Person

_INSTANT: Final = "%Y%m%dT%H%M%SZ"


class EventStatus(StrEnum):
    """iCalendar STATUS of a VEVENT (absent means confirmed)."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


def _empty(value: tuple[datetime, ...]) -> bool:
    return not value


class CalendarEvent(BaseModel):
    """One VEVENT as written in its calendar: a single event, a recurring master or an override.

    ``start`` and ``end`` are aware datetimes in the event's own zone ``timezone`` (an IANA
    name, or ``UTC``). Floating times and all-day dates were placed in the reader's default
    zone; ``floating`` and ``all_day`` say so.

    A recurring master carries its recurrence as written: ``rrule``, and the instants its
    EXDATEs take out (``exdates``) and its RDATEs add (``rdates``, period starts for
    periods), placed like DTSTART; :mod:`nextsteps_shared.series` expands them. The two
    lists are left out of the JSON when empty, so an event without them serialises (and
    fingerprints) exactly as before they existed.
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
    exdates: tuple[AwareDatetime, ...] = Field(default=(), exclude_if=_empty)
    rdates: tuple[AwareDatetime, ...] = Field(default=(), exclude_if=_empty)
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
    def is_series(self) -> bool:
        """A recurring master: it repeats by a rule or by extra dates."""
        return self.recurrence_id is None and (self.rrule is not None or bool(self.rdates))

    @property
    def addresses(self) -> tuple[Person, ...]:
        """Organiser first, then attendees (duplicates kept out)."""
        seen: dict[str, Person] = {}
        for person in (self.organizer, *self.attendees):
            if person is not None and person.email and person.email not in seen:
                seen[person.email] = person
        return tuple(seen.values())


def parse_instance_key(key: str) -> tuple[str, datetime] | None:
    """The series UID and the instant of an instance's key (``UID#20250310T090000Z``, see
    :attr:`CalendarEvent.key`); None for the key of anything else."""
    uid, mark, instant = key.rpartition("#")
    if not mark or not uid:
        return None
    try:
        return uid, datetime.strptime(instant, _INSTANT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_INSTANT)
