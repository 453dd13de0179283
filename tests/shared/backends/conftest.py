"""The contract suite's subjects: memory, Radicale (by sync token and by etags), Xandikos, and
Google (the Calendar v3 emulator, through google-api-python-client)."""

from __future__ import annotations

import pytest
from tests.google_emulator.control import GoogleEmulator
from tests.servers.dav_servers import DavServer
from tests.shared.backends.subjects import CaldavSubject, GoogleSubject, MemorySubject, Subject


@pytest.fixture(params=["memory", "radicale", "radicale-etags", "xandikos", "google"])
def subject(request: pytest.FixtureRequest) -> Subject:
    """One backend with a fresh, empty calendar."""
    name: str = request.param
    if name == "memory":
        return MemorySubject()
    if name == "google":
        google: GoogleEmulator = request.getfixturevalue("google_emulator")
        return GoogleSubject(google)
    server: DavServer = request.getfixturevalue(f"{name.split('-', maxsplit=1)[0]}_server")
    return CaldavSubject(server, has_tokens=not name.endswith("-etags"))
