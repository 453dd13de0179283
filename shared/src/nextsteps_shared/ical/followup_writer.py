"""Follow-ups as iCalendar text, written with the ``ics`` package (DESIGN.md §5).

What every VEVENT carries: ``UID`` = ``<followup.uid>@nextsteps`` (stable: the same interview and
step keep it), ``SEQUENCE`` (one more for each changed version), ``DTSTAMP``, ``DTSTART`` and
``DTEND`` in UTC, ``SUMMARY``, ``DESCRIPTION``, a display ``VALARM``, ``TRANSP:TRANSPARENT``,
``CLASS:PRIVATE``, ``URL`` (the ``mailto:`` draft when there is one) and the ``X-NEXTSTEPS-*``
properties by which nextsteps recognises its own events later. Never ``ATTENDEE`` or
``ORGANIZER``: a server would e-mail the recruiter an invitation. A calendar published as a
feed says how often to fetch it again (``REFRESH-INTERVAL``, RFC 7986, and the older
``X-PUBLISHED-TTL`` that Outlook and Apple read).

``ics`` 0.7.3 writes no ``DTSTAMP``, writes a zero alarm offset as the invalid ``TRIGGER:P``,
does not fold long lines and keeps events in a set; this module adds the first, repairs the
second, folds at 75 octets, and orders events by start itself.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import ics
from ics.grammar.parse import ContentLine

from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.policy.identity import followup_uid

__all__ = [
    "ATTEMPT_PROPERTY",
    "INTERVIEW_PROPERTY",
    "KIND_PROPERTY",
    "PRODID",
    "UID_SUFFIX",
    "followup_uid",
    "ical_uid",
    "render_calendar",
    "render_followup",
]

PRODID = "-//nextsteps//follow-ups//EN"
UID_SUFFIX = "@nextsteps"
KIND_PROPERTY = "X-NEXTSTEPS-KIND"
INTERVIEW_PROPERTY = "X-NEXTSTEPS-INTERVIEW"
ATTEMPT_PROPERTY = "X-NEXTSTEPS-ATTEMPT"

_CRLF = "\r\n"
_STAMP_LINE = "DTSTAMP:19700101T000000Z"  # replaced by the time of rendering
_FOLD_OCTETS = 75
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})
_ALARM_TEXT = {
    FollowUpKind.NEXT_STEPS_NOTE: "Write down the next steps",
    FollowUpKind.THANK_YOU: "Send a thank-you note",
    FollowUpKind.FOLLOW_UP: "Follow up now",
    FollowUpKind.FOLLOW_UP_AGAIN: "Follow up again",
}


def ical_uid(followup: FollowUp) -> str:
    """The iCalendar UID of a follow-up: its id with ``@nextsteps``."""
    return followup.uid + UID_SUFFIX


def render_followup(followup: FollowUp, now: datetime, *, alarm_minutes_before: int = 0) -> str:
    """One VCALENDAR holding one VEVENT: what a CalDAV ``PUT`` of the follow-up sends."""
    return _calendar([followup], now, alarm_minutes_before, name=None)


def render_calendar(
    followups: Iterable[FollowUp],
    now: datetime,
    name: str = "nextsteps follow-ups",
    *,
    alarm_minutes_before: int = 0,
    refresh: timedelta | None = None,
) -> str:
    """One VCALENDAR with every follow-up, ordered by start then id: an ICS file or feed;
    ``refresh``: how often subscribers should fetch it again (none said when None)."""
    ordered = sorted(followups, key=lambda f: (f.start, f.uid))
    return _calendar(ordered, now, alarm_minutes_before, name=name, refresh=refresh)


def _calendar(
    followups: list[FollowUp],
    now: datetime,
    alarm_minutes: int,
    name: str | None,
    refresh: timedelta | None = None,
) -> str:
    stamp = "DTSTAMP:" + _utc(now, "now").strftime("%Y%m%dT%H%M%SZ")
    calendar = ics.Calendar(creator=PRODID)
    if name is not None:
        calendar.extra.append(ContentLine("X-WR-CALNAME", value=_text(name)))
    if refresh is not None:
        calendar.extra.extend(_refresh_lines(refresh))
    head, _, tail = calendar.serialize().rpartition("END:VCALENDAR")
    lines = [_fold(line) for line in head.split(_CRLF) if line]
    for followup in followups:
        lines.extend(
            stamp if line == _STAMP_LINE else line for line in _vevent(followup, alarm_minutes)
        )
    lines.extend(line for line in ("END:VCALENDAR" + tail).split(_CRLF) if line)
    return "".join(line + _CRLF for line in lines)


@lru_cache(maxsize=8192)
def _vevent(followup: FollowUp, alarm_minutes: int) -> tuple[str, ...]:
    """The folded lines of one VEVENT, its DTSTAMP a placeholder (rendered once per content:
    the ICS file and feed render the same follow-ups over and over)."""
    with warnings.catch_warnings():  # ics 0.7.3 itself calls str() on its alarms
        warnings.simplefilter("ignore", FutureWarning)
        text = _event(followup, _STAMP_LINE.removeprefix("DTSTAMP:"), alarm_minutes).serialize()
    return tuple(_fold(_repaired(line)) for line in text.split(_CRLF) if line)


def _event(followup: FollowUp, stamp: str, alarm_minutes: int) -> ics.Event:
    alarm = ics.DisplayAlarm(
        trigger=-timedelta(minutes=alarm_minutes), display_text=_ALARM_TEXT[followup.kind]
    )
    event = ics.Event(
        name=followup.summary,
        begin=_utc(followup.start, "start"),
        end=_utc(followup.end, "end"),
        uid=ical_uid(followup),
        description=followup.description,
        url=followup.mailto,
        transparent=True,
        classification="PRIVATE",
        alarms=[alarm],
    )
    event.extra.extend(
        [
            ContentLine("DTSTAMP", value=stamp),
            ContentLine(KIND_PROPERTY, value=followup.kind.value),
            ContentLine(INTERVIEW_PROPERTY, value=_text(followup.interview_key)),
            ContentLine(ATTEMPT_PROPERTY, value=str(followup.attempt)),
            ContentLine("SEQUENCE", value=str(followup.sequence)),
        ]
    )
    return event


def _refresh_lines(refresh: timedelta) -> list[ContentLine]:
    seconds = int(refresh.total_seconds())
    if seconds <= 0:
        raise ValueError(f"refresh interval must be positive, got {refresh!r}")
    duration = _duration(seconds)
    return [
        ContentLine("REFRESH-INTERVAL", params={"VALUE": ["DURATION"]}, value=duration),
        ContentLine("X-PUBLISHED-TTL", value=duration),
    ]


def _duration(seconds: int) -> str:
    """A positive DURATION value (RFC 5545 §3.3.6) in its shortest exact form: ``PT1H``."""
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


def _utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime, got {moment!r}")
    return moment.astimezone(UTC)


def _text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11) that ``ics`` writes as it is given."""
    return value.translate(_TEXT_ESCAPES)


def _repaired(line: str) -> str:
    """``ics`` writes a zero offset as ``P``, which is no duration at all."""
    return "TRIGGER:PT0S" if line == "TRIGGER:P" else line


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    if len(line) <= _FOLD_OCTETS // 4:
        return line
    data = line.encode()
    if len(data) <= _FOLD_OCTETS:
        return line
    parts: list[bytes] = []
    start, limit = 0, _FOLD_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back up to the character start
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, _FOLD_OCTETS - 1  # continuation lines start with " "
    parts.append(data[start:])
    return (_CRLF + " ").join(part.decode() for part in parts)
