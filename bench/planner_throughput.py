"""Benchmark: interview messages per second through JetStream into the real planner.

Run: .venv/bin/python bench/planner_throughput.py [--messages N] [--per-employer K] [--profile]

A private nats-server (JetStream, file store), N interview snapshots published once into the
events stream (K interviews per employer, so that a later interview closes the chain of the
earlier ones, as a job search goes; a third carry "next steps" notes), then, in the same run:

1. the real planner (``create_app(settings).run_once()``: SQLite state in a temp data
   directory, follow-ups written to in-memory calendars of a memory account), from start until
   the queue is drained;
2. baselines, each on its own durable consumer of the same messages, decoding and
   acknowledging each message and nothing else: a plain FastStream pull consumer with the
   planner's pull settings (batches of ``BATCH`` handed over at once, manual ack), and the
   plainest one (one message per handler call), as the planner consumed before it took
   batches;
3. the same planner with its state in PostgreSQL (a fresh database on the local server, or
   ``--postgres URL``; a second private nats-server with the same workload), unless
   PostgreSQL cannot be reached (then it says so) or ``--postgres none``.

All are reported as wall time from start to stop and as the steady rate between the first and
the last message handled. Target: planner >= 0.5 of the plain consumer (on either database).
``--profile`` runs the planners under cProfile and prints their top costs per message.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import logging
import pstats
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import psycopg
from faststream import AckPolicy, Context
from faststream.nats import NatsBroker, PullSub
from faststream.nats.annotations import NatsMessage
from faststream.nats.message import NatsBatchMessage

from nextsteps_planner.service import BATCH, BATCH_WAIT_S
from nextsteps_shared.bus import create_broker, decode, events_stream
from nextsteps_shared.embedded_nats import EmbeddedNats
from nextsteps_shared.messages import InterviewSnapshot, Message
from nextsteps_shared.subjects import EVENTS_FILTER
from servers import use_test_helpers

if TYPE_CHECKING:
    from tests.planner.planner_world import PlannerWorld

NOTES = (
    "",
    "Panel with the platform team.\nNext steps: they will get back to me within a week.",
    "Hiring manager call. Decision expected by Friday; bring the portfolio.",
)


@dataclass
class Clock:
    """When the first and the last of ``expected`` messages were handled."""

    expected: int
    seen: int = 0
    first: float = 0.0
    last: float = 0.0
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def tick(self) -> None:
        now = time.perf_counter()
        self.first = self.first or now
        self.last, self.seen = now, self.seen + 1
        if self.seen >= self.expected:
            self.done.set()

    def steady_rate(self) -> float:
        return (self.seen - 1) / (self.last - self.first) if self.last > self.first else 0.0


def messages(world: PlannerWorld, count: int, per_employer: int) -> list[InterviewSnapshot]:
    """``count`` interviews over the coming weeks, ``per_employer`` stages per employer."""
    from tests.planner.planner_world import next_monday

    base = next_monday(9)
    return [
        world.interview(
            f"bench-{i}@calendar.example",
            base + timedelta(days=(i % 60) // 6, hours=i % 6),
            company=f"Employer {i // per_employer:04d}",
            description=NOTES[i % len(NOTES)],
        )
        for i in range(count)
    ]


async def planner_run(world: PlannerWorld, clock: Clock) -> float:
    """The real planner until drained; wall seconds from start to stop."""
    from nextsteps_planner.service import Timing, create_app

    app = create_app(world.settings, timing=Timing(drain_poll_s=0.02))
    handle_all = app.planner.handle_all

    async def counted(batch: Sequence[Message]) -> list[BaseException | None]:
        outcomes = await handle_all(batch)
        for _ in batch:
            clock.tick()
        return outcomes

    app.planner.handle_all = counted  # type: ignore[method-assign]
    start = time.perf_counter()
    await app.run_once()
    return time.perf_counter() - start


async def plain_run(url: str, clock: Clock) -> float:
    """A plain FastStream pull consumer with the planner's pull settings (batches of
    ``BATCH``) that decodes and acknowledges each message; wall seconds."""
    broker = create_broker(url)

    @broker.subscriber(
        EVENTS_FILTER,
        stream=events_stream(),
        durable="bench-plain",
        pull_sub=PullSub(batch_size=BATCH, timeout=BATCH_WAIT_S, batch=True),
        ack_policy=AckPolicy.MANUAL,
    )
    async def consume(batch: Annotated[NatsBatchMessage, Context("message")]) -> None:
        for raw in batch.raw_message:
            decode(raw.data)
            await raw.ack()
            clock.tick()

    return await _drain(broker, clock)


async def plain_each_run(url: str, clock: Clock) -> float:
    """The plainest FastStream pull consumer: one message per handler call (fetching up to
    ``BATCH`` at a time), decoded and acknowledged; wall seconds."""
    broker = create_broker(url)

    @broker.subscriber(
        EVENTS_FILTER,
        stream=events_stream(),
        durable="bench-plain-each",
        pull_sub=PullSub(batch_size=BATCH, timeout=1.0),
        ack_policy=AckPolicy.MANUAL,
    )
    async def consume(message: NatsMessage) -> None:
        decode(message.raw_message.data)
        await message.ack()
        clock.tick()

    return await _drain(broker, clock)


async def _drain(broker: NatsBroker, clock: Clock) -> float:
    start = time.perf_counter()
    await broker.start()
    await clock.done.wait()
    await broker.stop()
    return time.perf_counter() - start


def profiled(run: Coroutine[Any, Any, float], count: int) -> float:
    """Run under cProfile and print the top costs per message."""
    profile = cProfile.Profile()
    seconds: float = profile.runcall(asyncio.run, run)
    for order, title in (("tottime", "own time"), ("cumulative", "cumulative, nextsteps code")):
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats(order)
        stats.print_stats("nextsteps" if order == "cumulative" else "", 22)
        print(f"\nplanner profile by {title} (ms per message = cumtime / {count} * 1000):")
        print(_per_message(out.getvalue(), count))
    return seconds


def _per_message(report: str, count: int) -> str:
    lines = []
    for line in report.splitlines():
        parts = line.split(None, 5)
        if len(parts) == 6 and parts[0][0].isdigit() and parts[1][0].isdigit():
            own, total = float(parts[1]), float(parts[3])
            ms = f"own {own / count * 1000:6.3f}  cum {total / count * 1000:6.3f} ms/msg"
            lines.append(f"  {ms}  calls {parts[0]:>10}  {parts[5][-90:]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--per-employer", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--postgres", default="", help="a PostgreSQL URL (default: a fresh local database; none)"
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    use_test_helpers()
    with tempfile.TemporaryDirectory() as tmp:
        runs = [measured(Path(tmp) / "sqlite", None, args, baselines=True)]
        with postgres_database(args.postgres) as url:
            if url is not None:
                runs.append(measured(Path(tmp) / "postgresql", url, args, baselines=False))
    print()
    for run in runs:
        report(run.name, run.planner, args.messages, args.profile)
    baselines = runs[0].baselines
    for name, figures in baselines.items():
        report(name, figures, args.messages, False)
    for run in runs:
        for name, (_, clock) in baselines.items():
            ratio = run.planner[1].steady_rate() / clock.steady_rate()
            print(f"  ratio {run.name} / {name}: {ratio:.3f} steady   target: >= 0.5")
    if len(runs) == 2:
        ratio = runs[1].planner[1].steady_rate() / runs[0].planner[1].steady_rate()
        print(f"  ratio planner PostgreSQL / SQLite: {ratio:.3f} steady")


Figures = tuple[float, Clock]  # wall seconds from start to stop, and the clock


@dataclass
class Run:
    """One planner's figures, and those of the baselines measured beside it."""

    name: str
    planner: Figures
    baselines: dict[str, Figures] = field(default_factory=dict)


