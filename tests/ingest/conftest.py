"""Fixtures of the ingest tests: a fresh owner calendar on each backend, one installation."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ingest.ingest_harness import BACKENDS, OwnerCalendar, ingest_settings
from tests.servers.dav_servers import DavServer

from nextsteps_shared.settings import NextstepsSettings


@pytest.fixture(params=BACKENDS)
def calendar(request: pytest.FixtureRequest) -> OwnerCalendar:
    """A fresh, empty calendar on the memory backend, Radicale or Xandikos."""
    name: str = request.param
    server: DavServer | None = (
        None if name == "memory" else request.getfixturevalue(f"{name}_server")
    )
    return OwnerCalendar.fresh(name, server)


@pytest.fixture
def settings(tmp_path: Path, nats_url: str, state_database: str) -> NextstepsSettings:
    """One installation: its own data dir and state database (SQLite, then PostgreSQL), the
    session's nats-server."""
    return ingest_settings(tmp_path / "data", nats_url, state_database)
