"""The follow-ups one interview should have now: notes read, policy applied (DESIGN.md §3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from nextsteps_planner.records import InterviewRecord
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.event import EventStatus
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.interview import Interview
from nextsteps_shared.notes import read_notes
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy import is_stale, plan_followups
from nextsteps_shared.settings import NextstepsSettings


@dataclass(frozen=True)
class Chain:
    """The wanted follow-ups; ``keep_written``: leave what is already written alone (an
    interview too old to follow up still keeps the follow-ups it got while it was recent)."""

    wanted: tuple[FollowUp, ...] = ()
    keep_written: bool = False


def plan_chain(
    record: InterviewRecord,
    account: Account,
    others: Sequence[Interview],
    settings: NextstepsSettings,
    now: datetime,
) -> Chain:
    """The chain of ``record`` given the other interviews with the same employer."""
    interview = record.interview
    if record.removed or interview is None or interview.event.status is EventStatus.CANCELLED:
        return Chain()
    event = interview.event
    notes = read_notes(event.description, event.start.date(), event.timezone)
    too_early = account.skip_ended_before is not None and event.end < account.skip_ended_before
    if too_early or is_stale(interview, notes, settings.policy, now):
        return Chain(keep_written=True)
    owner = owner_of(settings, account, interview)
    return Chain(plan_followups(interview, notes, others, owner, settings.policy, now))


def owner_of(settings: NextstepsSettings, account: Account, interview: Interview) -> Owner:
    """The owner as settings and the account name them, placed for this interview: in the
    owner's zone when the settings name one, else in the interview's own zone (as in the dry
    run) when it has one."""
    owner = Owner.build(
        (*settings.owner.addresses, *account.owner_addresses),
        settings.owner.employer_domains,
        settings.owner.to_owner().timezone,
    )
    return owner.placed_for(interview.event, own_zone_wins=settings.owner.timezone is not None)


def is_active(record: InterviewRecord, settings: NextstepsSettings, now: datetime) -> bool:
    """Worth a sweep: not removed, not cancelled, not stale."""
    interview = record.interview
    if record.removed or interview is None or interview.event.status is EventStatus.CANCELLED:
        return False
    event = interview.event
    notes = read_notes(event.description, event.start.date(), event.timezone)
    return not is_stale(interview, notes, settings.policy, now)
