"""The dry run: what nextsteps would do with one calendar file, without touching anything.

Reads the file, recognises the interviews, reads their notes and plans their follow-ups, event
by event as written in the file. Used by ``nextsteps plan``; writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.reader import SkippedEvent, read_calendar
from nextsteps_shared.interview import Interview, Recognition
from nextsteps_shared.notes import read_notes
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy import plan_followups
from nextsteps_shared.policy.config import FollowUpPolicy
from nextsteps_shared.recognition import recognise

_NO_ZONE = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT"})


class PlannedEvent(BaseModel):
    """One VEVENT of the file and what the policy would write for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: CalendarEvent
    recognition: Recognition
    next_steps_due: date | None = None
    followups: tuple[FollowUp, ...] = ()


class DryRun(BaseModel):
    """Every VEVENT of the file, in file order, and the events that had to be skipped."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    events: tuple[PlannedEvent, ...]
    skipped: tuple[SkippedEvent, ...]


def dry_run(
    data: bytes, owner: Owner, policy: FollowUpPolicy, now: datetime, source: str = "<input>"
) -> DryRun:
    """Plan every event of ``data``. Floating times and zone-less follow-ups use the owner's
    zone; an event with a zone of its own keeps its follow-ups in that zone."""
    read = read_calendar(data, default_tz=owner.timezone, source=source)
    verdicts = [(event, recognise(event, owner)) for event in read.events]
    interviews = _interviews(verdicts)
    by_employer = _by_employer(interviews)
    planned = tuple(
        _plan(event, verdict, interviews, by_employer, owner, policy, now)
        for event, verdict in verdicts
    )
    return DryRun(events=planned, skipped=read.skipped)


def _interviews(verdicts: Sequence[tuple[CalendarEvent, Recognition]]) -> dict[str, Interview]:
    return {
        event.key: Interview(event=event, company=v.company, role=v.role, stage=v.stage)
        for event, v in verdicts
        if v.is_interview
    }


def _by_employer(interviews: dict[str, Interview]) -> dict[str, list[Interview]]:
    groups: dict[str, list[Interview]] = defaultdict(list)
    for interview in interviews.values():
        if interview.company:
            groups[interview.company.casefold()].append(interview)
    return groups


def _plan(
    event: CalendarEvent,
    verdict: Recognition,
    interviews: dict[str, Interview],
    by_employer: dict[str, list[Interview]],
    owner: Owner,
    policy: FollowUpPolicy,
    now: datetime,
) -> PlannedEvent:
    interview = interviews.get(event.key)
    if interview is None:
        return PlannedEvent(event=event, recognition=verdict)
    local = event.start.date()
    notes = read_notes(event.description, local, event.timezone)
    others = [
        i for i in by_employer.get((interview.company or "").casefold(), []) if i is not interview
    ]
    placed = _owner_for(event, owner)
    followups = plan_followups(interview, notes, others, placed, policy, now)
    return PlannedEvent(event=event, recognition=verdict, next_steps_due=notes.due, followups=followups)


def _owner_for(event: CalendarEvent, owner: Owner) -> Owner:
    """Follow-ups go in the event's own zone when it has one, else in the owner's."""
    if event.floating or event.timezone in _NO_ZONE or event.timezone == owner.timezone:
        return owner
    return owner.model_copy(update={"timezone": event.timezone})
