"""The state database: SQLite in the data directory by default, PostgreSQL by URL.

One database holds every service's tables; each table has one owner (``accounts``: the
operator CLI writes, ingest reports status; ``ingest_*``: ingest; ``planner_*``: planner). The
schema is versioned (``nextsteps_shared.migrations``): ``open_database`` brings it up to date
before anyone uses it, so the services and the CLI commands migrate on start.

``postgresql://`` (and ``postgres://``) URLs use psycopg 3; a URL naming a driver of its own
(``postgresql+psycopg2://``) keeps it, when that driver is installed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, DateTime, Dialect, Engine, TypeDecorator, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import ConnectionPoolEntry

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.migrations import bring_up_to_date

if TYPE_CHECKING:
    from nextsteps_shared.settings import NextstepsSettings

DATABASE_FILE = "nextsteps.sqlite3"
POSTGRES_DRIVER = "postgresql+psycopg"


def database_url(data_dir: Path, configured: str | None) -> str:
    """The configured URL, else SQLite in the data directory."""
    return configured or f"sqlite:///{(data_dir / DATABASE_FILE).resolve()}"


def settings_database_url(settings: NextstepsSettings) -> str:
    """The state database ``settings`` name: ``database_url``, else SQLite in the data dir."""
    configured = settings.database_url
    return database_url(settings.data_dir, configured.get_secret_value() if configured else None)


def engine_url(url: str) -> URL:
    """``url`` parsed, with the driver nextsteps uses for PostgreSQL when it names none."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SettingsError("database_url: not a database URL (see README)") from None
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername=POSTGRES_DRIVER)
    return parsed


def open_database(url: str) -> Engine:
    """An engine for ``url`` whose schema is up to date: the migrations it lacks are applied
    first (under a lock, so processes that start together take turns)."""
    engine = connect_database(url)
    try:
        bring_up_to_date(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def connect_database(url: str) -> Engine:
    """An engine for ``url``, its schema as it is (``open_database`` is what stores want).
    SQLite gets WAL mode and a busy timeout, so the services (separate processes) and the CLI
    can use the file at the same time."""
    parsed = engine_url(url)
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        # libpq waits forever for an address that never answers: a service would hang at start
        return _engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    if parsed.get_backend_name() != "sqlite":
        return _engine(parsed, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(parsed, connect_args={"timeout": 30})
    event.listen(engine, "connect", _tune_sqlite)
    return engine


def _engine(url: URL, **options: Any) -> Engine:
    try:
        return create_engine(url, **options)
    except (ArgumentError, NoSuchModuleError) as err:
        raise SettingsError(f"database_url: {url.drivername!r} cannot be used: {err}") from None


def _tune_sqlite(connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as UTC and read back aware (SQLite keeps no zone; PostgreSQL's
    ``timestamp with time zone`` answers in the session's zone)."""

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
