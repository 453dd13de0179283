"""The planner service: its consumer on the broker the URL names, the sweep, a clean stop.

``create_app(settings)`` builds everything (nothing is built at import time); ``run`` serves
until asked to stop, the published feeds included (:mod:`feed_server`); ``run_once`` serves until
the consumer has nothing pending, then stops (no feed server: it would live for seconds).
Stopping waits for the batch in hand to be finished; messages fetched but not begun are
handed back at once (:mod:`handover`), for another planner or the next run. How messages are
taken from each broker (NATS JetStream, RabbitMQ, Redis Streams): :mod:`consumers`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine

from nextsteps_planner.calendars import AccountCalendarSource, CalendarSource
from nextsteps_planner.consumers import Batching, Consumer, consumer_for
from nextsteps_planner.delivery import Delivery, Retry
from nextsteps_planner.feed_server import FeedServer
from nextsteps_planner.planner import Planner
from nextsteps_planner.store import PlannerStore
from nextsteps_planner.token_book import TokenBook
from nextsteps_shared.accounts.feed_tokens import FeedTokens
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.accounts.vault import Vault
from nextsteps_shared.brokers import Bus
from nextsteps_shared.bus import open_bus
from nextsteps_shared.database import open_database, settings_database_url
from nextsteps_shared.errors import SettingsError
from nextsteps_shared.settings import NextstepsSettings

_log = logging.getLogger(__name__)
SWEEP_EVERY = timedelta(minutes=10)
FILE_DELAY_S = 0.5
FILE_SHARE = 0.1  # at most this share of the time goes to rewriting follow-up files
ACK_WAIT_S = 15.0  # the handler reports progress (delivery.HEARTBEAT_S): this bounds a crash
BATCH = 64  # messages applied together at most (one transaction, one reconciliation each)
BATCH_WAIT_S = 0.05  # how long a batch may wait to fill: the latency a lone message pays
BATCHING = Batching(size=BATCH, wait_s=BATCH_WAIT_S, ack_wait_s=ACK_WAIT_S)


@dataclass(frozen=True)
class Timing:
    """How the service paces itself."""

    retry: Retry = field(default_factory=Retry)
    sweep_every: timedelta = SWEEP_EVERY
    drain_poll_s: float = 0.1
    file_delay_s: float = FILE_DELAY_S


class PlannerApp:
    """The running parts of the planner."""

    def __init__(self, url: str, broker: Bus, planner: Planner, timing: Timing) -> None:
        self.url = url
        self.broker = broker  # the broker the URL names (nextsteps_shared.brokers)
        self.planner = planner
        self.timing = timing
        self.delivery = Delivery(planner, broker, timing.retry)
        self.consumer: Consumer = consumer_for(broker, self.delivery, BATCHING)
        self._file_cost_s = 0.0  # how long the last rewrite of the follow-up files took
        self.feeds: FeedServer | None = None  # serves the published feeds while ``run`` runs
        self.engine: Engine | None = None  # the database (readiness asks it)

    async def run(self, stop: asyncio.Event) -> None:
        """Consume and sweep until ``stop`` is set."""
        await self._start()
        files = asyncio.create_task(self._keep_files(stop))
        try:
            if self.feeds is not None:
                await self.feeds.start()
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.timing.sweep_every.total_seconds())
                if not stop.is_set():
                    await self._sweep()
        finally:
            files.cancel()
            if self.feeds is not None:
                await self.feeds.stop()
            await self._stop()

    async def run_once(self, stop: asyncio.Event | None = None) -> None:
        """Sweep, consume until nothing is pending (or ``stop``), then stop."""
        stop = stop or asyncio.Event()
        await self._start()
        loop = asyncio.get_running_loop()
        exported = loop.time()
        try:
            while not stop.is_set() and not await self.consumer.drained():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.timing.drain_poll_s)
                if loop.time() - exported >= self._file_delay():  # as often as `run`
                    self._export_pending()
                    exported = loop.time()
        finally:
            await self._stop()

    async def _start(self) -> None:
        await self.broker.declare()
        self.planner.export_all()
        await self._sweep()
        await self.consumer.start()

    async def _keep_files(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(self._file_delay())
            self._export_pending()

    def _export_pending(self) -> None:
        start = time.perf_counter()
        self.planner.export_pending()
        self._file_cost_s = time.perf_counter() - start

    def _file_delay(self) -> float:
        """Seconds between rewrites of the follow-up files while messages flow: the configured
        delay, longer when an account's file is big (each rewrite renders all of it, so
        rewriting at a fixed pace would make a long queue quadratic)."""
        return max(self.timing.file_delay_s, self._file_cost_s / FILE_SHARE)

    async def _sweep(self) -> None:
        looked_at = await self.planner.sweep()
        self.planner.export_pending()
        _log.info("sweep: %d active interviews", looked_at)

    async def _stop(self) -> None:
        self.delivery.handover.closing = True
        async with self.planner.lock:  # the batch in hand is finished first
            pass
        await self.consumer.stop()  # fetched and not begun: handed back at once
        self.planner.export_pending()
        await self.planner.close()


def create_app(
    settings: NextstepsSettings,
    *,
    timing: Timing | None = None,
    calendars: CalendarSource | None = None,
    clock: Callable[[], datetime] | None = None,
) -> PlannerApp:
    """The planner for ``settings`` (a broker URL is required); ``clock``: what "now" is
    (tests fix it; the real time by default)."""
    if settings.broker_url is None:
        raise SettingsError("the planner needs a broker URL (NEXTSTEPS_BROKER_URL)")
    url = settings.broker_url.get_secret_value()
    engine = open_database(settings_database_url(settings))
    key = settings.encryption_key.get_secret_value() if settings.encryption_key else None
    accounts = AccountStore(engine, Vault.open(settings.data_dir, key))
    zone = settings.owner.to_owner().timezone
    source = calendars or AccountCalendarSource(
        accounts,
        zone,
        google=settings.google,
        alarm_minutes_before=settings.policy.alarm_minutes_before,
    )
    planner = Planner(settings, PlannerStore(engine), accounts, source, clock=clock)
    broker = open_bus(url, settings.broker_prefix, settings.broker_replicas)
    app = PlannerApp(url, broker, planner, timing or Timing())
    app.engine = engine
    if settings.publish.enabled:
        book = TokenBook(FeedTokens(engine), engine)
        app.feeds = FeedServer(settings.publish, book, planner.publication.feed)
    return app
