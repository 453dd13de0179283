"""PostgreSQL for the tests: the server these machines run at 127.0.0.1:5432 (trust auth;
.ci/run starts it when it is down), and a fresh database on it for each test.

``NEXTSTEPS_TEST_POSTGRES`` names another server (a libpq URL of a maintenance database, e.g.
``postgresql://me@db.local:5433/postgres``). Databases are named ``nextsteps_test_<random>``
and dropped (connections and all) after the test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from sqlalchemy.engine import make_url

DEFAULT_SERVER = "postgresql://{user}@127.0.0.1:5432/postgres"
USERS = ("postgres", "root")  # whichever the machine's trust rule lets in


@dataclass(frozen=True)
class PostgresServer:
    """A reachable server and a maintenance database URL on it (libpq form)."""

    url: str

    @classmethod
    def find(cls) -> PostgresServer:
        """The configured server, else the local one as ``postgres`` or ``root``; raises
        ``psycopg.OperationalError`` with every refusal when none answers."""
        candidates = [os.environ.get("NEXTSTEPS_TEST_POSTGRES")]
        if candidates[0] is None:
            candidates = [DEFAULT_SERVER.format(user=user) for user in USERS]
        refusals: list[str] = []
        for url in candidates:
            assert url is not None
            try:
                psycopg.connect(url, connect_timeout=5).close()
            except psycopg.OperationalError as err:
                refusals.append(f"{url}: {err}".strip())
                continue
            return cls(url)
        raise psycopg.OperationalError("; ".join(refusals))

    def database_url(self, name: str) -> str:
        """The SQLAlchemy URL of database ``name`` on this server (nextsteps picks the driver)."""
        return (
            make_url(self.url)
            .set(drivername="postgresql", database=name)
            .render_as_string(hide_password=False)
        )

    @contextmanager
    def fresh_database(self) -> Iterator[str]:
        """A new empty database for the time of the block; its URL."""
        name = f"nextsteps_test_{secrets.token_hex(6)}"
        self._admin(f'CREATE DATABASE "{name}"')
        try:
            yield self.database_url(name)
        finally:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(statement.encode())
