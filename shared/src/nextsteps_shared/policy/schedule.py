"""When each step of the chain happens: business days and local hours in the owner's zone.

Every step starts at or after the interview's end and strictly after the step before it, on a
business day of the owner (weekends and configured public holidays skipped). The schedule
depends only on the interview, the noted due date and the policy, never on ``now``.

Dates are the owner's: "N business days after the interview" counts from the day the interview
ended in the owner's zone; the noted due date (a local date of the interview) is taken as it is,
and the follow-up goes on the owner's first business day after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.followup import FollowUpKind
from nextsteps_shared.policy.business_days import BusinessCalendar
from nextsteps_shared.policy.config import FollowUpPolicy


@dataclass(frozen=True, slots=True)
class Step:
    """One planned step: what, which repetition, and when (aware, in the owner's zone)."""

    kind: FollowUpKind
    attempt: int
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Clock:
    """Places steps on the owner's business days in the owner's zone."""

    zone: tzinfo
    days: BusinessCalendar

    def at(self, day: date, clock: time) -> datetime:
        """``clock`` on ``day`` in the zone (a time skipped by a DST change moves forward)."""
        naive = datetime.combine(day, clock.replace(tzinfo=None))
        return naive.replace(tzinfo=self.zone).astimezone(UTC).astimezone(self.zone)

    def first_after(self, day: date, clock: time, floor: datetime, *, strict: bool) -> datetime:
        """``clock`` on the first business day from ``day`` on that falls after ``floor``."""
        day = self.days.on_or_after(max(day, floor.astimezone(self.zone).date()))
        moment = self.at(day, clock)
        while moment < floor or (strict and moment == floor):
            day = self.days.next_business_day(day)
            moment = self.at(day, clock)
        return moment

    def step(self, kind: FollowUpKind, start: datetime, minutes: int, attempt: int = 0) -> Step:
        end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(self.zone)
        return Step(kind=kind, attempt=attempt, start=start, end=end)


def schedule(
    event: CalendarEvent, due: date | None, policy: FollowUpPolicy, clock: Clock
) -> list[Step]:
    """The whole chain for ``event``, every kind, whatever the policy switches off."""
    end = event.end.astimezone(clock.zone)
    note = clock.step(
        FollowUpKind.NEXT_STEPS_NOTE,
        _note_start(event, end, policy, clock),
        policy.next_steps_note_minutes,
    )
    thank_start = clock.first_after(end.date(), policy.thank_you_time, note.start, strict=True)
    thank = clock.step(FollowUpKind.THANK_YOU, thank_start, policy.thank_you_minutes)
    steps = [note, thank, _follow_up(end, due, policy, clock, floor=thank.start)]
    for attempt in range(1, policy.max_follow_up_again + 1):
        steps.append(_again(steps[-1], attempt, policy, clock))
    return steps


def _note_start(
    event: CalendarEvent, end: datetime, policy: FollowUpPolicy, clock: Clock
) -> datetime:
    """Right after the interview; the next business morning after a weekend or all-day one."""
    if not event.all_day and clock.days.is_business_day(end.date()):
        return end
    return clock.first_after(end.date(), policy.follow_up_time, end, strict=False)


def _follow_up(
    end: datetime, due: date | None, policy: FollowUpPolicy, clock: Clock, floor: datetime
) -> Step:
    """The business day after the due date, or N business days after the interview."""
    if due is not None:
        day = clock.days.next_business_day(due)
    else:
        day = clock.days.add_business_days(end.date(), policy.default_wait_business_days)
    start = clock.first_after(day, policy.follow_up_time, floor, strict=True)
    return clock.step(FollowUpKind.FOLLOW_UP, start, policy.follow_up_minutes)


def _again(previous: Step, attempt: int, policy: FollowUpPolicy, clock: Clock) -> Step:
    """M business days after the previous follow-up."""
    day = clock.days.add_business_days(previous.start.date(), policy.again_after_business_days)
    start = clock.first_after(day, policy.follow_up_time, previous.start, strict=True)
    return clock.step(FollowUpKind.FOLLOW_UP_AGAIN, start, policy.follow_up_minutes, attempt)
