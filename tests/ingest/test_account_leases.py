"""Account leases on a real nats-server: two replicas share the accounts, one that dies loses
them after the lease term, one that stops cleanly hands them over at once, a lease that lapsed
is not polled any more, and a lone replica holds everything at a small cost per round."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import nats
from nats.aio.client import Client as NatsClient

from nextsteps_ingest.account_lease import AccountLeases
from nextsteps_ingest.fair_share import share
from nextsteps_ingest.lease_bucket import LeaseBucket
from nextsteps_ingest.lease_keeper import LeaseKeeper
from nextsteps_shared.embedded_nats import EmbeddedNats
from nextsteps_shared.settings import ReplicaSettings

ACCOUNTS = [f"acct-{n:02d}" for n in range(7)]


@asynccontextmanager
async def broker(url: str) -> AsyncIterator[NatsClient]:
    client = await nats.connect(url)
    try:
        yield client
    finally:
        await client.close()


async def replicas(client: NatsClient, term: float, count: int = 2) -> list[AccountLeases]:
    """``count`` replicas on a bucket of their own (each test has one)."""
    name = f"test_leases_{uuid.uuid4().hex[:10]}"
    bucket = await LeaseBucket.open(client.jetstream(), name, term)
    return [AccountLeases(bucket, f"replica-{n}", term) for n in range(count)]


async def settle_all(holders: list[AccountLeases], rounds: int = 3) -> list[frozenset[str]]:
    """Each replica settles ``rounds`` times in turn; what each holds after the last."""
    for _ in range(rounds):
        for holder in holders:
            await holder.settle(ACCOUNTS)
    return [holder.held() for holder in holders]


async def until(condition: Callable[[], Awaitable[bool]], timeout: float) -> float:
    """Seconds until ``condition`` held (it is checked every 50 ms); fails after ``timeout``."""
    start = time.monotonic()
    while not await condition():
        assert time.monotonic() - start < timeout, f"not within {timeout} s"
        await asyncio.sleep(0.05)
    return time.monotonic() - start


def test_two_replicas_split_the_accounts_each_to_one(nats_url: str) -> None:
    async def run() -> None:
        async with broker(nats_url) as client:
            first, second = await replicas(client, term=30.0)
            assert await first.settle(ACCOUNTS) == set(ACCOUNTS)  # alone so far: all of them
            held = await settle_all([second, first])  # the first gives back its surplus
            assert not held[0] & held[1], "an account held twice"
            assert held[0] | held[1] == set(ACCOUNTS), "an account held by nobody"
            limit = share(len(ACCOUNTS), 2)
            assert all(0 < len(h) <= limit for h in held), held

    asyncio.run(run())


def test_a_dead_replicas_accounts_are_taken_within_a_term_and_a_round(nats_url: str) -> None:
    term, poll = 2.0, 0.2

    async def run() -> None:
        async with broker(nats_url) as client:
            dying, survivor = await replicas(client, term=term)
            await settle_all([dying, survivor, dying, survivor])
            orphaned = dying.held()
            assert orphaned, "the dying replica held nothing: nothing to take over"
            last_renewal = time.monotonic()  # the dying replica renews no more from here

            async def survivor_round() -> bool:
                held = await survivor.settle(ACCOUNTS)
                await asyncio.sleep(poll)
                return held == set(ACCOUNTS)

            await until(survivor_round, timeout=4 * term)
            took = time.monotonic() - last_renewal
            assert took <= term + poll + 1.0, f"taken over after {took:.2f} s"
            assert took >= term * 0.9, f"taken over after {took:.2f} s: before the term ended"

    asyncio.run(run())


def test_a_clean_stop_hands_the_accounts_over_at_once(nats_url: str) -> None:
    async def run() -> None:
        async with broker(nats_url) as client:
            leaving, staying = await replicas(client, term=60.0)
            await settle_all([leaving, staying])
            assert leaving.held() and staying.held() != set(ACCOUNTS)
            await leaving.release()
            assert leaving.held() == frozenset()
            assert await staying.settle(ACCOUNTS) == set(ACCOUNTS)  # the next round, no wait

    asyncio.run(run())


def test_a_lapsed_lease_is_not_polled_and_its_renewal_is_refused(nats_url: str) -> None:
    term = 1.5

    async def run() -> None:
        async with broker(nats_url) as client:
            stalled, other = await replicas(client, term=term)
            assert await stalled.settle(ACCOUNTS) == set(ACCOUNTS)
            await asyncio.sleep(term * 2 / 3 + 0.1)
            assert stalled.held() == frozenset(), "polled on a lease maybe given to another"
            await until(lambda: _holds_all(other), timeout=3 * term)
            assert await stalled.settle(ACCOUNTS) == frozenset()  # renewals refused
            assert other.held() == set(ACCOUNTS)

    asyncio.run(run())


async def _holds_all(holder: AccountLeases) -> bool:
    return await holder.settle(ACCOUNTS) == set(ACCOUNTS)


def test_renewals_keep_a_lease_through_a_long_round(nats_url: str) -> None:
    """Between rounds the keeper renews: a replica busy for three terms keeps its accounts."""
    term = 1.2

    async def run() -> None:
        async with broker(nats_url) as client:
            busy, other = await replicas(client, term=term)
            assert await busy.settle(ACCOUNTS) == set(ACCOUNTS)
            renewing = asyncio.create_task(busy.keep_renewing())
            try:
                for _ in range(int(3 * term / 0.3)):
                    await asyncio.sleep(0.3)
                    assert busy.held() == set(ACCOUNTS)
                    assert await other.settle(ACCOUNTS) == frozenset()
            finally:
                renewing.cancel()

    asyncio.run(run())


def test_a_lone_replica_holds_everything_for_one_request_a_round(nats_url: str) -> None:
    async def run() -> None:
        async with broker(nats_url) as client:
            (alone,) = await replicas(client, term=60.0, count=1)
            assert await alone.settle(ACCOUNTS) == set(ACCOUNTS)
            first = alone.bucket.requests
            assert first == len(ACCOUNTS) + 2  # heartbeat, listing, one create per account
            for _ in range(5):
                assert await alone.settle(ACCOUNTS) == set(ACCOUNTS)
            assert alone.bucket.requests - first == 5  # one listing per round

    asyncio.run(run())


def test_the_keeper_gives_everything_back_when_it_stops(nats_url: str) -> None:
    async def run() -> None:
        settings = ReplicaSettings(lease_seconds=60.0)
        bucket = f"test_leases_{uuid.uuid4().hex[:10]}"
        first = await LeaseKeeper.start(nats_url, settings, bucket)
        second = await LeaseKeeper.start(nats_url, settings, bucket)
        try:
            assert await first.settle(ACCOUNTS) == set(ACCOUNTS)
            assert await second.settle(ACCOUNTS) == frozenset()
            await first.stop()
            assert await second.settle(ACCOUNTS) == set(ACCOUNTS)
        finally:
            await second.stop()

    asyncio.run(run())


def test_a_broker_restart_loses_the_bucket_and_the_replica_takes_everything_again(
    tmp_path: Path,
) -> None:
    """Memory storage: leases do not outlive the broker; the bucket is made again."""
    with EmbeddedNats(tmp_path / "broker") as server:

        async def run() -> None:
            keeper = await LeaseKeeper.start(server.url, ReplicaSettings(lease_seconds=60.0))
            try:
                assert await keeper.settle(ACCOUNTS) == set(ACCOUNTS)
                server.stop()
                server.start()

                async def settled_again() -> bool:
                    held = await keeper.settle(ACCOUNTS)
                    return not keeper.broker_away and held == set(ACCOUNTS)

                await until(settled_again, timeout=10)  # once the client reconnected
                fresh = await LeaseKeeper.start(server.url, ReplicaSettings(lease_seconds=60.0))
                try:  # the leases were taken anew: another replica finds them held
                    assert await fresh.settle(ACCOUNTS) == frozenset()
                finally:
                    await fresh.stop()
            finally:
                await keeper.stop()

        asyncio.run(run())
