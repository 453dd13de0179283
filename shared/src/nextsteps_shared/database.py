"""The state database: SQLite in the data directory by default, PostgreSQL by URL.

One database holds every service's tables; each table has one owner (``accounts``: the
operator CLI writes, ingest reports status; ``ingest_*``: ingest; ``planner_*``: planner).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Dialect, Engine, TypeDecorator, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

DATABASE_FILE = "nextsteps.sqlite3"


def database_url(data_dir: Path, configured: str | None) -> str:
    """The configured URL, else SQLite in the data directory."""
    return configured or f"sqlite:///{(data_dir / DATABASE_FILE).resolve()}"


def open_database(url: str) -> Engine:
    """An engine for ``url``. SQLite gets WAL mode and a busy timeout, so the services (separate
    processes) and the CLI can use the file at the same time."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _tune_sqlite)
    return engine


def _tune_sqlite(connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as UTC and read back aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
