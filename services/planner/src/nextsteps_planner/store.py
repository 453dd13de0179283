"""The planner's memory in the state database (SQLAlchemy Core).

Outside a unit every call is its own short transaction. Inside ``with store.unit():`` (one batch
of messages, or one interview of the sweep) every call shares one transaction, committed when
the unit ends and rolled back when it raises: one commit per batch instead of one per write.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Row, bindparam, delete, select, update

from nextsteps_planner import interview_lock
from nextsteps_planner.records import FollowUpRecord, FollowUpState, InterviewRecord
from nextsteps_planner.tables import followups, interviews
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.interview import Interview

# Statements built once, run with parameters (SQLAlchemy caches their compiled form).
_UPDATE_INTERVIEW = update(interviews).where(interviews.c.event_key == bindparam("key"))
_UPDATE_FOLLOWUP = update(followups).where(followups.c.uid == bindparam("key"))
_INTERVIEW = select(interviews).where(interviews.c.event_key == bindparam("key"))
_SAME_EMPLOYER = select(interviews).where(
    interviews.c.company == bindparam("company"), interviews.c.removed.is_(False)
)
_FOLLOWUPS_OF = select(followups).where(followups.c.interview_key == bindparam("key"))
_FOLLOWUP = select(followups).where(followups.c.uid == bindparam("key"))


class PlannerStore:
    """Interviews and written follow-ups (``planner_*`` tables)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._unit: Connection | None = None

    @contextmanager
    def unit(self) -> Iterator[None]:
        """One transaction for everything done inside (units do not nest), kept apart from the
        units of other planners on the same interviews (see :mod:`interview_lock`)."""
        if self._unit is not None:
            raise RuntimeError("a unit of work is already open")
        with self._engine.begin() as db:
            interview_lock.begin_unit(db)
            self._unit = db
            try:
                yield
            finally:
                self._unit = None

    def hold_interviews(self, keys: Iterable[str]) -> None:
        """Inside a unit: wait for the interviews ``keys`` and keep other planners off them."""
        interview_lock.hold(self._in_unit(), keys)

    def try_hold_interview(self, key: str) -> bool:
        """Inside a unit: keep other planners off interview ``key``; False when one is on it."""
        return interview_lock.try_hold(self._in_unit(), key)

    def _in_unit(self) -> Connection:
        if self._unit is None:
            raise RuntimeError("interviews are held inside a unit of work only")
        return self._unit

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        if self._unit is not None:
            yield self._unit
            return
        with self._engine.connect() as db:
            yield db

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        if self._unit is not None:
            yield self._unit
            return
        with self._engine.begin() as db:
            yield db

    # -- interviews -----------------------------------------------------------------------

    def interview(self, event_key: str) -> InterviewRecord | None:
        with self._reading() as db:
            row = db.execute(_INTERVIEW, {"key": event_key}).first()
        return None if row is None else _interview(row)

    def save_interview(self, record: InterviewRecord) -> None:
        values = {**_interview_row(record), "event_key": record.event_key}
        with self._writing() as db:
            if db.execute(_UPDATE_INTERVIEW, {**values, "key": record.event_key}).rowcount == 0:
                db.execute(interviews.insert(), values)

    def restore_interview(self, event_key: str, record: InterviewRecord | None) -> None:
        """Put ``record`` back (forget the interview when it is None)."""
        if record is not None:
            self.save_interview(record)
            return
        with self._writing() as db:
            db.execute(delete(interviews).where(interviews.c.event_key == event_key))

    def removed_with_live_followups(self) -> list[str]:
        """Removed interviews that still have follow-ups in a calendar."""
        live = (FollowUpState.WRITTEN.value, FollowUpState.MOVED_BY_OWNER.value)
        query = (
            select(interviews.c.event_key)
            .join(followups, followups.c.interview_key == interviews.c.event_key)
            .where(interviews.c.removed.is_(True), followups.c.state.in_(live))
            .distinct()
        )
        with self._reading() as db:
            return list(db.scalars(query))

    def same_employer(self, company: str) -> list[InterviewRecord]:
        """Every interview not removed whose (casefolded) company is ``company``."""
        with self._reading() as db:
            return [_interview(row) for row in db.execute(_SAME_EMPLOYER, {"company": company})]

    def live_interviews(self) -> list[InterviewRecord]:
        """Every interview not removed (for the sweep)."""
        query = select(interviews).where(interviews.c.removed.is_(False))
        with self._reading() as db:
            return [_interview(row) for row in db.execute(query)]

    # -- follow-ups -----------------------------------------------------------------------

    def followups_of(self, interview_key: str) -> dict[str, FollowUpRecord]:
        with self._reading() as db:
            rows = db.execute(_FOLLOWUPS_OF, {"key": interview_key})
            return {row.uid: _followup(row) for row in rows}

    def followup(self, uid: str) -> FollowUpRecord | None:
        with self._reading() as db:
            row = db.execute(_FOLLOWUP, {"key": uid}).first()
        return None if row is None else _followup(row)

    def save_followup(self, record: FollowUpRecord) -> None:
        values = {**_followup_row(record), "uid": record.uid}
        with self._writing() as db:
            if db.execute(_UPDATE_FOLLOWUP, {**values, "key": record.uid}).rowcount == 0:
                db.execute(followups.insert(), values)

    def current_followups(self, account: str) -> list[FollowUp]:
        """The follow-ups of ``account`` that are in its calendars now."""
        live = (FollowUpState.WRITTEN.value, FollowUpState.MOVED_BY_OWNER.value)
        query = select(followups.c.content).where(
            followups.c.account == account, followups.c.state.in_(live)
        )
        with self._reading() as db:
            return [FollowUp.model_validate_json(content) for content in db.scalars(query)]

    def accounts(self) -> list[str]:
        """Every account the planner wrote follow-ups for."""
        with self._reading() as db:
            return list(db.scalars(select(followups.c.account).distinct()))

    # -- series ---------------------------------------------------------------------------

    def instance_keys(self, uid: str) -> list[str]:
        """The keys (``UID#instant``) of every interview kept for an instance of series
        ``uid``, removed ones too: a moved instance is an interview of its own, and a
        cancelled one arrives as a removal of its key."""
        query = select(interviews.c.event_key).where(
            interviews.c.event_key.startswith(f"{uid}#", autoescape=True)
        )
        with self._reading() as db:
            return list(db.scalars(query))


