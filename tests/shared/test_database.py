"""Opening the state database: the driver a URL gets, bad URLs, and a server that is down or
never answers (a clear error in bounded time, never the password)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from nextsteps_shared.database import connect_database, engine_url, open_database
from nextsteps_shared.errors import DatabaseUnavailableError, SettingsError


def test_an_unreachable_server_is_reported_without_its_password() -> None:
    url = "postgresql://nextsteps:s3cret@127.0.0.1:9/nextsteps?connect_timeout=2"
    with pytest.raises(DatabaseUnavailableError, match="cannot be used") as raised:
        open_database(url)
    assert "s3cret" not in str(raised.value)


def test_urls_name_the_driver_nextsteps_uses() -> None:
    assert engine_url("postgresql://u@db/x").drivername == "postgresql+psycopg"
    assert engine_url("postgres://u@db/x").drivername == "postgresql+psycopg"
    assert engine_url("postgresql+psycopg2://u@db/x").drivername == "postgresql+psycopg2"
    assert engine_url("sqlite:////tmp/x.sqlite3").drivername == "sqlite"
    with pytest.raises(SettingsError, match="not a database URL"):
        engine_url("no url at all")
    with pytest.raises(SettingsError, match="cannot be used"):
        connect_database("nosuchdb://u@h/x")


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()
    for connection in held:
        connection.close()


def test_a_server_that_never_answers_fails_in_bounded_time(silent_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailableError, match="timeout"):
        open_database(f"postgresql://nextsteps@127.0.0.1:{silent_port}/nextsteps")
    assert time.monotonic() - started < 30
