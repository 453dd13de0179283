"""Which accounts this ingest replica polls: leases taken, renewed and given back.

Each account is polled by the one replica that holds its lease, ``account.<id>`` in the
broker's lease bucket (:mod:`lease_bucket`). At the start of every full round the service
calls :meth:`AccountLeases.settle`: the heartbeat and the leases due for renewal are written,
the bucket is listed once, and :mod:`fair_share` decides what to take (free accounts, up to a
fair share of the live replicas) and what to give back; the round polls what is held then.
Between rounds :meth:`AccountLeases.keep_renewing` renews every lease (and the heartbeat)
once a third of the term has passed, so a long round or a long poll interval never lets one
lapse. :meth:`release` gives everything back on a clean stop.

A lease counts as held only while its last renewal, as sent, is less than two thirds of a term
old: a replica cut off from the broker stops polling before the broker can give its accounts
to another. A replica that dies stops renewing; its keys expire one term after their last
renewal, and another replica takes them at its next round: a dead replica's accounts are
polled again within a term and a poll interval (one more round when the replicas disagree
on how many are alive: see :mod:`fair_share`).

Alone (the default installation) a replica takes every account at its first round; a round
then costs one listing, plus one renewal per account every third of a term.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Final

from nats.aio.client import Client as NatsClient

from nextsteps_ingest.fair_share import Moves, View, free_now, moves
from nextsteps_ingest.lease_bucket import GONE, LeaseBucket, Listing
from nextsteps_ingest.replica_roster import ReplicaRoster, new_replica_id
from nextsteps_shared.settings import ReplicaSettings
from nextsteps_shared.subjects import LEASE_ACCOUNT_PREFIX, LEASE_BUCKET

_log = logging.getLogger(__name__)

RENEW_SHARE: Final = 1 / 3  # renewed once this share of a term has passed
VALID_SHARE: Final = 2 / 3  # trusted for this share of a term after its last renewal
AT_ONCE: Final = 128  # requests in flight at most


@dataclass
class Lease:
    """One lease held: its last revision and when that renewal was sent (monotonic)."""

    revision: int
    renewed: float


class AccountLeases:
    """The leases of one ingest replica."""

    def __init__(
        self,
        bucket: LeaseBucket,
        replica: str,
        term: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bucket = bucket
        self.replica = replica
        self.term = term
        self._clock = clock
        self._roster = ReplicaRoster(bucket, replica)
        self._held: dict[str, Lease] = {}
        self._beaten = -float("inf")
        self._free_before: frozenset[str] = frozenset()
        self._given_back: set[str] = set()
        self._futile_at: int | None = None  # live count at which giving back found no taker
        self._lock = asyncio.Lock()
        self.reached = True  # whether the last settle reached the broker

    @classmethod
    async def open(
        cls, client: NatsClient, settings: ReplicaSettings, bucket: str = LEASE_BUCKET
    ) -> AccountLeases:
        """The leases of a new replica, in ``bucket`` on the broker ``client`` is connected to."""
        opened = await LeaseBucket.open(client.jetstream(), bucket, settings.lease_seconds)
        return cls(opened, new_replica_id(), settings.lease_seconds)

    def holds(self, account: str) -> bool:
        """Whether this replica may poll ``account`` now."""
        lease = self._held.get(account)
        return lease is not None and self._clock() - lease.renewed < self.term * VALID_SHARE

    def held(self) -> frozenset[str]:
        """The accounts this replica may poll now."""
        return frozenset(account for account in self._held if self.holds(account))

    async def settle(self, accounts: Iterable[str]) -> frozenset[str]:
        """Renew, take and give back for a round over the active ``accounts``; the accounts to
        poll. When the broker does not answer, the leases still valid are kept."""
        async with self._lock:
            try:
                await self._settle_or_start_over(frozenset(accounts))
            except Exception as err:  # nats errors share no useful base
                _log.warning("leases not settled (%s: %s)", type(err).__name__, err)
                self.reached = False
            else:
                self.reached = True
        return self.held()

    async def _settle_or_start_over(self, accounts: frozenset[str]) -> None:
        try:
            await self._settle(accounts)
        except GONE:  # the broker restarted and lost the bucket with every lease in it
            _log.warning("lease bucket %s is gone: made again, leases taken anew", self.bucket.name)
            await self.bucket.make_again(self.term)
            self._held.clear()
            self._roster = ReplicaRoster(self.bucket, self.replica)
            self._beaten = -float("inf")
            await self._settle(accounts)

    async def _settle(self, accounts: frozenset[str]) -> None:
        await self._renew_due()
        listing = await self.bucket.listing()
        self.term = listing.term or self.term
        view = self._view(accounts, listing)
        decided = moves(view)
        self._free_before = free_now(view)
        await self._apply(decided, view.live)

    def _view(self, accounts: frozenset[str], listing: Listing) -> View:
        mine = frozenset(self._held)
        live = self._roster.live(listing)
        return View(
            replica=self.replica,
            accounts=accounts,
            held=mine,
            taken=listing.with_prefix(LEASE_ACCOUNT_PREFIX) - mine,
            live=live,
            free_before=self._free_before,
            give_surplus=self._futile_at != live,
        )

    async def _apply(self, decided: Moves, live: int) -> None:
        if self._given_back & set(decided.take):  # nobody took the surplus given back
            self._futile_at = live
        self._given_back = (self._given_back | set(decided.surplus)) - set(decided.take)
        await _each(self._give_back(account) for account in decided.give_back)
        await _each(self._take(account) for account in decided.take)
        if decided.take or decided.give_back:
            _log.info(
                "leases: took %d, gave back %d, hold %d (%d live replicas)",
                len(decided.take), len(decided.give_back), len(self._held), live,
            )  # fmt: skip

    async def _take(self, account: str) -> None:
        sent = self._clock()
        revision = await self.bucket.create(LEASE_ACCOUNT_PREFIX + account, self.replica)
        if revision is not None:
            self._held[account] = Lease(revision, sent)

    async def _give_back(self, account: str) -> None:
        if self.holds(account):  # else it may have expired and been taken: leave it alone
            await self.bucket.drop(LEASE_ACCOUNT_PREFIX + account)
        self._held.pop(account, None)

    async def _renew_due(self) -> None:
        """The heartbeat first (so it expires before the leases of a replica that dies), then
        every lease whose last renewal is a third of a term old."""
        due = self._clock() - self.term * RENEW_SHARE
        if self._beaten <= due:
            sent = self._clock()
            await self._roster.beat()
            self._beaten = sent
        stale = [account for account, lease in self._held.items() if lease.renewed <= due]
        await _each(self._renew(account) for account in stale)

    async def _renew(self, account: str) -> None:
        lease = self._held[account]
        sent = self._clock()
        key = LEASE_ACCOUNT_PREFIX + account
        revision = await self.bucket.renew(key, self.replica, lease.revision)
        if revision is None:
            _log.warning("lease of account %s lost (not renewed in time)", account)
            self._held.pop(account, None)
            return
        self._held[account] = Lease(revision, sent)

    async def keep_renewing(self) -> None:
        """Renew the heartbeat and the leases as they fall due, until cancelled."""
        while True:
            await asyncio.sleep(self.term * RENEW_SHARE / 2)
            async with self._lock:
                try:
                    await self._renew_due()
                except Exception as err:  # tried again at the next turn
                    _log.warning("leases not renewed (%s: %s)", type(err).__name__, err)

    async def release(self) -> None:
        """Give every lease back and leave the roster: the others take over at once."""
        async with self._lock:
            held = list(self._held)
            await _each(self._give_back(account) for account in held)
            await self._roster.leave()


async def _each(calls: Iterable[Awaitable[None]]) -> None:
    """Await ``calls``, at most ``AT_ONCE`` at a time."""
    slots = asyncio.Semaphore(AT_ONCE)

    async def one(call: Awaitable[None]) -> None:
        async with slots:
            await call

    await asyncio.gather(*(one(call) for call in calls))