def measured(home: Path, database: str | None, args: argparse.Namespace, *, baselines: bool) -> Run:
    """A private nats-server, the messages published, the planner on ``database`` (None:
    SQLite in the data directory) until drained; with ``baselines``, the plain consumers
    after it on the same messages."""
    from tests.planner.planner_world import PlannerWorld

    kind = "SQLite" if database is None else "PostgreSQL"
    with EmbeddedNats(home / "nats") as server:
        world = PlannerWorld(home / "data", server.url, database or "")
        world.connect()
        sent = messages(world, args.messages, args.per_employer)
        started = time.perf_counter()
        world.publish(*sent)
        print(
            f"{kind}: published {len(sent)} interview snapshots ({args.per_employer} per"
            f" employer) in {time.perf_counter() - started:.2f} s"
        )
        ours = Clock(len(sent))
        run = planner_run(world, ours)
        seconds = profiled(run, len(sent)) if args.profile else asyncio.run(run)
        print(f"{kind}: {len(world.events())} follow-ups in the calendars at the end")
        found = Run(f"planner ({kind}, memory calendars)", (seconds, ours))
        if baselines:
            found.baselines = {
                "plain consumer, batches": timed(plain_run, server.url, len(sent)),
                "plain consumer, one by one": timed(plain_each_run, server.url, len(sent)),
            }
    return found


def timed(
    consumer: Callable[[str, Clock], Coroutine[Any, Any, float]], url: str, count: int
) -> Figures:
    clock = Clock(count)
    return asyncio.run(consumer(url, clock)), clock


@contextmanager
def postgres_database(configured: str) -> Iterator[str | None]:
    """``configured`` (``none``: no PostgreSQL run), else a fresh database on the local
    server for the time of the block; None (said why) when there is none."""
    from tests.servers.postgres import PostgresServer

    if configured:
        yield None if configured == "none" else configured
        return
    try:
        server = PostgresServer.find()
    except psycopg.OperationalError as err:
        print(f"PostgreSQL: not reachable, no run on it ({err})")
        yield None
        return
    with server.fresh_database() as url:
        yield url


def report(name: str, figures: tuple[float, Clock], count: int, profiled_run: bool) -> None:
    seconds, clock = figures
    note = " (under cProfile)" if profiled_run else ""
    print(
        f"  {name:40} {count / seconds:7.0f} msg/s wall ({seconds:.2f} s incl. start/stop)"
        f" {clock.steady_rate():7.0f} msg/s steady{note}"
    )


if __name__ == "__main__":
    main()
