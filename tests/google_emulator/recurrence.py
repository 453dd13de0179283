"""Recurring events: expanding a series into instances the way Calendar names them.

A recurring event (one with ``recurrence`` lines: RRULE, EXRULE, RDATE, EXDATE) stands for its
instances. Google gives each instance the id ``<seriesId>_<original start>``
(``..._20240501T080000Z`` for timed events, in UTC; ``..._20240501`` for all-day ones), with
``recurringEventId`` and
``originalStartTime``. A changed or cancelled instance is stored as its own event under that id
(an exception) and replaces the generated one. Rules are expanded with python-dateutil in the
series' own time zone, so a weekly 09:00 stays 09:00 across daylight-saving changes.

Emulator limit: a series without an end is expanded up to ``timeMax`` or, without one,
:data:`HORIZON_DAYS` after today (or after its first instance, if later), and never beyond
:data:`MAX_INSTANCES` instances.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateutil import rrule
from tests.google_emulator import errors
from tests.google_emulator.event_time import When, read_span, zone

HORIZON_DAYS = 730
MAX_INSTANCES = 1000
_DATE_LIST = re.compile(r"^(RDATE|EXDATE)((?:;[^:]*)?):(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Series:
    """A recurring event's rule set, its first start and the length of each instance."""

    rules: rrule.rruleset
    first: When
    length: timedelta

    def starts(self, until: datetime | None = None) -> Iterator[When]:
        """The original start of each instance that begins before ``until`` (an instant;
        by default :data:`HORIZON_DAYS` after today or after the first instance, the later)."""
        if until is None:
            first = _instant(_first(self.first))
            until = max(datetime.now(UTC), first) + timedelta(days=HORIZON_DAYS)
        for count, occurrence in enumerate(self.rules):
            if count >= MAX_INSTANCES or _instant(occurrence) >= until:
                return
            yield self._when(occurrence)

    def has_start(self, start: When) -> bool:
        """Whether ``start`` is the original start of one of the instances."""
        wanted = self._raw(start)
        return any(o == wanted for o in self.rules.between(wanted, wanted, inc=True))

    def end_of(self, start: When) -> When:
        if isinstance(start.value, datetime):
            return When(start.value + self.length, start.zone)
        return When(start.value + self.length, None)

    def _when(self, occurrence: datetime) -> When:
        if self.first.all_day:
            return When(occurrence.date(), None)
        return When(occurrence, self.first.zone)

    def _raw(self, start: When) -> datetime:
        if isinstance(start.value, datetime):
            return start.value.astimezone(zone(self.first.zone or "UTC"))
        return datetime.combine(start.value, time())


def _instant(occurrence: datetime) -> datetime:
    return occurrence if occurrence.tzinfo else occurrence.replace(tzinfo=UTC)


def series_of(resource: dict[str, Any]) -> Series:
    """The series of a recurring event resource; 400 when its rules cannot be read."""
    start, end = read_span(resource)
    if not start.all_day and start.zone is None:
        raise errors.bad_request("Missing time zone definition for start time.", location="start")
    first = _first(start)
    rules = rrule.rruleset()
    rules.rdate(first)  # the first start is always an instance (RFC 5545 3.8.5.3)
    try:
        for line in resource.get("recurrence", []):
            _add(rules, line.strip(), first)
    except (ValueError, TypeError) as err:
        raise errors.invalid(f"Invalid recurrence rule: {err}", "recurrence") from None
    length = end.value - start.value  # type: ignore[operator]
    return Series(rules, start, length)


def _first(start: When) -> datetime:
    if isinstance(start.value, datetime):
        return start.value.astimezone(zone(start.zone or "UTC"))
    return datetime.combine(start.value, time())


def _add(rules: rrule.rruleset, line: str, first: datetime) -> None:
    name = line.split(":", 1)[0].split(";", 1)[0].upper()
    if name in ("RRULE", "EXRULE"):
        rule = rrule.rrulestr(line.split(":", 1)[1], dtstart=first)
        (rules.rrule if name == "RRULE" else rules.exrule)(rule)  # type: ignore[arg-type]
        return
    dated = _DATE_LIST.match(line)
    if dated is None:
        raise ValueError(f"unknown recurrence line {line!r}")
    add = rules.rdate if name == "RDATE" else rules.exdate
    for value in _dates(dated.group(2), dated.group(3), first):
        add(value)


def _dates(params: str, values: str, first: datetime) -> Iterator[datetime]:
    named = re.search(r";TZID=([^;:]+)", params, re.IGNORECASE)
    for text in values.split(","):
        yield _date_value(text.strip(), named.group(1) if named else None, first)


def _date_value(text: str, tzid: str | None, first: datetime) -> datetime:
    if re.fullmatch(r"\d{8}", text):
        day = datetime.strptime(text, "%Y%m%d")
        return day if first.tzinfo is None else datetime.combine(day.date(), first.timetz())
    parsed = datetime.strptime(text.rstrip("Zz"), "%Y%m%dT%H%M%S")
    if text.upper().endswith("Z"):
        parsed = parsed.replace(tzinfo=UTC)
    elif first.tzinfo is not None:
        parsed = parsed.replace(tzinfo=zone(tzid) if tzid else first.tzinfo)
    if first.tzinfo is None:
        return parsed.replace(tzinfo=None)
    return parsed.astimezone(first.tzinfo)


def instance_id(series_id: str, start: When) -> str:
    """Google's id of the instance of ``series_id`` that originally starts at ``start``."""
    if isinstance(start.value, datetime):
        return f"{series_id}_{start.value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{series_id}_{start.value:%Y%m%d}"


def original_start(event_id: str) -> tuple[str, When] | None:
    """The series id and original start an instance id names, or None for a plain id."""
    series_id, _, suffix = event_id.rpartition("_")
    if not series_id:
        return None
    if re.fullmatch(r"\d{8}T\d{6}Z", suffix):
        moment = datetime.strptime(suffix, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return series_id, When(moment)
    if re.fullmatch(r"\d{8}", suffix):
        return series_id, When(date(int(suffix[:4]), int(suffix[4:6]), int(suffix[6:])))
    return None
