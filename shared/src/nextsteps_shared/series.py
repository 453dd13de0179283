"""The occurrences of a recurring event, and the one a follow-up chain hangs off.

A recurring interview (a weekly "trial week pairing", a three-day onsite) is a run of
interviews with the same employer, and the policy closes a chain when a later interview with
that employer comes (DESIGN.md §3). So the chain that matters hangs off the most recent
occurrence: the latest one that has started by ``now``, and before the first one has, the
first one to come (:func:`anchor`). The chain moves on as the occurrences pass; the planner's
sweep moves it.

Occurrences are DTSTART, the RRULE's and the RDATEs, less the EXDATEs and the instants that
are events of their own (moved or cancelled instances: the caller names them, from keys such
as ``UID#20250310T090000Z``). The rule is expanded in the event's own zone on wall-clock time,
so a 10:00 Europe/Berlin weekly series stays at 10:00 across the change to summer time. Work
is bounded, whatever the rule: the expansion stops at the first occurrence past a horizon
(:data:`HORIZON` after ``now`` or after the series' start, whichever is later) and after
:data:`MOST_OCCURRENCES` occurrences, and a rule that can never produce a date (30 February) is
found out once per process and read as no rule at all. An RRULE that cannot be read counts as
none: the event is then the single event DTSTART (and the RDATEs) say it is.
"""

from __future__ import annotations

import heapq
import re
import warnings
from collections.abc import Collection, Iterator
from datetime import UTC, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import islice
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from nextsteps_shared.errors import EventDataError
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.ical.moment import parse_raw

HORIZON: Final = timedelta(days=400)
MOST_OCCURRENCES: Final = 10_000
_UNTIL: Final = re.compile(r"UNTIL=(.*)", re.IGNORECASE)
_LAST_SECOND: Final = time(23, 59, 59)


def anchor(
    event: CalendarEvent, now: datetime, overridden: Collection[datetime] = ()
) -> CalendarEvent | None:
    """``event`` moved to the occurrence its chain hangs off (duration kept): the latest one
    that started by ``now``, else the first one to come; None when no occurrence is left.

    An event that does not recur is its own anchor. ``overridden``: instants that are events
    of their own (moved or cancelled instances), never occurrences of this series.
    """
    if not event.is_series:
        return event
    latest: datetime | None = None
    for start in occurrences(event, max(now, event.start) + HORIZON, overridden):
        if start > now:
            return _moved(event, latest or start)
        latest = start
    return None if latest is None else _moved(event, latest)


def first_from(
    event: CalendarEvent, moment: datetime, overridden: Collection[datetime] = ()
) -> CalendarEvent | None:
    """The first occurrence starting at or after ``moment``, as an instance of the series
    (``recurrence_id`` set, so its key is that of the instance), or None."""
    horizon = max(moment, event.start) + HORIZON
    for start in occurrences(event, horizon, overridden):
        if start >= moment:
            return _moved(event, start).model_copy(update={"recurrence_id": start})
    return None


def occurrences(
    event: CalendarEvent, until: datetime, overridden: Collection[datetime] = ()
) -> Iterator[datetime]:
    """The starts of the occurrences of ``event`` in time order, in its zone, up to the first
    one after ``until`` (that one included; at most :data:`MOST_OCCURRENCES` in all)."""
    zone = _zone_of(event)
    first = event.start.astimezone(zone)
    excluded = {moment.astimezone(UTC) for moment in (*event.exdates, *overridden)}
    extra = sorted({first, *(moment.astimezone(zone) for moment in event.rdates)})
    starts = _distinct(heapq.merge(_rule_starts(event.rrule, first, zone), extra))
    for start in islice(starts, MOST_OCCURRENCES):
        if start.astimezone(UTC) not in excluded:
            yield start
        if start > until:
            return


def _moved(event: CalendarEvent, start: datetime) -> CalendarEvent:
    """``event`` at ``start``, as long as it lasts on the wall clock (an all-day event stays
    a day long on the day the clocks change)."""
    zone = start.tzinfo or UTC
    first = event.start.astimezone(zone)
    length = event.end.astimezone(zone).replace(tzinfo=None) - first.replace(tzinfo=None)
    end = (start.replace(tzinfo=None) + length).replace(tzinfo=zone)
    return event.model_copy(update={"start": start, "end": max(end, start)})


def _distinct(starts: Iterator[datetime]) -> Iterator[datetime]:
    last: datetime | None = None
    for start in starts:
        if start != last:
            yield start
        last = start


def _rule_starts(text: str | None, first: datetime, zone: tzinfo) -> Iterator[datetime]:
    rule = None if text is None else _rule(text, first.replace(tzinfo=None), zone)
    if rule is None:
        return
    for wall in rule:
        yield wall.replace(tzinfo=zone)


@lru_cache(maxsize=1024)
def _rule(text: str, wall_start: datetime, zone: tzinfo) -> rrule | None:
    """The rule on wall-clock time from ``wall_start``; None when it cannot be read or never
    produces a date (found out here, once: dateutil searches up to the year 9999 for it)."""
    pieces = text.replace("\\", "").split(";")  # some writers escape the semicolons
    parts = [part for part in pieces if part and not _UNTIL.fullmatch(part)]
    untils = [match.group(1) for part in pieces if (match := _UNTIL.fullmatch(part))]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # COUNT with UNTIL: dateutil warns, RFC forbids
            rule = rrulestr(";".join(parts), dtstart=wall_start)
            if isinstance(rule, rrule) and untils:
                rule = rule.replace(until=_wall_until(untils[0], zone))
    except (ValueError, TypeError, OverflowError, EventDataError):
        return None
    if not isinstance(rule, rrule) or next(iter(rule), None) is None:
        return None
    return rule


def _wall_until(text: str, zone: tzinfo) -> datetime:
    """UNTIL as a wall-clock time in the series' zone; a date counts to its last second."""
    value = parse_raw("UNTIL", text)
    if isinstance(value, datetime):
        return value.astimezone(zone).replace(tzinfo=None) if value.tzinfo else value
    return datetime.combine(value, _LAST_SECOND)


def _zone_of(event: CalendarEvent) -> tzinfo:
    """The event's own zone (its times may arrive with a fixed offset, e.g. from JSON)."""
    return _named_zone(event.timezone) or event.start.tzinfo or UTC


@lru_cache(maxsize=256)
def _named_zone(name: str) -> tzinfo | None:
    if name == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
