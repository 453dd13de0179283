"""The pacer's arithmetic, on a clock the test moves: no test waits for real."""

from __future__ import annotations

import asyncio

from nextsteps_shared.backends.google_pacer import Pacer, backoff_delay, pacer_for
from nextsteps_shared.settings import GoogleSettings


class FakeTime:
    """A clock that moves only when the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_a_burst_goes_at_once_then_requests_keep_to_the_rate() -> None:
    time = FakeTime()
    pacer = Pacer(per_minute=60, burst=5, clock=time.clock, sleep=time.sleep)

    async def requests(count: int) -> None:
        for _ in range(count):
            await pacer.take()

    asyncio.run(requests(25))
    assert len(time.sleeps) == 20  # five went at once
    assert time.now == 20.0  # then one a second, as 60 a minute says
    assert pacer.waited == 20.0


def test_a_rested_bucket_fills_up_to_the_burst_only() -> None:
    time = FakeTime()
    pacer = Pacer(per_minute=600, burst=3, clock=time.clock, sleep=time.sleep)
    time.now = 3600.0  # an hour of quiet does not buy an hour of requests

    async def requests() -> None:
        for _ in range(4):
            await pacer.take()

    asyncio.run(requests())
    assert time.sleeps == [0.1]


def test_the_default_keeps_well_under_googles_600_a_minute() -> None:
    settings = GoogleSettings()
    processes = 2  # ingest and planner pace on their own
    assert processes * (settings.burst + settings.requests_per_minute) <= 600 * 0.75


def test_one_pacer_per_account_and_limits() -> None:
    settings = GoogleSettings()
    assert pacer_for("acct-one", settings) is pacer_for("acct-one", settings)
    assert pacer_for("acct-one", settings) is not pacer_for("acct-two", settings)


def test_backoff_doubles_its_ceiling_with_full_jitter_capped_and_honours_retry_after() -> None:
    settings = GoogleSettings(backoff_seconds=1.0, backoff_cap_seconds=10.0)
    ceilings = [backoff_delay(n, settings, draw=lambda low, high: high) for n in range(6)]
    assert ceilings == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert backoff_delay(3, settings, draw=lambda low, high: low) == 0.0  # full jitter: from 0
    assert backoff_delay(0, settings, asked=7.0, draw=lambda low, high: high) == 7.0
