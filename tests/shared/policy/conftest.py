"""Builders for policy tests: realistic interviews, owners and readings of their notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nextsteps_shared.event import CalendarEvent, EventStatus
from nextsteps_shared.interview import Interview
from nextsteps_shared.owner import Owner
from nextsteps_shared.people import Person

MakeInterview = Callable[..., Interview]

OWNER_ADDRESS = "lena.hoffmann@posteo.de"


@pytest.fixture
def owner() -> Owner:
    return Owner.build([OWNER_ADDRESS, "lena.h@gmail.com"], timezone="Europe/Berlin")


@pytest.fixture
def make_interview() -> MakeInterview:
    """``make_interview("2026-03-03 14:00", minutes=60, zone="Europe/Berlin", ...)``."""

    def build(
        start: str,
        minutes: int = 60,
        zone: str = "Europe/Berlin",
        *,
        uid: str = "7f3c2a10-greenhouse-interview-88121@greenhouse.io",
        company: str | None = "Northwind Logistics",
        role: str | None = "Senior Backend Engineer",
        stage: str | None = "technical",
        summary: str = "Technical interview: Lena Hoffmann / Northwind Logistics",
        status: EventStatus = EventStatus.CONFIRMED,
        all_day: bool = False,
        attendees: tuple[Person, ...] | None = None,
        organizer: Person | None = None,
    ) -> Interview:
        tz = ZoneInfo(zone)
        begin = datetime.fromisoformat(start).replace(tzinfo=tz)
        end = datetime.fromtimestamp(begin.timestamp() + minutes * 60, tz)
        event = CalendarEvent(
            uid=uid,
            summary=summary,
            start=begin,
            end=end,
            timezone=zone,
            all_day=all_day,
            status=status,
            organizer=organizer
            or Person(email="no-reply@us.greenhouse-mail.io", name="Greenhouse"),
            attendees=attendees
            if attendees is not None
            else (
                Person(email=OWNER_ADDRESS, name="Lena Hoffmann"),
                Person(email="priya.raman@northwind-logistics.com", name="Priya Raman"),
                Person(email="tom.becker@northwind-logistics.com", name="Becker, Tom"),
                Person(email="recruiting@northwind-logistics.com", name="Northwind Recruiting"),
            ),
        )
        return Interview(event=event, company=company, role=role, stage=stage)

    return build
