"""The text of a calendar file: decoding, a first look, and a structural repair.

Decoding tries UTF-8, then Windows-1252, then Latin-1 (which takes any byte), for the whole
file. :func:`repair` is the fallback for files icalendar refuses: it drops the lines that
cannot belong anywhere (stray ``END``, properties outside any component, lines without a
colon) and closes what was left open, so that the events that are intact can still be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

_ENCODINGS: Final = ("utf-8", "cp1252", "latin-1")
_BOM: Final = "\ufeff"
_FOLD: Final = re.compile(r"\r?\n[ \t]")
_NEWLINE: Final = re.compile(r"\r\n|\r|\n")
_CALENDAR_MARK: Final = re.compile(r"^[ \t]*BEGIN[ \t]*:[ \t]*V(?:CALENDAR|EVENT)\b", re.I | re.M)
_EVENT_BEGIN: Final = re.compile(r"^BEGIN:VEVENT[ \t]*\r?$", re.I | re.M)
_NAME: Final = re.compile(r"[A-Za-z0-9-]+")
_DATE_AT_LINE_END: Final = re.compile(r":\d{8}[ \t]*$", re.M)
_TZID_PARAM: Final = re.compile(r';TZID=(?:"[^"\n]*"|[^;:\n]*)', re.I)
_DATE_PROPERTIES: Final = ("DTSTART", "DTEND", "RECURRENCE-ID", "DUE", "EXDATE", "RDATE")


def decode(data: bytes | str) -> str:
    """The file as text, without a byte-order mark."""
    if isinstance(data, str):
        return data.removeprefix(_BOM)
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding).removeprefix(_BOM)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any byte")  # pragma: no cover


def unfold(text: str) -> str:
    """Content lines joined again (RFC 5545 §3.1), line ends made LF."""
    return _FOLD.sub("", text.replace("\r\n", "\n"))


def dates_without_tzid(unfolded: str) -> str:
    """The text with the TZID dropped from plain dates (``DTSTART;TZID=X:20240102``).

    A date has no time zone; icalendar would turn such a value into midnight in that zone,
    or keep it a date when it does not know the zone, depending on what it saw before.
    """
    heads: list[tuple[int, int]] = []
    for match in _DATE_AT_LINE_END.finditer(unfolded):
        line_start = unfolded.rfind("\n", 0, match.start()) + 1
        head = unfolded[line_start : match.start()].upper()
        if head.startswith(_DATE_PROPERTIES) and "TZID=" in head:
            heads.append((line_start, match.start()))
    if not heads:
        return unfolded
    pieces: list[str] = []
    done = 0
    for start, end in heads:
        pieces += [unfolded[done:start], _TZID_PARAM.sub("", unfolded[start:end])]
        done = end
    return "".join([*pieces, unfolded[done:]])


def looks_like_calendar(unfolded: str) -> bool:
    """Whether a VCALENDAR or a VEVENT begins anywhere in the text."""
    return _CALENDAR_MARK.search(unfolded) is not None


def count_event_begins(unfolded: str) -> int:
    """How many ``BEGIN:VEVENT`` lines the unfolded text has."""
    return len(_EVENT_BEGIN.findall(unfolded))


def repair(unfolded: str) -> str:
    """The text with unplaceable lines dropped, open components closed, all in a VCALENDAR."""
    kept: list[str] = []
    stack: list[str] = []
    for line in _NEWLINE.split(unfolded):
        _place_line(line, stack, kept)
    kept.extend(f"END:{name}" for name in reversed(stack))
    return "\r\n".join(kept) + "\r\n"


def _place_line(line: str, stack: list[str], kept: list[str]) -> None:
    name, colon, value = line.partition(":")
    keyword = name.strip().upper()
    if not colon or _NAME.fullmatch(keyword.split(";", 1)[0]) is None:
        return
    component = value.strip().upper()
    if keyword == "BEGIN":
        if _NAME.fullmatch(component):
            _begin(component, stack, kept)
    elif keyword == "END":
        if component in stack:
            _close(component, stack, kept)
    elif stack:
        kept.append(line)


def _begin(component: str, stack: list[str], kept: list[str]) -> None:
    """Open ``component``; calendars never nest, other components always sit in one."""
    if component == "VCALENDAR" and stack:
        _close(stack[0], stack, kept)
    if not stack and component != "VCALENDAR":
        stack.append("VCALENDAR")
        kept.append("BEGIN:VCALENDAR")
    stack.append(component)
    kept.append(f"BEGIN:{component}")


def _close(component: str, stack: list[str], kept: list[str]) -> None:
    while stack:
        closed = stack.pop()
        kept.append(f"END:{closed}")
        if closed == component:
            return


@dataclass
class CalendarText:
    """One VCALENDAR of a repaired file: its own content lines and each child component."""

    properties: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


def split_calendars(repaired: str) -> list[CalendarText]:
    """The calendars of a :func:`repair`-ed text (where every component sits in a VCALENDAR)."""
    calendars: list[CalendarText] = []
    depth = 0
    child: list[str] = []
    for line in repaired.splitlines():
        if line.startswith("BEGIN:"):
            depth += 1
            if depth == 1:
                calendars.append(CalendarText())
                continue
        if depth >= 2:
            child.append(line)
        elif depth == 1 and not line.startswith("END:"):
            calendars[-1].properties.append(line)
        if line.startswith("END:"):
            depth -= 1
            if depth == 1:
                calendars[-1].children.append("\r\n".join(child) + "\r\n")
                child = []
    return calendars
