"""A small world for planner tests: one data directory, one account with in-memory calendars,
a real broker (nats-server; or RabbitMQ, Redis: ``prefix`` names the run's queues), and the
planner run in-process until the queue is drained (``--once``)."""

from __future__ import annotations

import asyncio
import itertools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography.fernet import Fernet
from tests.servers import brokers
from tests.servers.brokers import BrokerUnderTest

from nextsteps_planner.calendars import CalendarSource
from nextsteps_planner.delivery import Retry
from nextsteps_planner.service import Timing, create_app
from nextsteps_shared.accounts.model import Account, WatchedCalendar
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.accounts.vault import Vault
from nextsteps_shared.backends.opener import memory_calendar
from nextsteps_shared.bus import DeadLetter, broker_kind, open_bus
from nextsteps_shared.database import database_url, open_database
from nextsteps_shared.event import CalendarEvent, EventStatus
from nextsteps_shared.interview import Interview
from nextsteps_shared.messages import (
    FollowUpChange,
    FollowUpChanged,
    InterviewRemoved,
    InterviewSnapshot,
    Message,
    SourceKind,
    revision_at,
)
from nextsteps_shared.people import Person
from nextsteps_shared.settings import NextstepsSettings, load_settings

ZONE = ZoneInfo("Europe/Berlin")
OWNER = "mira.okafor@example.org"
FAST = Timing(retry=Retry(max_deliveries=4, first_delay=0.05, max_delay=0.2), drain_poll_s=0.05)


def next_monday(hour: int = 10) -> datetime:
    """A Monday two to eight days from now, at ``hour`` in Berlin (never stale, never past)."""
    today = datetime.now(ZONE).date() + timedelta(days=2)
    monday = today + timedelta(days=(7 - today.weekday()) % 7)
    return datetime(monday.year, monday.month, monday.day, hour, tzinfo=ZONE)


