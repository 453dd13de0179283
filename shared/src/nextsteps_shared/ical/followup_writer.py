"""Follow-ups as iCalendar text, written with the ``ics`` package (DESIGN.md §5).

What every VEVENT carries: ``UID`` = ``<followup.uid>@nextsteps``, ``DTSTAMP``, ``DTSTART`` and
``DTEND`` in UTC, ``SUMMARY``, ``DESCRIPTION``, a display ``VALARM``, ``TRANSP:TRANSPARENT``,
``CLASS:PRIVATE``, ``URL`` (the ``mailto:`` draft when there is one) and the ``X-NEXTSTEPS-*``
properties by which nextsteps recognises its own events later. Never ``ATTENDEE`` or
``ORGANIZER``: a server would e-mail the recruiter an invitation.

``ics`` 0.7.3 writes no ``DTSTAMP``, writes a zero alarm offset as the invalid ``TRIGGER:P``,
does not fold long lines and keeps events in a set; this module adds the first, repairs the
second, folds at 75 octets, and orders events by start itself.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

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
) -> str:
    """One VCALENDAR with every follow-up, ordered by start then id: an ICS file or feed."""
    ordered = sorted(followups, key=lambda f: (f.start, f.uid))
    return _calendar(ordered, now, alarm_minutes_before, name=name)


def _calendar(
    followups: list[FollowUp], now: datetime, alarm_minutes: int, name: str | None
) -> str:
    stamp = _utc(now, "now").strftime("%Y%m%dT%H%M%SZ")
    calendar = ics.Calendar(creator=PRODID)
    if name is not None:
        calendar.extra.append(ContentLine("X-WR-CALNAME", value=_text(name)))
    head, _, tail = calendar.serialize().rpartition("END:VCALENDAR")
    with warnings.catch_warnings():  # ics 0.7.3 itself calls str() on its alarms
        warnings.simplefilter("ignore", FutureWarning)
        events = [_event(f, stamp, alarm_minutes).serialize() for f in followups]
    lines = _CRLF.join([head.rstrip(_CRLF), *events, "END:VCALENDAR" + tail]).split(_CRLF)
    return "".join(_fold(_repaired(line)) + _CRLF for line in lines if line)


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
        ]
    )
    return event


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
    if len(line) <= _FOLD_OCTETS // 4 or len(line.encode()) <= _FOLD_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, _FOLD_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, _FOLD_OCTETS - 1  # continuation lines start with " "
        current.append(char)
        size += width
    parts.append("".join(current))
    return (_CRLF + " ").join(parts)
