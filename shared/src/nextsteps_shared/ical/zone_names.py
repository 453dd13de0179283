"""Turning the time-zone names that calendars write into IANA zone names.

Calendars name zones in many ways besides IANA ids: Windows ids ("W. Europe Standard Time"),
"globally unique" vendor paths ("/mozilla.org/20070129_1/Europe/Berlin"), Outlook display
labels ("(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna") and bare offsets
("GMT+0100", "UTC+11"). :func:`iana_name` maps each to an IANA id, or ``None``.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from functools import cache
from typing import Final

from nextsteps_shared.ical.windows_zones import WINDOWS_ZONES

_UTC_ALIASES: Final = frozenset(
    {"UTC", "GMT", "Z", "ZULU", "UNIVERSAL", "UCT", "ETC/UTC", "ETC/GMT"}
)
# "GMT+0100", "UTC-05:00", "GMT +01.00", "UTC+11" (only when that is the whole name or its head).
_OFFSET: Final = re.compile(r"\(?\s*(?:GMT|UTC)\s?([+-])(\d{1,2})(?:[:.]?(\d{2}))?\s*\)?")
_LABEL_PREFIX: Final = re.compile(r"^\(\s*(?:GMT|UTC)[^)]{0,12}\)\s*")
_WORD_SPLIT: Final = re.compile(r"[,;&/()]+")
_MAX_NAME: Final = 200
# Outlook labels that name a region rather than a city.
_REGION_LABELS: Final = {
    "eastern time (us & canada)": "America/New_York",
    "central time (us & canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver",
    "pacific time (us & canada)": "America/Los_Angeles",
    "atlantic time (canada)": "America/Halifax",
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
}


def iana_name(tzid: str) -> str | None:
    """The IANA zone that ``tzid`` names, or ``None`` when it cannot be told."""
    cleaned = clean_tzid(tzid)
    if not cleaned or len(cleaned) > _MAX_NAME:
        return None
    return _resolve(cleaned)


def is_iana_id(tzid: str) -> bool:
    """Whether the (cleaned) TZID is itself an IANA id such as ``Europe/Berlin`` or ``UTC``."""
    name = clean_tzid(tzid).strip("/")
    return name.upper() in _UTC_ALIASES or name.casefold() in _iana_by_folded_name()


def clean_tzid(tzid: str) -> str:
    """A TZID without the quotes, escapes and blanks that writers leave around it."""
    return tzid.replace("\\", "").strip().strip('"').strip()


@cache
def _resolve(name: str) -> str | None:
    return (
        _known(name.strip("/"))
        or _windows(name)
        or _vendor_path(name)
        or _outlook_label(name)
        or _fixed_offset(name)
    )


def _known(name: str) -> str | None:
    if name.upper() in _UTC_ALIASES:
        return "UTC"
    return _iana_by_folded_name().get(name.casefold())


def _windows(name: str) -> str | None:
    found = WINDOWS_ZONES.get(name)
    if found is None:
        found = _windows_by_folded_name().get(name.casefold().rstrip(":"))
    return found


def _vendor_path(name: str) -> str | None:
    """The longest trailing IANA id of a path such as ``/softwarestudio.org/Tzfile/Asia/Tokyo``."""
    parts = [part for part in name.split("/") if part]
    for first in range(1, len(parts)):
        found = _known("/".join(parts[first:]))
        if found is not None and "/" in found:
            return found
    return None


def _outlook_label(name: str) -> str | None:
    """An Outlook display label: the first listed city that is the city of an IANA zone."""
    rest = _LABEL_PREFIX.sub("", name)
    if rest == name and "," not in name:
        return None
    region = rest.casefold()
    for label, zone in _REGION_LABELS.items():
        if region.startswith(label):
            return zone
    cities = _iana_by_city()
    for chunk in _WORD_SPLIT.split(rest):
        words = chunk.split()
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                found = cities.get(_fold(" ".join(words[start : start + size])))
                if found is not None:
                    return found
    return None


def _fixed_offset(name: str) -> str | None:
    """``GMT+0100`` and the like, as the ``Etc/GMT`` zone of that offset (whole hours only)."""
    match = _OFFSET.match(name)
    if match is None:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if minutes or hours > 14:  # 14 hours is the widest offset in use
        return None
    if hours == 0:
        return "UTC"
    # Etc/GMT signs are inverted: Etc/GMT-1 is one hour ahead of UTC.
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return plain.replace("_", " ").casefold().strip()


@cache
def _available() -> frozenset[str]:
    return frozenset(
        zone for zone in zoneinfo.available_timezones() if zone not in {"localtime", "Factory"}
    )


@cache
def _iana_by_folded_name() -> dict[str, str]:
    return {zone.casefold(): zone for zone in sorted(_available())}


@cache
def _windows_by_folded_name() -> dict[str, str]:
    return {windows.casefold(): zone for windows, zone in WINDOWS_ZONES.items()}


@cache
def _iana_by_city() -> dict[str, str]:
    """City (last part of an IANA id, e.g. ``new york``) -> the id; canonical areas win."""
    cities: dict[str, str] = {}
    for zone in sorted(_available(), key=_area_rank):
        if zone.split("/", 1)[0] in _AREAS:
            cities.setdefault(_fold(zone.rsplit("/", 1)[1]), zone)
    return cities


_AREAS: Final = (
    "Europe",
    "America",
    "Asia",
    "Africa",
    "Australia",
    "Pacific",
    "Atlantic",
    "Indian",
    "Antarctica",
)


def _area_rank(zone: str) -> tuple[int, str]:
    area = zone.split("/", 1)[0]
    return (_AREAS.index(area) if area in _AREAS else len(_AREAS), zone)
