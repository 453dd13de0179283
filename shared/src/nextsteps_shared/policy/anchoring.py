"""A recurring interview as the policy plans it: at the occurrence its chain hangs off.

A series (RRULE/RDATE) is a run of interviews with the same employer; its chain hangs off the
latest occurrence that has started, else the first to come (see :mod:`nextsteps_shared.series`).
The planner and the dry run both plan through :func:`anchored`, so they agree.

"A later interview with the same employer closes the earlier chain" (DESIGN.md §3) reads a
series by its occurrences:

- another series of the employer counts by its first occurrence at or after this interview
  ends (for a moved instance: the next regular occurrence of its own series);
- the series' own next occurrence is a later interview too: a weekly pairing is not chased
  while it goes on; each occurrence gets its note and thank-you as the chain moves on, and the
  chasing steps stay after the last occurrence (an endless series is never chased).

Instances that are events of their own (moved: their own interviews; cancelled: removed) are
never occurrences of their series: ``overrides`` names them per series UID.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.interview import Interview
from nextsteps_shared.series import anchor, first_from

# series UID -> the instants of that series that are events of their own
Overrides = Mapping[str, Collection[datetime]]

_TICK: Final = timedelta(microseconds=1)


@dataclass(frozen=True)
class Anchored:
    """An interview at its anchor occurrence, and the interviews that can close its chain."""

    interview: Interview
    same_employer: tuple[Interview, ...]


def anchored(
    interview: Interview,
    same_employer: Sequence[Interview],
    now: datetime,
    overrides: Overrides | None = None,
) -> Anchored | None:
    """``interview`` as its chain is planned at ``now`` (unchanged when it does not recur),
    with the other interviews of the employer as that chain sees them; None when a series has
    no occurrence left (all taken out)."""
    overrides = _with_itself(interview.event, overrides or {})
    event = anchor(interview.event, now, overrides.get(interview.event.uid, ()))
    if event is None:
        return None
    closers = [_from(other, event.end, overrides) for other in same_employer]
    if interview.event.is_series:
        closers.append(_from(interview, _after(event), overrides))
    here = interview.model_copy(update={"event": event})
    return Anchored(here, tuple(other for other in closers if other is not None))


def _from(interview: Interview, moment: datetime, overrides: Overrides) -> Interview | None:
    """``interview`` as a possible later interview after ``moment``: a series by its first
    occurrence from then on (None when it has none)."""
    event = interview.event
    if not event.is_series:
        return interview
    found = first_from(event, moment, overrides.get(event.uid, ()))
    return None if found is None else interview.model_copy(update={"event": found})


def _with_itself(event: CalendarEvent, overrides: Overrides) -> Overrides:
    """``overrides`` with ``event`` itself when it is an instance (whatever the caller knew,
    the slot it moved out of is no occurrence of its series)."""
    if event.recurrence_id is None:
        return overrides
    return {**overrides, event.uid: {*overrides.get(event.uid, ()), event.recurrence_id}}


def _after(event: CalendarEvent) -> datetime:
    """Where the series' next occurrence may start: once this one ended, and after its start
    (an occurrence that takes no time must not be its own successor)."""
    return max(event.end, event.start + _TICK)
