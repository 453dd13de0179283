"""What the follow-up texts say about one interview, worked out once per interview."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.interview import Interview
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy.contacts import Contacts, contacts_of
from nextsteps_shared.policy.phrasing import day_text, person_text, short_day_text, span_text

_MAX_TITLE = 60
_NAMED_MEETING = re.compile(r"interview|screen|call|chat|round|loop|onsite|panel|review", re.I)


@dataclass(frozen=True, slots=True)
class InterviewBrief:
    """The interview as the owner would describe it: employer, role, when, with whom."""

    key: str
    company: str | None
    role: str | None
    stage: str | None
    title: str
    when: str
    day: str
    with_whom: str
    contacts: Contacts
    due: date | None

    @property
    def label(self) -> str:
        """Who the interview was with: the company, else the event's title."""
        return self.company or self.title or "your interview"

    @property
    def headline(self) -> str:
        """``Acme — Backend Engineer``, or whatever part of it is known."""
        if self.company and self.role:
            return f"{self.company} — {self.role}"
        return self.company or self.role or self.title or "your interview"

    @property
    def position(self) -> str:
        """For drafts: ``the Backend Engineer role at Acme`` / ``the role at Acme``."""
        role = f"the {self.role} role" if self.role else "the role"
        return f"{role} at {self.company}" if self.company else role

    @property
    def conversation(self) -> str:
        """For drafts: ``the technical interview`` / ``our conversation``."""
        if not self.stage:
            return "our conversation"
        named = _NAMED_MEETING.search(self.stage) is not None
        return f"the {self.stage}" if named else f"the {self.stage} interview"


def brief_of(interview: Interview, owner: Owner, zone: tzinfo, due: date | None) -> InterviewBrief:
    """Describe ``interview`` in the owner's zone ``zone`` (named ``owner.timezone``)."""
    event = interview.event
    start = event.start if event.all_day else event.start.astimezone(zone)
    when = _when(event, start, zone, owner.timezone)
    contacts = contacts_of(event, owner)
    return InterviewBrief(
        key=interview.key,
        company=_clean(interview.company),
        role=_clean(interview.role),
        stage=_clean(interview.stage),
        title=_title(event.summary),
        when=when,
        day=short_day_text(start.date()),
        with_whom=", ".join(map(person_text, contacts.people)),
        contacts=contacts,
        due=due,
    )


def _clean(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text or None


def _title(summary: str) -> str:
    title = " ".join(summary.split())
    return title if len(title) <= _MAX_TITLE else title[: _MAX_TITLE - 1].rstrip() + "…"


def _when(event: CalendarEvent, start: datetime, zone: tzinfo, zone_name: str) -> str:
    """When the interview was, for the owner; an all-day one by its own dates."""
    if event.all_day:
        last = (event.end - timedelta(days=1)).date()
        days = (
            day_text(start.date())
            if last <= start.date()
            else (f"{day_text(start.date())} – {day_text(last)}")
        )
        return f"{days} (all day)"
    when = span_text(start, event.end.astimezone(zone), zone_name)
    if event.timezone != zone_name:
        when += f"; {event.start:%H:%M} in {event.timezone}"
    return when
