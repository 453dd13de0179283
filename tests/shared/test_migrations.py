"""The state database's migrations, on SQLite and PostgreSQL: an empty database upgraded is
exactly the tables the code declares; a database made before migrations (every store ran
``create_all``) is kept and stamped at the baseline; processes starting together take turns;
a database from a newer nextsteps is a clear error."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, insert, inspect, select, text

from nextsteps_ingest import ledger
from nextsteps_planner import tables as planner_tables
from nextsteps_shared import migrations
from nextsteps_shared.accounts import channel_book, corrections, feed_tokens, store
from nextsteps_shared.database import connect_database, open_database
from nextsteps_shared.errors import DatabaseSchemaError

DECLARING = (store, feed_tokens, corrections, channel_book, ledger, planner_tables)


def declared() -> MetaData:
    """Every table the code declares, in one MetaData."""
    combined = MetaData()
    for module in DECLARING:
        for table in module.metadata.tables.values():
            table.to_metadata(combined)
    return combined


def differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        found: list[object] = compare_metadata(context, declared())
    return found


def test_an_empty_database_is_upgraded_to_exactly_the_declared_tables(state_database: str) -> None:
    engine = connect_database(state_database)
    assert migrations.current(engine) is None

    done = migrations.upgrade(engine)

    assert (done.before, done.after, done.applied, done.kept) == (None, "0001", ("0001",), ())
    assert migrations.current(engine) == migrations.head() == "0001"
    assert differences(engine) == []
    again = migrations.upgrade(engine)
    assert (again.before, again.applied) == ("0001", ())
    assert migrations.describe("0001").startswith("0001 baseline")


def test_the_comparison_sees_a_table_the_revisions_lack(state_database: str) -> None:
    engine = open_database(state_database)
    with engine.begin() as db:
        db.execute(text("DROP TABLE feed_tokens"))
    assert [diff[0] for diff in differences(engine)] == ["add_table"]  # type: ignore[index]


def test_a_database_made_before_migrations_is_kept_and_stamped(state_database: str) -> None:
    engine = connect_database(state_database)
    store.metadata.create_all(engine)  # as `nextsteps connect` did before migrations
    planner_tables.metadata.create_all(engine)  # and the planner, once
    row = {"id": "caldav-1", "definition": "{}", "state": "active"}
    with engine.begin() as db:
        db.execute(insert(store.accounts).values(**row, last_sync=datetime(2026, 3, 2, tzinfo=UTC)))

    done = migrations.upgrade(engine)

    assert done.before is None
    assert done.applied == ("0001",)
    assert set(done.kept) == {"accounts", *planner_tables.metadata.tables}
    assert migrations.current(engine) == "0001"
    assert differences(engine) == []  # the missing tables were made
    with engine.connect() as db:
        assert db.execute(select(store.accounts.c.id, store.accounts.c.last_sync)).all() == [
            ("caldav-1", datetime(2026, 3, 2, tzinfo=UTC))
        ]


def test_opening_brings_the_schema_up_to_date(state_database: str) -> None:
    engine = open_database(state_database)
    assert migrations.current(engine) == migrations.head()
    assert set(inspect(engine).get_table_names()) == {"alembic_version", *declared().tables}


def test_processes_that_start_together_take_turns(state_database: str) -> None:
    start_at = time.time() + 3  # every process opens the database at this moment
    script = textwrap.dedent(
        f"""
        import time
        from nextsteps_shared.accounts.store import AccountStore
        from nextsteps_shared.database import open_database
        time.sleep(max(0.0, {start_at} - time.time()))
        open_database({state_database!r})
        """
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    failures = [p.communicate(timeout=60)[1] for p in processes if p.wait(timeout=60) != 0]
    assert failures == []
    engine = connect_database(state_database)
    assert migrations.current(engine) == "0001"
    with engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    assert differences(engine) == []


def test_a_database_from_a_newer_nextsteps_is_refused(state_database: str) -> None:
    engine = open_database(state_database)
    with engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseSchemaError, match=r"'9999'.*newer nextsteps"):
        open_database(state_database)
