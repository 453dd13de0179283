"""pytest fixtures for the state database (registered from tests/conftest.py).

``state_database`` runs a test once on SQLite (the file in the test's temp directory, where
the data directory's default would put it) and once on PostgreSQL (a fresh database on the
local server): the same suite on both. When PostgreSQL cannot be reached the postgresql runs
fail rather than skip: CI starts the server, so not reaching it is a broken setup.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from tests.servers.postgres import PostgresServer

from nextsteps_shared.database import database_url

DATABASES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> PostgresServer:
    """The local PostgreSQL (see tests/servers/postgres.py)."""
    try:
        return PostgresServer.find()
    except psycopg.OperationalError as err:
        pytest.fail(
            f"PostgreSQL cannot be reached ({err}); start it, e.g. pg_ctlcluster"
            " --skip-systemctl-redirect $(ls /etc/postgresql) main start",
            pytrace=False,
        )


@pytest.fixture
def postgres_database(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database, dropped after the test."""
    with postgres_server.fresh_database() as url:
        yield url


@pytest.fixture(params=DATABASES)
def state_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty state database: SQLite in ``tmp_path`` (the default for a data
    directory there), then PostgreSQL."""
    if request.param == "sqlite":
        return database_url(tmp_path, None)
    url: str = request.getfixturevalue("postgres_database")
    return url
