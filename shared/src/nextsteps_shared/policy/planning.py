"""The follow-up policy (DESIGN.md §3) as one pure function.

``plan_followups`` answers: given this interview as it is now, the other interviews with the
same employer, the owner, the policy and the time, which follow-ups should exist? The chain is
the same whenever it is asked (``now`` only decides whether the interview is too old to start
following up), so writing its result is idempotent.

Decisions (documented for users in the policy's docstrings):
- a cancelled interview gets nothing; a stale one (see :func:`is_stale`) gets nothing;
- a later, not cancelled interview with the same employer (starting after this one ends) means
  they answered: the chain is closed at that interview's start. Steps before it stay (a
  follow-up before it may be what got the next round booked; dropping it would erase history
  from the owner's calendar), every step from its start on goes;
- an outcome in the notes stops the chasing steps; ``#withdrawn`` also drops the thank-you,
  while after an offer, a rejection or an answer a thank-you is still good form and stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.event import EventStatus
from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.interview import Interview
from nextsteps_shared.notes.reading import NotesReading, Outcome
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy.brief import brief_of
from nextsteps_shared.policy.business_days import business_calendar
from nextsteps_shared.policy.composition import FollowUpComposer
from nextsteps_shared.policy.config import FollowUpPolicy
from nextsteps_shared.policy.schedule import Clock, Step, schedule

CHASING: frozenset[FollowUpKind] = frozenset({FollowUpKind.FOLLOW_UP, FollowUpKind.FOLLOW_UP_AGAIN})


def plan_followups(  # noqa: PLR0917 - the positional signature is the agreed contract
    interview: Interview,
    notes: NotesReading,
    same_employer: Sequence[Interview],
    owner: Owner,
    policy: FollowUpPolicy,
    now: datetime,
) -> tuple[FollowUp, ...]:
    """The follow-ups that should exist for ``interview``, in chain order."""
    if interview.event.status is EventStatus.CANCELLED or is_stale(interview, notes, policy, now):
        return ()
    zone = owner_zone(owner.timezone)
    clock = Clock(zone=zone, days=business_calendar(policy))
    steps = _wanted(
        schedule(interview.event, notes.due, policy, clock), interview, notes, same_employer, policy
    )
    if not steps:
        return ()
    composer = FollowUpComposer(brief_of(interview, owner, zone, notes.due), owner.timezone, policy)
    return composer.compose(steps)


def is_stale(
    interview: Interview, notes: NotesReading, policy: FollowUpPolicy, now: datetime
) -> bool:
    """Too old to start following up: the interview ended (or, when later, the day the employer
    named passed) more than ``policy.skip_older_than_days`` before ``now``.

    Counting from a due date that is later than the interview keeps a long, stated window
    ("decision by end of next month") from being dropped while it is still running.
    """
    anchor = interview.event.end
    if notes.due is not None:
        day_after = datetime.combine(notes.due + timedelta(days=1), time(), tzinfo=anchor.tzinfo)
        anchor = max(anchor, day_after)
    return now - anchor > timedelta(days=policy.skip_older_than_days)


def closing_start(interview: Interview, same_employer: Sequence[Interview]) -> datetime | None:
    """The start of the first later interview with the same employer, if any.

    Later: not this interview, not cancelled, starting at or after this one ends.
    """
    ends, key = interview.event.end, interview.key
    starts = [
        other.event.start
        for other in same_employer
        if other.event.start >= ends
        and other.event.status is not EventStatus.CANCELLED
        and other.key != key
    ]
    return min(starts, default=None)


def owner_zone(name: str) -> tzinfo:
    """The owner's zone; a bad name is a settings error, not a crash deep in planning."""
    return _zone(name)


@lru_cache(maxsize=256)
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise SettingsError(f"owner time zone {name!r} is not a known IANA zone") from err


def _wanted(
    steps: list[Step],
    interview: Interview,
    notes: NotesReading,
    same_employer: Sequence[Interview],
    policy: FollowUpPolicy,
) -> list[Step]:
    dropped = _dropped_kinds(notes.outcome, policy)
    closed_at = closing_start(interview, same_employer)
    return [
        s for s in steps if s.kind not in dropped and (closed_at is None or s.start < closed_at)
    ]


def _dropped_kinds(outcome: Outcome | None, policy: FollowUpPolicy) -> set[FollowUpKind]:
    dropped: set[FollowUpKind] = set()
    if not policy.next_steps_note:
        dropped.add(FollowUpKind.NEXT_STEPS_NOTE)
    if not policy.thank_you or outcome is Outcome.WITHDRAWN:
        dropped.add(FollowUpKind.THANK_YOU)
    if outcome is not None:
        dropped |= CHASING
    return dropped
