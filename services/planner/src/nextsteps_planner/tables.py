"""The planner's tables (prefix ``planner_``) in the one state database.

- ``planner_interviews``: one row per interview (event key), the latest snapshot applied, the
  calendar that reported it first (it owns the follow-up chain) and every calendar that saw it
  (``sightings``: revision and presence per ``account|calendar``).
- ``planner_followups``: one row per follow-up ever written, with where it lives and its state.
- ``planner_dead_letters``: one row per message the planner moved to the dead-letter stream
  (the stream keeps the message itself; this is what ``nextsteps status`` shows).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from nextsteps_shared.database import UtcDateTime

metadata = MetaData()

interviews = Table(
    "planner_interviews",
    metadata,
    Column("event_key", String(512), primary_key=True),
    Column("account", String(64), nullable=False),
    Column("calendar", Text, nullable=False),
    Column("revision", BigInteger, nullable=False),
    Column("removed", Boolean, nullable=False),
    Column("company", String(256), nullable=True),  # casefolded, for "same employer"
    Column("snapshot", Text, nullable=True),  # the Interview as JSON; none for a tombstone
    Column("sightings", Text, nullable=False),  # JSON: {"account|calendar": [revision, present]}
)
Index("planner_interviews_company", interviews.c.company)

followups = Table(
    "planner_followups",
    metadata,
    Column("uid", String(128), primary_key=True),
    Column("interview_key", String(512), nullable=False),
    Column("account", String(64), nullable=False),
    Column("calendar", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("object_id", Text, nullable=True),
    Column("etag", Text, nullable=True),
    Column("start", UtcDateTime(), nullable=False),
    Column("end", UtcDateTime(), nullable=False),
    Column("state", String(32), nullable=False),
    Column("owner_start", UtcDateTime(), nullable=True),
    Column("owner_end", UtcDateTime(), nullable=True),
    Column("content", Text, nullable=False),  # the FollowUp as last written, as JSON
    Column("written_at", UtcDateTime(), nullable=False),
    Column("change_revision", BigInteger, nullable=False, default=0),
    Column("own_etags", Text, nullable=False, default="[]"),  # JSON: etags of its own writes
)
Index("planner_followups_interview", followups.c.interview_key)
Index("planner_followups_account", followups.c.account)

dead_letters = Table(
    "planner_dead_letters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account", String(64), nullable=False),
    Column("subject", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("failed_at", UtcDateTime(), nullable=False),
)
Index("planner_dead_letters_account", dead_letters.c.account)
