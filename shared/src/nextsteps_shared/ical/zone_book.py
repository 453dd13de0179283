"""The time zones one file defines or names, resolved once per TZID.

A TZID that is an IANA id means that IANA zone, whatever VTIMEZONE the file carries for it
(as icalendar itself reads it: writers' copies are often truncated or wrong, e.g. Apple's
``Europe/Moscow`` at +02:30:17). For other names (Windows ids, Outlook labels, custom names)
the file's VTIMEZONE is the authority on offsets from its first onset on; the zone is reported
under an IANA name when one agrees with those offsets (the name the TZID resolves to, else a
look-alike zone), and in UTC when none does. Before the first onset and without a VTIMEZONE
the TZID is resolved by name (see ``zone_names``); a name that cannot be resolved then makes
the time unreadable.
"""

from __future__ import annotations

import warnings
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from functools import cache
from typing import Final

from icalendar import Component, Timezone
from icalendar.prop import vDDDTypes, vRecur
from icalendar.timezone import tzp

from nextsteps_shared.errors import EventDataError
from nextsteps_shared.ical.windows_zones import WINDOWS_ZONES
from nextsteps_shared.ical.zone_names import clean_tzid, iana_name, is_iana_id

_PROBE_MONTHS: Final = (1, 4, 7, 10)
_TRIM_FROM: Final = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Zone:
    """A zone to place wall times in, and the IANA name (or ``UTC``) to report."""

    tzinfo: tzinfo
    name: str


def named_zone(name: str) -> Zone:
    """The :class:`Zone` of an IANA name (``UTC`` included)."""
    return Zone(UTC, "UTC") if name == "UTC" else Zone(_zoneinfo(name), name)


class _Rules:
    """A VTIMEZONE as tzinfos, and the earliest wall time its observances speak for.

    The tzinfo for 1970 on is built from a trimmed copy (see :func:`_trimmed`); the one for
    earlier times from the VTIMEZONE as written, and only when such a time comes up.
    """

    def __init__(self, component: Timezone, recent: tzinfo) -> None:
        self.component = component
        self.recent = recent
        self.onset = _onset(component)
        self._complete: tzinfo | None = None

    def for_wall(self, wall: datetime) -> tzinfo:
        if wall >= _TRIM_FROM:
            return self.recent
        if self._complete is None:
            self._complete = tzp.create_timezone(self.component)
        return self._complete


class ZoneBook:
    """Resolves the TZIDs of one file, using the VTIMEZONEs that file carries."""

    def __init__(self, vtimezones: Iterable[Timezone]) -> None:
        self._definitions: dict[str, Timezone] = {}
        for component in vtimezones:
            key = clean_tzid(str(component.get("TZID", "")))
            self._definitions.setdefault(key, component)
        self._rules: dict[str, _Rules | None] = {}
        self._lookalikes: dict[tuple[str, int], Zone | None] = {}  # by TZID and year
        self._agreements: dict[tuple[str, datetime], bool] = {}

    def place(self, tzid: str, wall: datetime) -> tuple[datetime, str]:
        """The naive ``wall`` time in zone ``tzid``: an aware datetime and its zone name."""
        key = clean_tzid(tzid)
        name = iana_name(key)
        if name is not None and is_iana_id(key):
            return _in_zone(wall, name)
        defined = self._rules_of(key)
        if defined is not None and (name is None or not _before(wall, defined.onset)):
            return self._by_rules(key, name, defined.for_wall(wall), wall)
        if name is None:
            raise EventDataError(f'TZID "{tzid}" is not a known zone and has no VTIMEZONE')
        return _in_zone(wall, name)

    def _by_rules(
        self, key: str, name: str | None, rules: tzinfo, wall: datetime
    ) -> tuple[datetime, str]:
        if name is not None and self._name_agrees(key, name, rules, wall):
            return _in_zone(wall, name)
        moment = wall.replace(tzinfo=rules)
        lookalike = self._lookalike(key, rules, wall.year)
        if lookalike is None or not _agrees(lookalike.tzinfo, rules, wall):
            return moment.astimezone(UTC), "UTC"
        return moment.astimezone(lookalike.tzinfo), lookalike.name

    def zone_of(self, tzid: str) -> Zone | None:
        """A zone for a calendar-wide name such as X-WR-TIMEZONE, by name only."""
        name = iana_name(tzid)
        return None if name is None else named_zone(name)

    def _rules_of(self, key: str) -> _Rules | None:
        if key not in self._rules:
            self._rules[key] = self._build_rules(key)
        return self._rules[key]

    def _build_rules(self, key: str) -> _Rules | None:
        component = self._definitions.get(key)
        if component is None:
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rules: tzinfo = tzp.create_timezone(_trimmed(component))
            rules.utcoffset(datetime(2000, 1, 1))
        except Exception:  # a broken VTIMEZONE is as good as none
            return None
        return _Rules(component, rules)

    def _name_agrees(self, key: str, name: str, rules: tzinfo, wall: datetime) -> bool:
        """Whether the named zone has the VTIMEZONE's offset at ``wall`` (memoised: slow)."""
        memo_key = (key, wall)
        if memo_key not in self._agreements:
            self._agreements[memo_key] = _agrees(named_zone(name).tzinfo, rules, wall)
        return self._agreements[memo_key]

    def _lookalike(self, key: str, rules: tzinfo, year: int) -> Zone | None:
        if (key, year) not in self._lookalikes:
            self._lookalikes[key, year] = _find_lookalike(rules, year)
        return self._lookalikes[key, year]