def _interview_row(record: InterviewRecord) -> dict[str, Any]:
    return {
        "account": record.account,
        "calendar": record.calendar,
        "revision": record.revision,
        "removed": record.removed,
        "company": record.company,
        "snapshot": record.interview.model_dump_json() if record.interview else None,
        "sightings": json.dumps(record.sightings, sort_keys=True),
    }


def _interview(row: Row[Any]) -> InterviewRecord:
    found = row._mapping
    snapshot = found["snapshot"]
    sightings = {k: (int(v[0]), bool(v[1])) for k, v in json.loads(found["sightings"]).items()}
    return InterviewRecord(
        event_key=found["event_key"],
        account=found["account"],
        calendar=found["calendar"],
        revision=found["revision"],
        removed=found["removed"],
        interview=Interview.model_validate_json(snapshot) if snapshot else None,
        sightings=sightings,
    )


def _followup_row(record: FollowUpRecord) -> dict[str, Any]:
    content = record.content
    return {
        "interview_key": content.interview_key,
        "account": record.account,
        "calendar": record.calendar,
        "kind": content.kind.value,
        "attempt": content.attempt,
        "object_id": record.object_id,
        "etag": record.etag,
        "start": content.start,
        "end": content.end,
        "state": record.state.value,
        "owner_start": record.owner_start,
        "owner_end": record.owner_end,
        "content": content.model_dump_json(),
        "written_at": record.written_at,
        "change_revision": record.change_revision,
        "own_etags": json.dumps(record.own_etags),
    }


def _followup(row: Row[Any]) -> FollowUpRecord:
    found = row._mapping
    return FollowUpRecord(
        content=FollowUp.model_validate_json(found["content"]),
        account=found["account"],
        calendar=found["calendar"],
        state=FollowUpState(found["state"]),
        written_at=found["written_at"],
        object_id=found["object_id"],
        etag=found["etag"],
        owner_start=found["owner_start"],
        owner_end=found["owner_end"],
        change_revision=found["change_revision"],
        own_etags=tuple(json.loads(found["own_etags"])),
    )
