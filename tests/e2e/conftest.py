"""Fixtures of the end-to-end suite: a fresh calendar on Radicale and on Xandikos (the session
servers) and in a Google account on the Calendar v3 emulator, and a nextsteps installation of
its own connected to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.e2e.google_owner_calendar import GoogleOwnerCalendar
from tests.e2e.installation import CalendarUnderTest, Installation
from tests.e2e.owner_calendar import OwnerCalendar
from tests.google_emulator.control import GoogleEmulator
from tests.servers.dav_servers import DavServer


@pytest.fixture(params=["radicale", "xandikos", "google"])
def calendar(request: pytest.FixtureRequest) -> CalendarUnderTest:
    """A new, empty calendar on one of the real servers, or in the emulator's account."""
    if request.param == "google":
        google: GoogleEmulator = request.getfixturevalue("google_emulator")
        return GoogleOwnerCalendar(google)
    server: DavServer = request.getfixturevalue(f"{request.param}_server")
    return OwnerCalendar(server)


@pytest.fixture
def nextsteps(tmp_path: Path, calendar: CalendarUnderTest) -> Installation:
    """``nextsteps connect caldav`` (or ``google``) done: one account watching ``calendar``."""
    return Installation(tmp_path / "data", calendar)
