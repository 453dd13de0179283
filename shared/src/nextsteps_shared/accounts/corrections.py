"""The owner's corrections of a recognition: ``nextsteps ignore EVENT`` / ``nextsteps track EVENT``.

Table ``recognition_corrections`` (written by the operator CLI, read by ingest): per account
(or ``ANY_ACCOUNT``) and event UID, the owner's verdict. It means what the ``#not-interview`` /
``#interview`` tag in the event's notes means, and wins over recognition and over the tag.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Final

from pydantic import AwareDatetime, BaseModel, ConfigDict
from sqlalchemy import Column, Engine, MetaData, String, Table, Text, delete, or_, select

from nextsteps_shared.database import UtcDateTime, database_url, open_database

ANY_ACCOUNT: Final = "*"

metadata = MetaData()
corrections = Table(
    "recognition_corrections",
    metadata,
    Column("account", String(64), primary_key=True),  # an account id, or ANY_ACCOUNT
    Column("uid", Text, primary_key=True),
    Column("verdict", String(32), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)


class Verdict(StrEnum):
    """What the owner says an event is (the same as the ``#interview`` tags)."""

    INTERVIEW = "interview"
    NOT_INTERVIEW = "not_interview"

    @property
    def tag(self) -> str:
        """The tag in an event's notes that says the same."""
        return "#interview" if self is Verdict.INTERVIEW else "#not-interview"


class Correction(BaseModel):
    """One correction: the event ``uid`` (every instance of a series) in ``account``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    account: str
    uid: str
    verdict: Verdict
    at: AwareDatetime


class CorrectionStore:
    """The owner's corrections (``recognition_corrections``)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, correction: Correction) -> None:
        """Store ``correction``; it replaces an earlier one for the same account and UID."""
        where = (corrections.c.account == correction.account) & (
            corrections.c.uid == correction.uid
        )
        with self._engine.begin() as db:
            db.execute(delete(corrections).where(where))
            db.execute(corrections.insert().values(**correction.model_dump()))

    def all(self) -> list[Correction]:
        """Every correction, oldest first."""
        query = select(corrections).order_by(corrections.c.at, corrections.c.uid)
        with self._engine.connect() as db:
            return [Correction.model_validate(dict(row)) for row in db.execute(query).mappings()]

    def for_account(self, account: str) -> dict[str, Verdict]:
        """The verdict per event UID that holds in ``account`` (the newest correction wins)."""
        query = (
            select(corrections.c.uid, corrections.c.verdict)
            .where(or_(corrections.c.account == account, corrections.c.account == ANY_ACCOUNT))
            .order_by(corrections.c.at)
        )
        with self._engine.connect() as db:
            return {uid: Verdict(verdict) for uid, verdict in db.execute(query)}


def open_correction_store(data_dir: Path, database: str | None) -> CorrectionStore:
    """The correction store of an installation (its database URL, if set)."""
    return CorrectionStore(open_database(database_url(data_dir, database)))


def correction_now(account: str | None, uid: str, verdict: Verdict) -> Correction:
    """A correction made now (``account`` None: in every account)."""
    return Correction(
        account=account or ANY_ACCOUNT, uid=uid, verdict=verdict, at=datetime.now().astimezone()
    )
