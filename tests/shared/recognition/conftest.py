"""Builders shared by the recognition tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.people import Person

START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def _make_event(
    summary: str,
    description: str = "",
    organizer: str | None = None,
    attendees: tuple[str, ...] = (),
    names: dict[str, str] | None = None,
) -> CalendarEvent:
    """An hour-long event; ``names`` gives display names by address."""
    names = names or {}
    return CalendarEvent(
        uid="t1",
        summary=summary,
        description=description,
        start=START,
        end=START + timedelta(hours=1),
        organizer=Person(email=organizer, name=names.get(organizer)) if organizer else None,
        attendees=tuple(Person(email=a, name=names.get(a)) for a in attendees),
    )


EventMaker = Callable[..., CalendarEvent]


@pytest.fixture(scope="session")
def make_event() -> EventMaker:
    """Build an event: ``make_event(summary, description, organizer, attendees, names)``."""
    return _make_event
