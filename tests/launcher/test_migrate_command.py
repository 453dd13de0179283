"""`nextsteps migrate`, run as a person runs it (the console script): what it applies and says,
on SQLite and PostgreSQL, and on a database made before migrations existed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, insert

from nextsteps_shared.accounts.store import AccountStore, accounts, metadata
from nextsteps_shared.accounts.vault import Vault
from nextsteps_shared.database import database_url, open_database

CLI = Path(sys.executable).with_name("nextsteps")


def _migrate(data_dir: Path, database: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), "migrate", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"NEXTSTEPS_NO_KEYRING": "1", "PATH": "/usr/bin", "NEXTSTEPS_DATABASE_URL": database},
    )


def test_migrate_applies_the_baseline_once(tmp_path: Path, state_database: str) -> None:
    first = _migrate(tmp_path, state_database)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("database: ")
    assert lines[1].startswith("applied 0001 baseline")
    assert lines[2] == "schema now at revision 0001 (the newest)"

    again = _migrate(tmp_path, state_database)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[1:] == [
        "schema already at revision 0001 (the newest): nothing to apply"
    ]
    assert AccountStore(open_database(state_database), Vault.open(tmp_path)).all() == []


def test_migrate_keeps_a_database_made_before_migrations(tmp_path: Path) -> None:
    url = database_url(tmp_path, None)
    engine = create_engine(url)
    metadata.create_all(engine)  # what `nextsteps connect` did before migrations
    with engine.begin() as db:
        db.execute(insert(accounts).values(id="caldav-1", definition="{}", state="active"))
    engine.dispose()

    done = _migrate(tmp_path, url)

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:3] == [
        "made before migrations: kept its tables (accounts)",
        "applied 0001 baseline: every table as the stores created them before migrations existed",
    ]
    with open_database(url).connect() as db:
        assert db.execute(accounts.select()).all()[0].id == "caldav-1"


def test_migrate_hides_the_password_and_explains_an_unreachable_server(tmp_path: Path) -> None:
    done = _migrate(tmp_path, "postgresql://nextsteps:s3cret@127.0.0.1:9/x?connect_timeout=2")
    assert done.returncode != 0
    assert "cannot be used" in done.stderr
    assert "s3cret" not in done.stderr + done.stdout
