"""The push channels ingest holds open (table ``ingest_push_channels``, owned by ingest).

It lives in the shared package because ``nextsteps disconnect`` must close an account's
channels before its grant is forgotten (nobody could close them after). A row is written once
Google opened the channel and deleted once it is stopped, so the book never forgets a channel
that may still post notifications; the token is checked against it on every notification.
"""

from __future__ import annotations

from sqlalchemy import Column, Engine, MetaData, Table, Text, delete, insert, select
from sqlalchemy.engine import RowMapping

from nextsteps_shared.backends.google_push import PushChannel
from nextsteps_shared.database import UtcDateTime

metadata = MetaData()
push_channels = Table(
    "ingest_push_channels",
    metadata,
    Column("id", Text, primary_key=True),  # the channel id (a UUID)
    Column("account", Text, nullable=False, index=True),
    Column("calendar", Text, nullable=False),
    Column("resource_id", Text, nullable=False),
    Column("token", Text, nullable=False),
    Column("expiration", UtcDateTime(), nullable=False),
)


class ChannelBook:
    """Open push channels by channel id and by account."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, channel: PushChannel) -> None:
        with self._engine.begin() as db:
            db.execute(insert(push_channels).values(**_row(channel)))

    def remove(self, channel_id: str) -> None:
        with self._engine.begin() as db:
            db.execute(delete(push_channels).where(push_channels.c.id == channel_id))

    def get(self, channel_id: str) -> PushChannel | None:
        with self._engine.connect() as db:
            row = (
                db.execute(select(push_channels).where(push_channels.c.id == channel_id))
                .mappings()
                .first()
            )
        return _channel(row) if row is not None else None

    def of_account(self, account: str) -> list[PushChannel]:
        query = select(push_channels).where(push_channels.c.account == account)
        with self._engine.connect() as db:
            return [_channel(row) for row in db.execute(query).mappings()]

    def accounts(self) -> set[str]:
        """Every account with a channel in the book."""
        with self._engine.connect() as db:
            return set(db.execute(select(push_channels.c.account).distinct()).scalars())


def _row(channel: PushChannel) -> dict[str, object]:
    return {
        "id": channel.id,
        "account": channel.account,
        "calendar": channel.calendar,
        "resource_id": channel.resource_id,
        "token": channel.token,
        "expiration": channel.expiration,
    }


def _channel(row: RowMapping) -> PushChannel:
    return PushChannel(
        account=row["account"],
        calendar=row["calendar"],
        id=row["id"],
        resource_id=row["resource_id"],
        token=row["token"],
        expiration=row["expiration"],
    )