def _trimmed(component: Timezone) -> Timezone:
    """A copy whose yearly rules start in 1969 rather than, as Outlook writes them, in 1601.

    The offsets from 1970 on are the same; dateutil just no longer replays four centuries of
    transitions (about 50 ms) on the first lookup. Only rules that fix month and day by
    themselves (BYMONTH with BYDAY or BYMONTHDAY, no COUNT) are moved.
    """
    trimmed = Timezone()
    for name, value in component.items():
        trimmed[name] = value
    for observance in component.subcomponents:
        clone = type(observance)()
        for name, value in observance.items():
            clone[name] = value
        start = _later_start(observance)
        if start is not None:
            clone["DTSTART"] = vDDDTypes(start)
        trimmed.add_component(clone)
    return trimmed


def _later_start(observance: Component) -> datetime | None:
    rule, start = observance.get("RRULE"), observance.get("DTSTART")
    if not isinstance(rule, vRecur) or not isinstance(getattr(start, "dt", None), datetime):
        return None
    fixed_dates = "BYMONTH" in rule and ("BYDAY" in rule or "BYMONTHDAY" in rule)
    simple = rule.get("FREQ") == ["YEARLY"] and rule.get("INTERVAL", [1]) == [1]
    until = rule.get("UNTIL", [None])[0]
    ends_early = until is not None and _naive(until) < _TRIM_FROM
    if not (fixed_dates and simple) or "COUNT" in rule or ends_early:
        return None
    original: datetime = start.dt
    # a year early, so that a season running over New Year (south of the equator) is known
    earlier = original.replace(year=_TRIM_FROM.year - 1, month=1, day=1)
    return earlier if original < earlier else None


def _naive(moment: object) -> datetime:
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=None)
    if isinstance(moment, date):
        return datetime.combine(moment, time())
    return _TRIM_FROM  # unreadable: let the rule be


def _in_zone(wall: datetime, name: str) -> tuple[datetime, str]:
    zone = named_zone(name)
    return wall.replace(tzinfo=zone.tzinfo), zone.name


def _onset(component: Timezone) -> datetime | None:
    """The earliest DTSTART of the VTIMEZONE's observances (naive wall time)."""
    starts: list[datetime] = []
    for observance in component.subcomponents:
        try:
            start = observance.get("DTSTART").dt
        except Exception:  # an observance without a readable start
            continue
        if isinstance(start, datetime):
            starts.append(start.replace(tzinfo=None))
    return min(starts, default=None)


def _before(wall: datetime, onset: datetime | None) -> bool:
    return onset is not None and wall < onset


def _find_lookalike(rules: tzinfo, year: int) -> Zone | None:
    """A known zone with the same offsets as ``rules`` through the seasons of ``year``."""
    probes = [datetime(year, month, 15, 12) for month in _PROBE_MONTHS]
    try:
        offsets = [rules.utcoffset(probe) for probe in probes]
    except (ValueError, OverflowError, TypeError):
        return None
    for name in _candidates():
        zone = named_zone(name)
        if [zone.tzinfo.utcoffset(probe) for probe in probes] == offsets:
            return zone
    return None


def _agrees(first: tzinfo, second: tzinfo, wall: datetime) -> bool:
    try:
        return first.utcoffset(wall) == second.utcoffset(wall)
    except (ValueError, OverflowError, TypeError):
        return False


_FIRST_CHOICES: Final = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Helsinki",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
)


@cache
def _candidates() -> tuple[str, ...]:
    """Zones to try as look-alikes: widely used ones first, then one per Windows zone."""
    return tuple(dict.fromkeys([*_FIRST_CHOICES, *sorted(WINDOWS_ZONES.values())]))


@cache
def _zoneinfo(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)
