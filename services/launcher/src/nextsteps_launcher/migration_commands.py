"""``nextsteps migrate``: bring the state database's schema up to date and say what was done.

Both services and every command that opens the database migrate by themselves
(``nextsteps_shared.migrations``); this command does it on purpose, e.g. before replicas of a
new version start, and prints the database (password hidden), the tables it kept when the
database was made before migrations existed, and each revision it applied.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from nextsteps_shared.database import connect_database, settings_database_url
from nextsteps_shared.migrations import Upgrade, describe, upgrade
from nextsteps_shared.settings import NextstepsSettings


def migrate(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Apply the revisions the database lacks; print what was done."""
    engine = connect_database(settings_database_url(settings))
    try:
        done = upgrade(engine)
    finally:
        engine.dispose()
    for line in report(done, engine.url.render_as_string(hide_password=True)):
        print(line)
    return 0


def report(done: Upgrade, where: str) -> Iterator[str]:
    """What ``migrate`` prints about ``done`` on the database at ``where``."""
    yield f"database: {where}"
    if done.kept:
        yield f"made before migrations: kept its tables ({', '.join(done.kept)})"
    for revision in done.applied:
        yield f"applied {describe(revision)}"
    if done.applied:
        yield f"schema now at revision {done.after} (the newest)"
    else:
        yield f"schema already at revision {done.after} (the newest): nothing to apply"
