"""The follow-ups one interview should have now: notes read, policy applied (DESIGN.md §3).

A recurring interview is planned from its anchor occurrence (the latest that has started,
else the first to come; see :mod:`nextsteps_shared.policy.anchoring`), so the chain depends on
"now": the sweep keeps it moving as the occurrences pass.
"""

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
from nextsteps_shared.policy.anchoring import Anchored, Overrides, anchored
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
    *,
    overrides: Overrides | None = None,
) -> Chain:
    """The chain of ``record`` given the other interviews with the same employer; a series
    is planned from its anchor occurrence (``overrides``: the instances of each series that
    are events of their own, see :mod:`nextsteps_shared.policy.anchoring`)."""
    view = _anchored(record, others, now, overrides)
    if view is None:
        return Chain()
    interview, event = view.interview, view.interview.event
    notes = read_notes(event.description, event.start.date(), event.timezone)
    too_early = account.skip_ended_before is not None and event.end < account.skip_ended_before
    if too_early or is_stale(interview, notes, settings.policy, now):
        return Chain(keep_written=True)
    owner = owner_of(settings, account, interview)
    followups = plan_followups(interview, notes, view.same_employer, owner, settings.policy, now)
    return Chain(followups)


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


def is_active(
    record: InterviewRecord,
    settings: NextstepsSettings,
    now: datetime,
    *,
    overrides: Overrides | None = None,
) -> bool:
    """Worth a sweep: not removed, not cancelled, not stale (a series: at its anchor, which
    the sweep moves on as occurrences pass)."""
    view = _anchored(record, (), now, overrides)
    if view is None:
        return False
    event = view.interview.event
    notes = read_notes(event.description, event.start.date(), event.timezone)
    return not is_stale(view.interview, notes, settings.policy, now)


def _anchored(
    record: InterviewRecord,
    others: Sequence[Interview],
    now: datetime,
    overrides: Overrides | None,
) -> Anchored | None:
    """The interview to plan at its anchor; None when there is nothing to plan at all."""
    interview = record.interview
    if record.removed or interview is None or interview.event.status is EventStatus.CANCELLED:
        return None
    return anchored(interview, others, now, overrides)
