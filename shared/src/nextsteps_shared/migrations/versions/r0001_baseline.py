"""baseline: every table as the stores created them before migrations existed

Revision ID: 0001
Revises:
Create Date: 2026-03-02

The tables are frozen here as they were; later changes are later revisions. A database made
before migrations (each store ran ``create_all``) keeps the tables it has, and gets only the
missing ones: ``checkfirst``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

metadata = sa.MetaData()
_MOMENT = sa.DateTime(timezone=True)  # nextsteps_shared.database.UtcDateTime

# the shared package's: the operator CLI writes them; ingest reports account status
sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("definition", sa.Text, nullable=False),
    sa.Column("secret", sa.Text, nullable=True),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("last_sync", _MOMENT, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
)
sa.Table(
    "feed_tokens",
    metadata,
    sa.Column("account", sa.String(64), primary_key=True),
    sa.Column("token", sa.String(128), nullable=False),
    sa.Column("issued_at", _MOMENT, nullable=False),
)
sa.Table(
    "recognition_corrections",
    metadata,
    sa.Column("account", sa.String(64), primary_key=True),
    sa.Column("uid", sa.Text, primary_key=True),
    sa.Column("verdict", sa.String(32), nullable=False),
    sa.Column("at", _MOMENT, nullable=False),
)

# ingest's
sa.Table(
    "ingest_push_channels",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("account", sa.Text, nullable=False, index=True),
    sa.Column("calendar", sa.Text, nullable=False),
    sa.Column("resource_id", sa.Text, nullable=False),
    sa.Column("token", sa.Text, nullable=False),
    sa.Column("expiration", _MOMENT, nullable=False),
)
sa.Table(
    "ingest_calendar_state",
    metadata,
    sa.Column("account", sa.Text, primary_key=True),
    sa.Column("calendar", sa.Text, primary_key=True),
    sa.Column("state", sa.Text, nullable=False),
)
sa.Table(
    "ingest_events",
    metadata,
    sa.Column("account", sa.Text, primary_key=True),
    sa.Column("calendar", sa.Text, primary_key=True),
    sa.Column("event_key", sa.Text, primary_key=True),
    sa.Column("uid", sa.Text, nullable=False),
    sa.Column("is_interview", sa.Boolean, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.Text, nullable=True),
    sa.Column("revision", sa.BigInteger, nullable=True),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("start", _MOMENT, nullable=True),
    sa.Column("end", _MOMENT, nullable=True),
)
sa.Table(
    "ingest_corrections_seen",
    metadata,
    sa.Column("account", sa.Text, primary_key=True),
    sa.Column("calendar", sa.Text, primary_key=True),
    sa.Column("mark", sa.Text, nullable=False),
)

# the planner's
_interviews = sa.Table(
    "planner_interviews",
    metadata,
    sa.Column("event_key", sa.String(512), primary_key=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("calendar", sa.Text, nullable=False),
    sa.Column("revision", sa.BigInteger, nullable=False),
    sa.Column("removed", sa.Boolean, nullable=False),
    sa.Column("company", sa.String(256), nullable=True),
    sa.Column("snapshot", sa.Text, nullable=True),
    sa.Column("sightings", sa.Text, nullable=False),
)
sa.Index("planner_interviews_company", _interviews.c.company)
_followups = sa.Table(
    "planner_followups",
    metadata,
    sa.Column("uid", sa.String(128), primary_key=True),
    sa.Column("interview_key", sa.String(512), nullable=False),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("calendar", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("attempt", sa.Integer, nullable=False),
    sa.Column("object_id", sa.Text, nullable=True),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("start", _MOMENT, nullable=False),
    sa.Column("end", _MOMENT, nullable=False),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("owner_start", _MOMENT, nullable=True),
    sa.Column("owner_end", _MOMENT, nullable=True),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("written_at", _MOMENT, nullable=False),
    sa.Column("change_revision", sa.BigInteger, nullable=False),
    sa.Column("own_etags", sa.Text, nullable=False),
)
sa.Index("planner_followups_interview", _followups.c.interview_key)
sa.Index("planner_followups_account", _followups.c.account)
_dead_letters = sa.Table(
    "planner_dead_letters",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("error", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("failed_at", _MOMENT, nullable=False),
)
sa.Index("planner_dead_letters_account", _dead_letters.c.account)


def upgrade() -> None:
    metadata.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
