"""The dry run: what nextsteps would do with one calendar file, without touching anything.

Reads the file, recognises the interviews, reads their notes and plans their follow-ups, event
by event as written in the file. Used by ``nextsteps plan``; writes nothing.

A recurring interview is planned as the planner plans it (:mod:`nextsteps_shared.policy.anchoring`):
from the occurrence its chain hangs off at ``now``, with every instance the file writes out
on its own (moved or cancelled) left out of the series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.reader import SkippedEvent, SkippedValue, read_calendar
from nextsteps_shared.interview import Interview, Recognition
from nextsteps_shared.notes import read_notes
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy import plan_followups
from nextsteps_shared.policy.anchoring import Overrides, anchored
from nextsteps_shared.policy.config import FollowUpPolicy
from nextsteps_shared.recognition import recognise


class PlannedEvent(BaseModel):
    """One VEVENT of the file and what the policy would write for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: CalendarEvent
    recognition: Recognition
    next_steps_due: date | None = None
    followups: tuple[FollowUp, ...] = ()
    anchor: AwareDatetime | None = None  # a series: the start of the occurrence planned from


class DryRun(BaseModel):
    """Every VEVENT of the file, in file order, the events that had to be skipped and the
    values left out of events that were kept."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    events: tuple[PlannedEvent, ...]
    skipped: tuple[SkippedEvent, ...]
    skipped_values: tuple[SkippedValue, ...] = ()


def dry_run(
    data: bytes, owner: Owner, policy: FollowUpPolicy, now: datetime, source: str = "<input>"
) -> DryRun:
    """Plan every event of ``data``. Floating times and zone-less follow-ups use the owner's
    zone; an event with a zone of its own keeps its follow-ups in that zone."""
    read = read_calendar(data, default_tz=owner.timezone, source=source)
    verdicts = [(event, recognise(event, owner)) for event in read.events]
    planner = _Planner(_interviews(verdicts), _instances(read.events), owner, policy, now)
    planned = tuple(planner.plan(event, verdict) for event, verdict in verdicts)
    return DryRun(events=planned, skipped=read.skipped, skipped_values=read.skipped_values)


def _interviews(verdicts: Sequence[tuple[CalendarEvent, Recognition]]) -> dict[str, Interview]:
    return {
        event.key: Interview(event=event, company=v.company, role=v.role, stage=v.stage)
        for event, v in verdicts
        if v.is_interview
    }


def _instances(events: Sequence[CalendarEvent]) -> dict[str, set[datetime]]:
    """The instants of each series that the file writes out as events of their own."""
    found: dict[str, set[datetime]] = {}
    for event in events:
        if event.recurrence_id is not None:
            found.setdefault(event.uid, set()).add(event.recurrence_id)
    return found


@dataclass(frozen=True)
class _Planner:
    """Plans one event at a time, knowing every interview of the file."""

    interviews: dict[str, Interview]
    overrides: Overrides
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
        company = (interview.company or "").casefold()
        others = [i for i in self.by_employer.get(company, []) if i is not interview]
        view = anchored(interview, others, self.now, self.overrides)
        if view is None:  # a series with every occurrence taken out
            return PlannedEvent(event=event, recognition=verdict)
        here = view.interview.event
        notes = read_notes(here.description, here.start.date(), here.timezone)
        owner = self.owner.placed_for(here, own_zone_wins=False)
        followups = plan_followups(
            view.interview, notes, view.same_employer, owner, self.policy, self.now
        )
        return PlannedEvent(
            event=event,
            recognition=verdict,
            next_steps_due=notes.due,
            followups=followups,
            anchor=here.start if event.is_series else None,
        )
