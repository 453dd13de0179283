"""Keeping two planners off one interview at the same time.

Planner replicas share one durable consumer, so two messages of one interview can be in the
hands of two replicas at once, and a replica's sweep can reach an interview another one is
applying a message to. Each unit of work (:meth:`PlannerStore.unit`) therefore holds the
interviews it works on until its transaction ends, in the database itself:

- SQLite: the unit begins with ``BEGIN IMMEDIATE``, the database's write lock: units of all
  planners run one after another (SQLite has one writer anyway), and each one reads what the
  previous one committed. The per-interview calls below have nothing left to do.
- PostgreSQL: transaction-scoped advisory locks on a hash of the interview's key
  (``pg_advisory_xact_lock``). A batch takes those of its messages' interviews first, in key
  order, waiting for them (two batches wait for each other in the same order: no deadlock);
  an interview reconciled on top (same employer, a follow-up the owner changed) or by the
  sweep is only tried (``pg_try_advisory_xact_lock``): when another planner holds it, the
  messages that asked for it fail with :class:`InterviewBusyError` and are tried again (the
  sweep leaves it to that planner). Rows read after the lock are the latest committed.

So whichever replica gets a message, it compares the message's revision with the one the last
unit committed, and an older revision is never written over a newer one.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, text

from nextsteps_shared.errors import TransientError

_HOLD = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
_TRY = text("SELECT pg_try_advisory_xact_lock(hashtextextended(:key, 0))")


class InterviewBusyError(TransientError):
    """Another planner is working on this interview right now: try again shortly."""


def begin_unit(db: Connection) -> None:
    """At the start of a unit's transaction: SQLite takes the write lock now."""
    if db.dialect.name == "sqlite":
        db.exec_driver_sql("BEGIN IMMEDIATE")


def hold(db: Connection, keys: Iterable[str]) -> None:
    """Wait for and hold the interviews ``keys`` until the transaction ends."""
    if db.dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        db.execute(_HOLD, {"key": key})


def try_hold(db: Connection, key: str) -> bool:
    """Hold interview ``key`` until the transaction ends, unless another planner holds it."""
    if db.dialect.name != "postgresql":
        return True
    return bool(db.execute(_TRY, {"key": key}).scalar())
