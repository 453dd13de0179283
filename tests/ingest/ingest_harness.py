"""What the ingest tests share: calendars the owner edits, accounts, the service, the stream.

A :class:`OwnerCalendar` is one fresh calendar (in memory, on Radicale or on Xandikos) that the
test edits as the calendar's owner would (plain PUT/DELETE for CalDAV). Messages are read back
from the real nats-server with a plain JetStream pull consumer filtered on the account.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nats
from nats.errors import TimeoutError as NatsTimeoutError
from sqlalchemy import Engine
from tests.servers.dav_servers import DavServer, new_calendar

from nextsteps_ingest.service import RoundReport, create_app
from nextsteps_shared.accounts.model import Account, WatchedCalendar
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.accounts.vault import Vault
from nextsteps_shared.backends.opener import memory_calendar
from nextsteps_shared.bus import decode
from nextsteps_shared.database import database_url, open_database
from nextsteps_shared.messages import Message, SourceKind
from nextsteps_shared.settings import NextstepsSettings, load_settings
from nextsteps_shared.subjects import EVENTS, STREAM

OWNER = "maya.okafor@fastmail.com"
KEY = "ingest tests passphrase, not a real secret"
BACKENDS = ("memory", "radicale", "xandikos")


@dataclass
class OwnerCalendar:
    """One fresh calendar and the owner's hands on it."""

    kind: SourceKind
    url: str
    server: DavServer | None = None

    @classmethod
    def fresh(cls, backend: str, server: DavServer | None) -> OwnerCalendar:
        if server is None:
            return cls(SourceKind.MEMORY, f"memory://ingest-{uuid.uuid4().hex[:12]}")
        return cls(SourceKind.CALDAV, new_calendar(server), server)

    def store(self, name: str, data: str) -> None:
        if self.server is None:
            memory_calendar(self.url).store(name, data)
            return
        status = self.server.request(
            "PUT", self.url + name, data.encode(), Content_Type="text/calendar; charset=utf-8"
        )
        assert status in {201, 204}, f"owner PUT {name} answered {status}"

    def remove(self, name: str) -> None:
        if self.server is None:
            memory_calendar(self.url).remove(name)
            return
        status = self.server.request("DELETE", self.url + name)
        assert status in {200, 204}, f"owner DELETE {name} answered {status}"


def ingest_settings(data_dir: Path, broker: str, database: str | None = None) -> NextstepsSettings:
    """Settings of one test installation: its own data dir and database (by default SQLite in
    the data dir), the shared broker."""
    return load_settings(
        data_dir,
        broker_url=broker,
        database_url=database,
        encryption_key=KEY,
        owner={"addresses": [OWNER], "timezone": "Europe/Berlin"},
    )


def open_state(settings: NextstepsSettings) -> Engine:
    """The installation's state database, as the services open it."""
    configured = settings.database_url.get_secret_value() if settings.database_url else None
    return open_database(database_url(settings.data_dir, configured))


def database_environment(settings: NextstepsSettings) -> dict[str, str]:
    """The environment that points a process (a service, the CLI) at the installation's
    database; empty when it is the data directory's default."""
    configured = settings.database_url
    return {"NEXTSTEPS_DATABASE_URL": configured.get_secret_value()} if configured else {}


def account_store(settings: NextstepsSettings) -> AccountStore:
    return AccountStore(open_state(settings), Vault.open(settings.data_dir, KEY))


def connect(
    settings: NextstepsSettings,
    calendar: OwnerCalendar,
    *,
    password: str | None = None,
    skip_days: int = 14,
) -> Account:
    """Add an account watching ``calendar`` (as ``nextsteps connect`` would)."""
    now = datetime.now(UTC)
    server = calendar.server
    account = Account(
        id=f"acct-{uuid.uuid4().hex[:10]}",
        kind=calendar.kind,
        url=calendar.url,
        username=server.username if server else None,
        owner_addresses=(OWNER,),
        calendars=(WatchedCalendar(url=calendar.url, name="Work"),),
        connected_at=now,
        skip_ended_before=now - timedelta(days=skip_days),
    )
    secret = password if password is not None else (server.password if server else None)
    account_store(settings).add(account, secret)
    return account


def poll(settings: NextstepsSettings, rounds: int = 1) -> list[RoundReport]:
    """Start the service, run ``rounds`` rounds, stop it (like ``nextsteps-ingest --once``)."""

    async def run() -> list[RoundReport]:
        app = create_app(settings, poll_interval=0.01, publish_timeout=5.0)
        await app.start()
        try:
            return [await app.poll_round() for _ in range(rounds)]
        finally:
            await app.close()

    return asyncio.run(run())


def published(broker: str, account: str) -> list[Message]:
    """Every message on the stream about ``account``, oldest first."""
    return asyncio.run(read_published(broker, account))


async def read_published(broker: str, account: str) -> list[Message]:
    """:func:`published`, inside a running event loop."""
    subject = f"{EVENTS}.*.{account}"
    client = await nats.connect(broker)
    try:
        stream = client.jetstream()
        subscription = await stream.pull_subscribe(subject, stream=STREAM)
        found: list[Message] = []
        while True:
            try:
                batch = await subscription.fetch(100, timeout=0.3)
            except (NatsTimeoutError, TimeoutError):
                return found
            found.extend(decode(message.data) for message in batch)
            for message in batch:
                await message.ack()
    finally:
        await client.close()


def kinds(messages: Sequence[Message]) -> list[tuple[str, str]]:
    """(kind, event key) of each message."""
    return [(m.kind, m.event_key) for m in messages]
