"""Benchmark: what ingest's account leases cost a round, on a real nats-server.

Run: .venv/bin/python bench/account_leases.py [--accounts 1 100 10000] [--lease 120] [--poll 60]

For each number of accounts, one replica alone (the default installation) on a fresh bucket:
its first round (takes every lease), a round with nothing due (one listing), a pass that renews
every lease (one update each), and the hand-back of a clean stop; requests counted on the
client. Then two replicas splitting the accounts (rounds until each holds its share). Baseline
in the same run: as many plain JetStream publishes (with acks) as there are accounts, the
least a round with one change per account would send. The figure that matters for a steady
round: one listing, plus one renewal per account every third of a lease term.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from pathlib import Path

import nats
from nats.aio.client import Client as NatsClient

from nextsteps_ingest.account_lease import RENEW_SHARE, AccountLeases
from nextsteps_ingest.fair_share import share
from nextsteps_ingest.lease_bucket import LeaseBucket
from nextsteps_shared.embedded_nats import EmbeddedNats


class Clock:
    """A monotonic clock the benchmark can move forward (to make every lease due)."""

    def __init__(self) -> None:
        self.ahead = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.ahead


async def timed(label: str, leases: AccountLeases, work: object) -> float:
    before, start = leases.bucket.requests, time.perf_counter()
    await work  # type: ignore[misc]
    took = time.perf_counter() - start
    print(f"  {label:<28} {took * 1000:9.1f} ms  {leases.bucket.requests - before:7d} requests")
    return took


async def alone(client: NatsClient, accounts: list[str], lease: float, poll: float) -> None:
    clock = Clock()
    bucket = await LeaseBucket.open(client.jetstream(), f"bench_{uuid.uuid4().hex[:8]}", lease)
    leases = AccountLeases(bucket, "bench-alone", lease, clock)
    print(f"{len(accounts)} accounts, one replica:")
    await timed("first round (take all)", leases, leases.settle(accounts))
    steady = await timed("round, nothing due", leases, leases.settle(accounts))
    clock.ahead = lease * RENEW_SHARE + 1
    renewal = await timed("round renewing every lease", leases, leases.settle(accounts))
    renewals = len(accounts) * poll / (lease * RENEW_SHARE)  # the keeper renews each third
    print(f"  requests per {poll:g} s poll interval: 1 listing + {renewals:.0f} renewals")
    amortised = steady + renewal * poll / (lease * RENEW_SHARE)
    print(f"  lease time per poll interval (amortised): {amortised * 1000:.1f} ms")
    baseline = await publishes(client, len(accounts))
    print(f"  baseline {len(accounts)} JetStream publishes: {baseline * 1000:9.1f} ms;"
          f" renewal pass / baseline = {renewal / baseline:.2f}")  # fmt: skip
    await timed("clean stop (give all back)", leases, leases.release())


async def pair(client: NatsClient, accounts: list[str], lease: float) -> None:
    bucket = await LeaseBucket.open(client.jetstream(), f"bench_{uuid.uuid4().hex[:8]}", lease)
    replicas = [AccountLeases(bucket, f"bench-{n}", lease) for n in range(2)]
    start, rounds = time.perf_counter(), 0
    while rounds < 10:
        rounds += 1
        held = [await replica.settle(accounts) for replica in replicas]
        covered = not held[0] & held[1] and len(held[0] | held[1]) == len(accounts)
        if covered and all(len(h) <= share(len(accounts), 2) for h in held):
            break
    took = time.perf_counter() - start
    print(f"  two replicas: split {len(held[0])}/{len(held[1])} after {rounds} rounds each,"
          f" {took * 1000:.1f} ms in all")  # fmt: skip
    for replica in replicas:
        await replica.release()


async def publishes(client: NatsClient, count: int) -> float:
    stream = client.jetstream()
    name = f"BENCH_{uuid.uuid4().hex[:8]}"
    await stream.add_stream(name=name, subjects=[f"{name}.>"])
    start = time.perf_counter()
    await asyncio.gather(*(stream.publish(f"{name}.x", b"{}") for _ in range(count)))
    took = time.perf_counter() - start
    await stream.delete_stream(name)
    return took


async def main(counts: list[int], lease: float, poll: float) -> None:
    with tempfile.TemporaryDirectory() as folder, EmbeddedNats(Path(folder)) as server:
        client = await nats.connect(server.url)
        try:
            for count in counts:
                accounts = [f"acct-{n:06d}" for n in range(count)]
                await alone(client, accounts, lease, poll)
                await pair(client, accounts, lease)
        finally:
            await client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, nargs="+", default=[1, 100, 10_000])
    parser.add_argument("--lease", type=float, default=120.0, help="lease term (seconds)")
    parser.add_argument("--poll", type=float, default=60.0, help="poll interval (seconds)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.accounts, arguments.lease, arguments.poll))
