"""The ingest service: every poll interval, sync every active account, publish, commit.

``create_app(settings)`` builds it (nothing is connected at import time); ``start()``
connects to the broker and declares the streams; ``serve(stop)`` polls until ``stop`` is set
(or once). Accounts are read from the account store at every round, so accounts connected
while the service runs are picked up without a restart. One account's failure never stops
the others: transient errors are recorded and retried with backoff; refused credentials put
the account in ``needs_reconnect``.

With Google push configured (``google.webhook_url``), ingest also keeps a push channel open per
watched Google calendar (:mod:`push_keeper`) and listens for Google's notifications
(:mod:`webhook`): one wakes the loop, which polls the accounts notified at once (a burst is one
poll) without moving the next full round. Push only brings a poll forward; the rounds go on.

Replicas: a replica polls only the accounts it holds a lease on (:mod:`lease_keeper`, leases in
the broker's key-value store); alone, it holds them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Engine

from nextsteps_ingest.account_sync import AccountSync
from nextsteps_ingest.backoff import Backoff
from nextsteps_ingest.lease_keeper import LeaseKeeper
from nextsteps_ingest.ledger import Ledger
from nextsteps_ingest.publisher import BrokerUnavailableError, Publisher
from nextsteps_ingest.push_keeper import PushKeeper
from nextsteps_ingest.webhook import Webhook
from nextsteps_shared.accounts.channel_book import ChannelBook
from nextsteps_shared.accounts.corrections import CorrectionStore
from nextsteps_shared.accounts.model import Account, AccountState
from nextsteps_shared.accounts.reconnection import credentials_refused, reconnect_advice
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.accounts.vault import Vault
from nextsteps_shared.brokers import Bus
from nextsteps_shared.bus import open_bus
from nextsteps_shared.database import open_database, settings_database_url
from nextsteps_shared.errors import PermanentError, SettingsError, TransientError
from nextsteps_shared.localzone import system_zone_name
from nextsteps_shared.ops.metrics import POLL_LAG, count_error, kind_label
from nextsteps_shared.owner import Owner
from nextsteps_shared.settings import NextstepsSettings

_log = logging.getLogger(__name__)

BACKOFF_CAP_S: Final = 30 * 60.0
START_TIMEOUT_S: Final = 5.0


@dataclass
class RoundReport:
    """What one round did: accounts synced, failed, and whether the broker failed."""

    synced: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    broker_failed: bool = False
    due: float = field(default_factory=time.monotonic)  # when the round was due (poll lag)


class IngestService:
    """Polls accounts, publishes what changed, commits sync state after the broker's acks."""

    def __init__(
        self,
        settings: NextstepsSettings,
        *,
        poll_interval: float = 60.0,
        publish_timeout: float = 10.0,
        concurrency: int | None = None,
    ) -> None:
        self.settings = settings
        self.poll_interval = poll_interval
        self._publish_timeout = publish_timeout
        self._slots = asyncio.Semaphore(concurrency or settings.ingest.poll_concurrency)
        self.backoff = Backoff(base=poll_interval, cap=BACKOFF_CAP_S)
        self._broker: Bus | None = None
        self._engine: Engine | None = None
        self.accounts: AccountStore | None = None
        self.ledger: Ledger | None = None
        self.corrections: CorrectionStore | None = None
        self._sync: AccountSync | None = None
        self.leases: LeaseKeeper | None = None  # which accounts this replica polls
        self.push: PushKeeper | None = None
        self.webhook: Webhook | None = None
        self._woken: set[str] = set()
        self._notified = asyncio.Event()
        self._next_round = 0.0  # time.monotonic() of the next full round
        self._round_due: float | None = None  # when the full round about to run was due

    async def start(self) -> None:
        """Open the database, declare the streams and connect to the broker."""
        url = _broker_url(self.settings)
        self._open_database()
        try:  # nats-py keeps retrying a refused first connection: bound the wait
            settings = self.settings
            self._broker = open_bus(url, settings.broker_prefix, settings.broker_replicas)
            await asyncio.wait_for(self._broker.declare(), START_TIMEOUT_S)
            await asyncio.wait_for(self._broker.connect(), START_TIMEOUT_S)
            if self._broker.kind == "nats":  # leases: JetStream key-value (else one replica)
                replicas = self.settings.replicas
                self.leases = await asyncio.wait_for(
                    LeaseKeeper.start(url, replicas), START_TIMEOUT_S
                )
        except Exception as err:
            reason = str(err) or type(err).__name__
            raise BrokerUnavailableError(f"the broker cannot be reached: {reason}") from err
        accounts = self._store().all()  # this replica's share taken at once
        await self._held([a for a in accounts if a.state is AccountState.ACTIVE], None)
        assert self.ledger is not None
        publisher = Publisher(self._broker, self._publish_timeout)
        self._sync = AccountSync(
            self.ledger,
            publisher,
            corrections=self.corrections,
            feeds=self.settings.feeds,
            google=self.settings.google,
        )
        await self._listen()

    async def _listen(self) -> None:
        """Start the webhook when push is configured."""
        if self.push is None or not self.push.enabled:
            return
        self.webhook = Webhook(self.settings.google, self.push.book, self.wake)
        await self.webhook.start()

    def wake(self, account_id: str) -> None:
        """Poll ``account_id`` now (a notification said it changed)."""
        self._woken.add(account_id)
        self._notified.set()

    async def close(self) -> None:
        """Give the leases back, disconnect from the broker and close the database."""
        if self.leases is not None:
            await self.leases.stop()
            self.leases = None
        if self.webhook is not None:
            await self.webhook.stop()
            self.webhook = None
        if self._broker is not None:
            await self._broker.stop()
            self._broker = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    async def serve(self, stop: asyncio.Event, *, once: bool = False) -> int:
        """Poll until ``stop`` is set (a round in progress is abandoned, uncommitted);
        with ``once``, one round. Returns the exit status (1: the broker failed)."""
        while not stop.is_set():
            report = await _unless_stopped(self.poll_round(self._take_woken()), stop)
            if report is None:
                break
            if once:
                return 1 if report.broker_failed else 0
            await self._pause(stop)
        _log.info("ingest stopped")
        return 0

    def _take_woken(self) -> set[str] | None:
        """The accounts to poll now: the notified ones, or None (all) when a round is due."""
        self._notified.clear()
        woken, self._woken = self._woken, set()
        if time.monotonic() >= self._next_round:
            self._round_due = self._next_round or time.monotonic()
            self._next_round = time.monotonic() + self.poll_interval
            return None
        return woken

    async def _pause(self, stop: asyncio.Event) -> None:
        """Until the next round is due, ``stop`` is set or a notification arrives."""
        waits = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._notified.wait())}
        wait = max(0.0, self._next_round - time.monotonic())
        _, pending = await asyncio.wait(waits, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
        for waiting in pending:
            waiting.cancel()

    async def poll_round(self, only: set[str] | None = None) -> RoundReport:
        """Sync every active account this replica holds that is due (not backing off); with
        ``only``, those of them."""
        accounts = self._store().all()
        held = await self._held([a for a in accounts if a.state is AccountState.ACTIVE], only)
        due = [a for a in accounts if a.id in held and self.backoff.due(a.id)]
        if only is not None:
            due = [a for a in due if a.id in only]
        else:
            await self._retire_channels(accounts)
        report = RoundReport(due=self._round_due or time.monotonic())
        self._round_due = None
        if only is None:
            _log.info(
                "round: %d accounts due, started %.3f s after it was due",
                len(due),
                time.monotonic() - report.due,
            )
        report.broker_failed = self.leases is not None and self.leases.broker_away
        await asyncio.gather(*(self._guarded(account, report) for account in due))
        return report

    async def _held(self, active: list[Account], only: set[str] | None) -> frozenset[str]:
        """The active accounts this replica polls: leases settled at a full round, those held
        at a wake-up (a notification for an account another replica holds waits for it)."""
        if self.leases is None:
            return frozenset(a.id for a in active)
        if only is None:
            return await self.leases.settle(a.id for a in active)
        return self.leases.held() & {a.id for a in active}

    async def _retire_channels(self, accounts: list[Account]) -> None:
        """Stop the channels of paused accounts; forget those of accounts gone."""
        if self.push is None:
            return
        booked = self.push.book.accounts()
        for account in accounts:
            if account.id in booked and account.state is not AccountState.ACTIVE:
                await self._keep_push(account)
        for gone in booked - {a.id for a in accounts}:
            for channel in self.push.book.of_account(gone):
                self.push.book.remove(channel.id)

    async def _keep_push(self, account: Account) -> None:
        """Open, renew or stop the account's push channels; a failure is logged, never raised."""
        if self.push is None:
            return
        try:
            await self.push.keep(account, self._store().secret(account.id))
        except Exception as err:  # push is a bonus: polling goes on whatever happens here
            count_error("push", err)
            _log.warning("account %s: push channels: %s: %s", account.id, type(err).__name__, err)

    async def _guarded(self, account: Account, report: RoundReport) -> None:
        async with self._slots:
            try:
                await self.sync_account(account)
            except Exception as err:  # one account's failure never stops the others
                _polled(account, report.due)
                report.failed[account.id] = str(err)
                report.broker_failed |= isinstance(err, BrokerUnavailableError)
                self._failed(account, err)
            else:
                _polled(account, report.due)
                report.synced.append(account.id)
                self.backoff.succeeded(account.id)
                self._store().record_sync(account.id, datetime.now(UTC), None)
                await self._keep_push(account)

    async def sync_account(self, account: Account) -> None:
        """Sync one account's watched calendars (errors propagate)."""
        if self._sync is None:
            raise RuntimeError("IngestService.start() was not called")
        secret = self._store().secret(account.id)
        await self._sync.sync(account, secret, self.owner_of(account))

    def owner_of(self, account: Account) -> Owner:
        """The account's owner: its addresses and the configured ones, employer and zone."""
        configured = self.settings.owner
        return Owner.build(
            (*account.owner_addresses, *configured.addresses),
            configured.employer_domains,
            configured.timezone or system_zone_name(),
        )

    def _failed(self, account: Account, err: Exception) -> None:
        count_error("poll", err)
        store = self._store()
        if credentials_refused(err):
            message = reconnect_advice(account, err)
            _log.error("account %s needs to be reconnected: %s", account.id, err)
            store.set_state(account.id, AccountState.NEEDS_RECONNECT, message)
            store.record_sync(account.id, datetime.now(UTC), message)
            return
        wait = self.backoff.failed(account.id)
        level = logging.WARNING if isinstance(err, TransientError) else logging.ERROR
        _log.log(
            level,
            "sync of account %s failed (%s: %s); next try in %.1f s",
            account.id,
            type(err).__name__,
            err,
            wait,
            exc_info=not isinstance(err, TransientError | PermanentError),
        )
        store.record_sync(account.id, datetime.now(UTC), f"{type(err).__name__}: {err}")

    def _open_database(self) -> None:
        key = self.settings.encryption_key
        self._engine = open_database(settings_database_url(self.settings))
        vault = Vault.open(self.settings.data_dir, key.get_secret_value() if key else None)
        self.accounts = AccountStore(self._engine, vault)
        self.ledger = Ledger(self._engine)
        self.corrections = CorrectionStore(self._engine)
        self.push = PushKeeper(ChannelBook(self._engine), self.settings.google)

    @property
    def broker(self) -> Bus | None:
        """The broker connection, once started (readiness asks it)."""
        return self._broker

    @property
    def engine(self) -> Engine | None:
        """The database, once started (readiness asks it)."""
        return self._engine

    def _store(self) -> AccountStore:
        if self.accounts is None:
            raise RuntimeError("IngestService.start() was not called")
        return self.accounts


def create_app(
    settings: NextstepsSettings, *, poll_interval: float = 60.0, publish_timeout: float = 10.0
) -> IngestService:
    """The ingest service for these settings (not started: see ``IngestService.start``)."""
    return IngestService(settings, poll_interval=poll_interval, publish_timeout=publish_timeout)


def _broker_url(settings: NextstepsSettings) -> str:
    if settings.broker_url is None:
        raise SettingsError(
            "the ingest service needs a broker: set NEXTSTEPS_BROKER_URL (e.g. "
            "nats://127.0.0.1:4222) or broker_url in settings.toml; 'nextsteps run' sets it"
        )
    return settings.broker_url.get_secret_value()


def _polled(account: Account, due: float) -> None:
    """The account's poll finished: how long after it was due (``nextsteps_poll_lag_seconds``)."""
    POLL_LAG.labels(kind=kind_label(account.kind)).observe(time.monotonic() - due)


async def _unless_stopped(
    work: Coroutine[Any, Any, RoundReport], stop: asyncio.Event
) -> RoundReport | None:
    """The round's report, or None when ``stop`` was set first (the round is cancelled)."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    stopper.cancel()
    if task in done:
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return None
