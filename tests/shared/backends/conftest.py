"""The contract suite's subjects: memory, Radicale (by sync token and by etags), Xandikos."""

from __future__ import annotations

import pytest
from tests.servers.dav_servers import DavServer
from tests.shared.backends.subjects import CaldavSubject, MemorySubject, Subject


@pytest.fixture(params=["memory", "radicale", "radicale-etags", "xandikos"])
def subject(request: pytest.FixtureRequest) -> Subject:
    """One backend with a fresh, empty calendar."""
    name: str = request.param
    if name == "memory":
        return MemorySubject()
    server: DavServer = request.getfixturevalue(f"{name.split('-', maxsplit=1)[0]}_server")
    return CaldavSubject(server, has_tokens=not name.endswith("-etags"))
