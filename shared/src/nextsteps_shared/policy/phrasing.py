"""Small pieces of English text for follow-ups: days, times, names, greetings.

Written by hand rather than with ``strftime`` so the words never depend on the process locale.
"""

from __future__ import annotations

from datetime import date, datetime

from nextsteps_shared.people import Person

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: date) -> str:
    """``Tue 3 Mar 2026``."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_day_text(day: date) -> str:
    """``Tue 3 Mar``: for drafts, where the year is obvious."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def span_text(start: datetime, end: datetime, zone: str) -> str:
    """``Tue 3 Mar 2026, 14:00–15:00 (Europe/Berlin)``; both ends already in ``zone``."""
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{day_text(end.date())} {end:%H:%M}"
    return f"{day_text(start.date())}, {start:%H:%M}–{until} ({zone})"


def person_text(person: Person) -> str:
    """``Jane Doe <jane@acme.com>`` or the bare address."""
    name = display_name(person)
    return f"{name} <{person.email}>" if name else person.email


def display_name(person: Person) -> str | None:
    """The person's name as written, unless it is missing or just an address."""
    name = (person.name or "").strip().strip('"').strip()
    return name if name and "@" not in name else None


def first_name(person: Person) -> str | None:
    """``Jane`` from ``Jane Doe`` or ``Doe, Jane``; None when there is no usable name."""
    name = display_name(person)
    if name is None:
        return None
    if "," in name:
        name = name.partition(",")[2].strip() or name.partition(",")[0]
    first = name.split()[0] if name.split() else ""
    return first if first.isalpha() or "-" in first else None
