"""Ingest's state in the shared database: per calendar its sync state, per event its record.

Tables (owned by ingest): ``ingest_calendar_state``, ``ingest_events`` and
``ingest_corrections_seen``. A calendar's new sync state, the records of the events it changed
and the mark of the owner's corrections it was read with are stored in one transaction, after
the broker acknowledged every message of the change set.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Engine,
    MetaData,
    Table,
    Text,
    and_,
    delete,
    insert,
    select,
)
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.sql.elements import ColumnElement

from nextsteps_ingest.record import EventRecord, RecordKind
from nextsteps_shared.backends.protocol import SyncState
from nextsteps_shared.database import UtcDateTime

metadata = MetaData()
calendar_state = Table(
    "ingest_calendar_state",
    metadata,
    Column("account", Text, primary_key=True),
    Column("calendar", Text, primary_key=True),
    Column("state", Text, nullable=False),  # SyncState as JSON
)
events = Table(
    "ingest_events",
    metadata,
    Column("account", Text, primary_key=True),
    Column("calendar", Text, primary_key=True),
    Column("event_key", Text, primary_key=True),
    Column("uid", Text, nullable=False),
    Column("is_interview", Boolean, nullable=False),
    Column("kind", Text, nullable=False),
    Column("fingerprint", Text, nullable=True),
    Column("revision", BigInteger, nullable=True),  # last revision published
    Column("etag", Text, nullable=True),  # follow-ups: etag, start and end last seen
    Column("start", UtcDateTime(), nullable=True),
    Column("end", UtcDateTime(), nullable=True),
)
corrections_seen = Table(
    "ingest_corrections_seen",
    metadata,
    Column("account", Text, primary_key=True),
    Column("calendar", Text, primary_key=True),
    Column("mark", Text, nullable=False),  # see account_sync.corrections_mark
)


class Ledger:
    """Sync states and event records of every account's calendars."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._parsed: dict[tuple[str, str], tuple[str, SyncState]] = {}

    def state(self, account: str, calendar: str) -> SyncState | None:
        """The stored sync state of a calendar (None: never synced)."""
        with self._engine.connect() as db:
            found = db.execute(
                select(calendar_state.c.state).where(_calendar(calendar_state, account, calendar))
            ).scalar()
        if found is None:
            return None
        memo = self._parsed.get((account, calendar))
        if memo is not None and memo[0] == found:  # parsing thousands of objects costs ms
            return memo[1]
        state = SyncState.model_validate_json(found)
        self._parsed[(account, calendar)] = (found, state)
        return state

    def records(
        self, account: str, calendar: str, keys: Collection[str] | None = None
    ) -> dict[str, EventRecord]:
        """The event records of a calendar by event key: all of them, or those of ``keys``."""
        query = select(events).where(_calendar(events, account, calendar))
        with self._engine.connect() as db:
            if keys is None:
                return {row["event_key"]: _record(row) for row in db.execute(query).mappings()}
            found: dict[str, EventRecord] = {}
            wanted = sorted(keys)
            for start in range(0, len(wanted), _CHUNK):
                chunk = query.where(events.c.event_key.in_(wanted[start : start + _CHUNK]))
                found.update(
                    (row["event_key"], _record(row)) for row in db.execute(chunk).mappings()
                )
            return found

    def corrections_mark(self, account: str, calendar: str) -> str:
        """The mark of the corrections the calendar was last read with ("" for none)."""
        query = select(corrections_seen.c.mark).where(
            _calendar(corrections_seen, account, calendar)
        )
        with self._engine.connect() as db:
            return db.execute(query).scalar() or ""

    def commit(
        self,
        account: str,
        calendar: str,
        state: SyncState,
        changed: Iterable[EventRecord],
        gone: Collection[str],
        *,
        corrections: str = "",
    ) -> None:
        """Store the calendar's new state, its changed records and forget the gone ones; note
        the mark of the corrections it was read with."""
        changed_records = list(changed)
        rows = [_row(account, calendar, record) for record in changed_records]
        keys = [record.key for record in changed_records]
        with self._engine.begin() as db:
            _forget(db, account, calendar, [*keys, *gone])
            if rows:
                db.execute(insert(events), rows)
            text = state.model_dump_json()
            _replace(db, calendar_state, account, calendar, state=text)
            _replace(db, corrections_seen, account, calendar, mark=corrections)
        self._parsed[(account, calendar)] = (text, state)

    def forget_account(self, account: str) -> None:
        """Drop everything ingest knows of an account."""
        with self._engine.begin() as db:
            db.execute(delete(events).where(events.c.account == account))
            db.execute(delete(calendar_state).where(calendar_state.c.account == account))
            db.execute(delete(corrections_seen).where(corrections_seen.c.account == account))


_CHUNK = 500


def _forget(db: Connection, account: str, calendar: str, keys: list[str]) -> None:
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        db.execute(
            delete(events).where(
                _calendar(events, account, calendar), events.c.event_key.in_(chunk)
            )
        )


def _replace(db: Connection, table: Table, account: str, calendar: str, **values: str) -> None:
    db.execute(delete(table).where(_calendar(table, account, calendar)))
    db.execute(insert(table).values(account=account, calendar=calendar, **values))


def _calendar(table: Table, account: str, calendar: str) -> ColumnElement[bool]:
    return and_(table.c.account == account, table.c.calendar == calendar)


def _row(account: str, calendar: str, record: EventRecord) -> dict[str, object]:
    return {
        "account": account,
        "calendar": calendar,
        "event_key": record.key,
        "uid": record.uid,
        "is_interview": record.is_interview,
        "kind": record.kind.value,
        "fingerprint": record.fingerprint,
        "revision": record.revision,
        "etag": record.etag,
        "start": record.start,
        "end": record.end,
    }


def _record(row: RowMapping) -> EventRecord:
    return EventRecord(
        key=row["event_key"],
        uid=row["uid"],
        kind=RecordKind(row["kind"]),
        fingerprint=row["fingerprint"],
        revision=row["revision"],
        etag=row["etag"],
        start=row["start"],
        end=row["end"],
    )
