"""The dry run: what nextsteps would do with one calendar file, without touching anything.

Reads the file, recognises the interviews, reads their notes and plans their follow-ups, event
by event as written in the file. Used by ``nextsteps plan``; writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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
    planner = _Planner(_interviews(verdicts), owner, policy, now)
    planned = tuple(planner.plan(event, verdict) for event, verdict in verdicts)
    return DryRun(events=planned, skipped=read.skipped)


def _interviews(verdicts: Sequence[tuple[CalendarEvent, Recognition]]) -> dict[str, Interview]:
    return {
        event.key: Interview(event=event, company=v.company, role=v.role, stage=v.stage)
        for event, v in verdicts
        if v.is_interview
    }


@dataclass(frozen=True)
class _Planner:
    """Plans one event at a time, knowing every interview of the file."""

    interviews: dict[str, Interview]
    owner: Owner
    policy: FollowUpPolicy
    now: datetime
    by_employer: dict[str, list[Interview]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for interview in self.interviews.values():
            if interview.company:
                self.by_employer.setdefault(interview.company.casefold(), []).append(interview)

    def plan(self, event: CalendarEvent, verdict: Recognition) -> PlannedEvent:
        interview = self.interviews.get(event.key)
        if interview is None:
            return PlannedEvent(event=event, recognition=verdict)
        notes = read_notes(event.description, event.start.date(), event.timezone)
        company = (interview.company or "").casefold()
        others = [i for i in self.by_employer.get(company, []) if i is not interview]
        owner = self.owner.placed_for(event, own_zone_wins=False)
        followups = plan_followups(interview, notes, others, owner, self.policy, self.now)
        return PlannedEvent(
            event=event, recognition=verdict, next_steps_due=notes.due, followups=followups
        )
