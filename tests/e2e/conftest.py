"""Fixtures of the end-to-end suite: a fresh calendar on Radicale and on Xandikos (the session
servers), and a nextsteps installation of its own connected to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.e2e.installation import Installation
from tests.e2e.owner_calendar import OwnerCalendar
from tests.servers.dav_servers import DavServer


@pytest.fixture(params=["radicale", "xandikos"])
def calendar(request: pytest.FixtureRequest) -> OwnerCalendar:
    """A new, empty calendar on one of the real servers."""
    server: DavServer = request.getfixturevalue(f"{request.param}_server")
    return OwnerCalendar(server)


@pytest.fixture
def nextsteps(tmp_path: Path, calendar: OwnerCalendar) -> Installation:
    """``nextsteps connect caldav`` done: one account watching ``calendar``."""
    return Installation(tmp_path / "data", calendar)
