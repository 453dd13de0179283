"""Alembic's environment for nextsteps: the revisions run on the connection that
``nextsteps_shared.migrations.upgrade`` hands over (it holds the lock and the transaction).
There is no alembic.ini and no logging set up here: the process's own logging shows
Alembic's lines."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from alembic import context
from alembic.runtime.migration import MigrationContext, MigrationInfo


def _run() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if context.is_offline_mode() or connection is None:
        raise RuntimeError("nextsteps' migrations run through nextsteps_shared.migrations")
    applied: list[str] = config.attributes["applied"]

    def noted(
        ctx: MigrationContext,
        step: MigrationInfo,
        heads: Collection[Any],
        run_args: Mapping[str, Any],
    ) -> None:
        if step.is_upgrade and step.up_revision_id is not None:
            applied.append(step.up_revision_id)

    context.configure(
        connection=connection,
        transactional_ddl=True,
        render_as_batch=True,
        on_version_apply=noted,
    )
    with context.begin_transaction():
        context.run_migrations()


_run()