@dataclass
class PlannerWorld:
    """One test's account, calendars and queue; ``database``: the state database's URL
    (default: SQLite in the data directory)."""

    data_dir: Path
    nats_url: str
    database: str = ""
    prefix: str = ""  # broker_prefix: the run's queue names on RabbitMQ and Redis
    account_id: str = field(default_factory=lambda: f"memory-{uuid.uuid4().hex[:10]}")
    _revisions: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.key = Fernet.generate_key().decode()
        self.database = self.database or database_url(self.data_dir, None)
        self.settings: NextstepsSettings = load_settings(
            self.data_dir,
            broker_url=self.nats_url,
            broker_prefix=self.prefix,
            database_url=self.database,
            encryption_key=self.key,
            owner={"addresses": [OWNER], "timezone": "Europe/Berlin"},
            publish={"port": 0},  # feeds on a free port: tests run side by side
        )
        engine = open_database(self.database)
        self.accounts = AccountStore(engine, Vault.open(self.data_dir, self.key))
        self.work = f"memory://{self.account_id}-work"
        self.personal = f"memory://{self.account_id}-personal"
        self.followups_cal = f"memory://{self.account_id}-followups"

    def connect(self, *, write_to: str | None = None) -> Account:
        """Store the account: two watched calendars, follow-ups into ``write_to`` if given."""
        account = Account(
            id=self.account_id,
            kind=SourceKind.MEMORY,
            url="memory://",
            owner_addresses=(OWNER,),
            calendars=(
                WatchedCalendar(url=self.work, name="Work", write_to=write_to),
                WatchedCalendar(url=self.personal, name="Personal", write_to=write_to),
            ),
            connected_at=datetime.now(UTC) - timedelta(days=1),
        )
        self.accounts.add(account, None)
        return account

    # -- messages -------------------------------------------------------------------------

    def revision(self) -> int:
        return revision_at(datetime.now(UTC)) * 1000 + next(self._revisions)

    def interview(
        self,
        uid: str,
        start: datetime,
        *,
        company: str = "Lindqvist Robotics",
        description: str = "",
        calendar: str | None = None,
        status: EventStatus = EventStatus.CONFIRMED,
        revision: int | None = None,
    ) -> InterviewSnapshot:
        event = CalendarEvent(
            uid=uid,
            summary=f"Interview with {company}",
            description=description,
            start=start,
            end=start + timedelta(hours=1),
            timezone="Europe/Berlin",
            status=status,
            organizer=Person(email="talent@lindqvist-robotics.example", name="Jonas Berg"),
            attendees=(Person(email=OWNER), Person(email="cto@lindqvist-robotics.example")),
        )
        return InterviewSnapshot(
            account=self.account_id,
            calendar=calendar or self.work,
            source=SourceKind.MEMORY,
            event_key=event.key,
            revision=revision if revision is not None else self.revision(),
            observed_at=datetime.now(UTC),
            interview=Interview(event=event, company=company, role="Robotics Engineer"),
        )

    def removed(self, uid: str, *, calendar: str | None = None) -> InterviewRemoved:
        return InterviewRemoved(
            account=self.account_id,
            calendar=calendar or self.work,
            source=SourceKind.MEMORY,
            event_key=uid,
            revision=self.revision(),
            observed_at=datetime.now(UTC),
            reason="deleted",
        )

    def changed(
        self,
        followup_uid: str,
        change: FollowUpChange,
        *,
        etag: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> FollowUpChanged:
        return FollowUpChanged(
            account=self.account_id,
            calendar=self.work,
            source=SourceKind.MEMORY,
            event_key=followup_uid,
            revision=self.revision(),
            observed_at=datetime.now(UTC),
            change=change,
            followup_uid=followup_uid,
            etag=etag,
            start=start,
            end=end,
        )

    # -- running --------------------------------------------------------------------------

    def publish(self, *messages: Message) -> None:
        asyncio.run(_publish(self.broker, messages))

    def publish_raw(self, body: bytes, kind: str = "interview_seen") -> None:
        subject = f"nextsteps.events.{kind}.{self.account_id}"
        asyncio.run(brokers.publish_raw(self.broker, subject, body))

    def run_planner(
        self,
        calendars: CalendarSource | None = None,
        timing: Timing = FAST,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        app = create_app(self.settings, timing=timing, calendars=calendars, clock=clock)
        asyncio.run(asyncio.wait_for(app.run_once(), 30))

    # -- looking ----------------------------------------------------------------------------

    def events(self, url: str | None = None) -> list[CalendarEvent]:
        """The events in a memory calendar, by start."""
        changes = asyncio.run(memory_calendar(url or self.work).changes(None))
        return sorted(changes.upserts, key=lambda e: (e.start, e.uid))

    def etag_of(self, uid: str, url: str | None = None) -> str | None:
        changes = asyncio.run(memory_calendar(url or self.work).changes(None))
        ref = changes.ref_of(uid)
        return None if ref is None else ref.etag

    def owner_moves(self, uid: str, start: datetime, end: datetime) -> str | None:
        """The owner drags a follow-up (iCalendar UID ``uid``) to another time; its new etag."""
        calendar = memory_calendar(self.work)
        name = uid.removesuffix("@nextsteps") + ".ics"
        text = calendar.data(calendar.href(name)) or ""
        stamp = "%Y%m%dT%H%M%SZ"
        text = re.sub(r"DTSTART[^\r\n]*", f"DTSTART:{start.astimezone(UTC):{stamp}}", text)
        text = re.sub(r"DTEND[^\r\n]*", f"DTEND:{end.astimezone(UTC):{stamp}}", text)
        return calendar.store(name, text).etag

    def owner_deletes(self, uid: str) -> None:
        memory_calendar(self.work).remove(uid.removesuffix("@nextsteps") + ".ics")

    def dead_letters(self) -> list[DeadLetter]:
        return asyncio.run(brokers.dead_letters(self.broker, self.account_id))

    @property
    def broker(self) -> BrokerUnderTest:
        """The broker the world's messages go through."""
        return BrokerUnderTest(broker_kind(self.nats_url), self.nats_url, self.prefix)


async def _publish(broker: BrokerUnderTest, messages: tuple[Message, ...]) -> None:
    bus = open_bus(broker.url, broker.prefix)
    await bus.declare()
    await bus.connect()
    try:
        for message in messages:
            await bus.publish(message)
    finally:
        await bus.stop()
