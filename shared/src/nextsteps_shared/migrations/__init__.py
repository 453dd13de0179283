"""The state database's schema, versioned with Alembic; the revisions ship inside this package.

``versions/`` holds one revision per change of the schema, oldest first: ``0001`` is the
baseline, the tables as they were when migrations began. Changing a table in code means a new
revision here, never an edit of an old one: the tests compare the schema the revisions make
with the tables the code declares, on SQLite and on PostgreSQL. On SQLite, column changes go
through ``op.batch_alter_table``.

``bring_up_to_date`` runs whenever a store opens the database (``database.open_database``).
At the newest revision it costs one query; otherwise ``upgrade`` applies what is missing in
one transaction while it holds a lock, so processes that start together take turns and the
later ones find nothing left to do: on PostgreSQL a transaction-scoped advisory lock, on
SQLite the file's write lock (``BEGIN IMMEDIATE``).

A database made before migrations existed (each store created its own tables) has tables but
no ``alembic_version``: the baseline keeps the tables it finds and creates the missing ones,
so such a database is stamped at the baseline with its data as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, func, inspect, select, text
from sqlalchemy.exc import OperationalError

from nextsteps_shared.errors import DatabaseSchemaError, DatabaseUnavailableError

SCRIPTS = "nextsteps_shared:migrations"
VERSION_TABLE = "alembic_version"
# PostgreSQL advisory lock of nextsteps' migrations, in the two-key space ("next", 1): it never
# meets the single 64-bit keys others take (the planner's interview locks, hashes of keys)
LOCK_KEYS = (0x6E657874, 1)


@dataclass(frozen=True)
class Upgrade:
    """What ``upgrade`` found and did."""

    before: str | None  # the revision found (None: an empty database, or one made before)
    after: str
    applied: tuple[str, ...]  # the revisions applied, in order
    kept: tuple[str, ...]  # the tables of a database made before migrations existed


def head() -> str:
    """The newest revision this nextsteps knows."""
    return _head()


def describe(revision: str) -> str:
    """A revision and what it does (the first line of its docstring)."""
    script = _scripts().get_revision(revision)
    return f"{revision} {script.doc}" if script is not None else revision


def current(engine: Engine) -> str | None:
    """The database's revision (None: none recorded)."""
    with _reachable(engine), engine.connect() as connection:
        return _revision(connection)


def bring_up_to_date(engine: Engine) -> None:
    """Apply the missing revisions, if any (one query when there are none)."""
    if current(engine) != head():
        upgrade(engine)


def upgrade(engine: Engine) -> Upgrade:
    """Apply every revision the database lacks, holding the migration lock."""
    with _reachable(engine), _locked(engine) as connection:
        before = _revision(connection)
        _check_known(before)
        tables = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
        applied: list[str] = []
        command.upgrade(alembic_config(connection, applied), "head")
    kept = tuple(sorted(tables)) if before is None else ()
    return Upgrade(before=before, after=head(), applied=tuple(applied), kept=kept)


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


@cache
def _head() -> str:
    found = _scripts().get_current_head()
    if found is None:
        raise DatabaseSchemaError("nextsteps ships no schema revisions (a broken install?)")
    return found


@cache
def _known() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def alembic_config(
    connection: Connection | None = None, applied: list[str] | None = None
) -> Config:
    """Alembic's configuration for nextsteps' revisions (no ini file): ``connection`` is the
    one ``env.py`` migrates, ``applied`` collects what it applied. A new revision:
    ``alembic.command.revision(alembic_config(), "what changes", rev_id="0002")``."""
    config = Config()
    config.set_main_option("script_location", SCRIPTS)
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    config.attributes["applied"] = applied if applied is not None else []
    return config


def _revision(connection: Connection) -> str | None:
    """The recorded revision, read directly (Alembic's own reader logs at every call)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    found = list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    if len(found) > 1:
        raise DatabaseSchemaError(f"the database records several schema revisions: {found}")
    return found[0] if found else None


def _check_known(revision: str | None) -> None:
    if revision is not None and revision not in _known():
        raise DatabaseSchemaError(
            f"the database's schema is at revision {revision!r}, which this nextsteps does not"
            f" know (newest: {head()}): a newer nextsteps migrated it"
        )


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """One transaction that holds the migration lock (see the module)."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(*LOCK_KEYS)))
        elif engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection


@contextmanager
def _reachable(engine: Engine) -> Iterator[None]:
    try:
        yield
    except OperationalError as err:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
        raise DatabaseUnavailableError(f"the database {where} cannot be used: {reason}") from err
