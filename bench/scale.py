"""Benchmark: 10,000 CalDAV accounts on one ingest replica, then on two: poll lag, CPU, RSS.

Run: .venv/bin/python bench/scale.py [--accounts 10000] [--interval 60] [--rounds 2]
         [--concurrency 8 32] [--replicas 1 2] [--radicale 2] [--xandikos 2] [--calendars 4]
         [--events 8] [--baseline 2000] [--postgres]
Quick check: .venv/bin/python bench/scale.py --accounts 500 --interval 10

Set-up: Radicale and Xandikos servers on free loopback ports, each holding ``--calendars``
calendars of ``--events`` events (seeded in bulk: files on disk for Radicale, one git commit
for Xandikos); ``--accounts`` CalDAV accounts written straight into the account store (secrets
encrypted), each watching one calendar, round robin, so accounts share calendars as they share
servers; a private nats-server; and ``nextsteps-ingest --poll-interval S`` processes (the real
entry point, JSON logs) on one data directory (SQLite; ``--postgres``: a fresh database on the
local PostgreSQL). The calendars do not change: after its first sync, every poll is a no-change
poll: one getctag PROPFIND (two requests on Radicale: caldav's client, new at every poll, first
asks without credentials and gets a 401).

Runs, one after another on the same state:
1. one replica at each ``--concurrency`` (``[ingest] poll_concurrency``): ``--rounds`` rounds;
2. two replicas (each further ``--replicas``) at the last concurrency: rounds until the leases
   split the accounts (each replica's round within 5% of its fair share), then ``--rounds``.
Before them, ``nextsteps-ingest --once`` makes every account's initial sync (timed apart).
``MALLOC_*`` and ``PYTHON*`` variables reach the replicas (for experiments).

Poll lag as ingest defines it (``nextsteps_poll_lag_seconds``): from when the round was due to
when the account's poll finished, read exactly from each replica's log (:mod:`replica_log`);
the replicas' own histogram at /metrics is read beside it. "gap - interval": the other reading,
how much more than an interval passed between two polls of the same account. CPU: CPU seconds
per wall second over the measured rounds (/proc: :mod:`process_meter`), for each replica, the
CalDAV servers (the busiest one apart: each is one Python process) and nats-server, with the
whole machine's busy cores beside them (other work on the machine included). RSS: median over
the measured rounds and peak (VmHWM), in MB (10^6 bytes, as the target says).

Baselines in the same run, the same no-change poll of the first ``--baseline`` accounts with
nothing else around it: a plain aiohttp loop sending the getctag PROPFIND ingest sends (pinned
Basic auth, kept-alive connections) at each concurrency: what the servers answer at most and a
client needs at least; and nextsteps' own CalDAV reader (``CaldavCalendar.changes``, a client per
poll as ingest opens one) at the first concurrency: what the rest of ingest adds to it.
Targets: p99 lag < one poll interval; RSS <= 200 MB per replica.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import itertools
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import aiohttp
from cryptography.fernet import Fernet
from prometheus_client.parser import text_string_to_metric_families

from caldav_sync import objects, seed_xandikos_repository
from nextsteps_ingest.fair_share import share
from nextsteps_shared.accounts.model import Account, WatchedCalendar
from nextsteps_shared.accounts.store import open_account_store
from nextsteps_shared.backends.multistatus import propfind_body
from nextsteps_shared.backends.opener import AccountCalendars
from nextsteps_shared.embedded_nats import EmbeddedNats, free_port
from nextsteps_shared.messages import SourceKind
from process_meter import ProcessMeter, Window, child_pids
from replica_log import ReplicaLog, Round
from servers import percentile, use_test_helpers
from synthetic_calendar import OWNER, ZONE

if TYPE_CHECKING:
    from tests.servers.dav_servers import DavServer

INGEST = Path(sys.executable).with_name("nextsteps-ingest")
RSS_TARGET_MB = 200.0
MB = 1024 * 1024 / 1e6  # MiB -> MB
SAMPLE_EVERY_S = 1.0
BALANCED = 0.05  # a replica's round counts once it polls within 5% of its fair share
CTAG = propfind_body("CS:getctag").encode()
BASELINES = {
    "plain": "plain aiohttp PROPFIND (kept-alive)",
    "reader": "nextsteps' CalDAV reader alone (client per poll)",
}
_RADICALE_PROPS = {"C:supported-calendar-component-set": "VEVENT", "tag": "VCALENDAR"}


@dataclass(frozen=True)
class Calendar:
    """One seeded calendar: its URL and the server's credentials (None for Xandikos)."""

    url: str
    username: str | None
    password: str | None


# -- set-up -------------------------------------------------------------------------------


def seed_radicale(workdir: Path, names: list[str], items: dict[str, str]) -> None:
    """Write the calendars into a Radicale storage folder (before the server starts)."""
    for name in names:
        folder = workdir / "collections" / "collection-root" / "alice" / name
        folder.mkdir(parents=True)
        props = {**_RADICALE_PROPS, "D:displayname": name}
        (folder / ".Radicale.props").write_text(json.dumps(props))
        for file_name, text in items.items():
            (folder / file_name).write_text(text, newline="")


def radicale(stack: ExitStack, workdir: Path, count: int, items: dict[str, str]) -> list[str]:
    """A running Radicale holding ``count`` seeded calendars; their URLs."""
    from tests.servers.dav_servers import running_radicale

    names = [f"cal-{n}" for n in range(count)]
    seed_radicale(workdir, names, items)
    server = stack.enter_context(running_radicale(workdir))
    return [f"{server.home_url}{name}/" for name in names]


def xandikos(stack: ExitStack, workdir: Path, count: int, items: dict[str, str]) -> list[str]:
    """A running Xandikos holding ``count`` seeded calendars (one git commit each)."""
    from tests.servers.dav_servers import new_calendar, running_xandikos

    server: DavServer = stack.enter_context(running_xandikos(workdir))
    urls = [new_calendar(server) for _ in range(count)]
    for url in urls:
        name = url.rstrip("/").rsplit("/", 1)[1]
        seed_xandikos_repository(workdir / "data" / "user" / "calendars" / name, items)
    return urls


def start_servers(
    stack: ExitStack, workdir: Path, args: argparse.Namespace, meter: ProcessMeter
) -> list[Calendar]:
    """Every CalDAV server, watched by ``meter``; all their calendars."""
    items = objects(args.events)
    calendars: list[Calendar] = []
    for kind, count in (("radicale", args.radicale), ("xandikos", args.xandikos)):
        for number in range(1, count + 1):
            folder = workdir / f"{kind}-{number}"
            folder.mkdir()
            if kind == "radicale":
                urls = radicale(stack, folder, args.calendars, items)
                calendars += [Calendar(url, "alice", "wonderland") for url in urls]
            else:
                urls = xandikos(stack, folder, args.calendars, items)
                calendars += [Calendar(url, None, None) for url in urls]
            (pid,) = child_pids(str(folder))
            meter.watch(f"{kind}-{number}", pid)
    return calendars


def write_accounts(
    data_dir: Path, database: str | None, key: str, calendars: list[Calendar], count: int
) -> list[Calendar]:
    """``count`` accounts in the store, account n watching calendar n mod len(calendars)
    (as ``nextsteps connect caldav`` stores them); the calendar of each account."""
    store = open_account_store(data_dir, database, key)
    watched = [calendars[n % len(calendars)] for n in range(count)]
    for number, calendar in enumerate(watched):
        store.add(caldav_account(number, calendar), calendar.password)
    return watched


def caldav_account(number: int, calendar: Calendar) -> Account:
    """Account ``number``, watching ``calendar``."""
    now = datetime.now(UTC)
    return Account(
        id=f"scale-{number:06d}",
        kind=SourceKind.CALDAV,
        url=f"{urlsplit(calendar.url).scheme}://{urlsplit(calendar.url).netloc}/",
        username=calendar.username,
        owner_addresses=(OWNER,),
        calendars=(WatchedCalendar(url=calendar.url, name="Calendar"),),
        connected_at=now,
        skip_ended_before=now - timedelta(days=14),
    )


# -- the baselines: the same request in a plain loop, and nextsteps' CalDAV reader alone -----


async def plain_pass(calendars: list[Calendar], concurrency: int) -> float:
    """Seconds for one getctag PROPFIND per calendar entry, ``concurrency`` at once, over
    kept-alive connections."""
    slots = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(calendar: Calendar) -> None:
            headers = {"Depth": "0", "Content-Type": "application/xml", **_auth(calendar)}
            async with (
                slots,
                session.request("PROPFIND", calendar.url, data=CTAG, headers=headers) as answer,
            ):
                await answer.read()
                if answer.status != 207:
                    raise SystemExit(f"PROPFIND {calendar.url} answered {answer.status}")

        start = time.perf_counter()
        await asyncio.gather(*(one(calendar) for calendar in calendars))
        return time.perf_counter() - start


async def reader_pass(calendars: list[Calendar], concurrency: int) -> float:
    """Seconds for one no-change ``CaldavCalendar.changes(state)`` per calendar entry, each
    with a client of its own, as ingest opens one per poll (no database, broker or leases)."""
    states = {}
    for calendar in {c.url: c for c in calendars}.values():
        async with AccountCalendars(caldav_account(0, calendar), calendar.password) as opened:
            states[calendar.url] = (await opened.get(calendar.url).changes(None)).next_state
    slots = asyncio.Semaphore(concurrency)

    async def one(calendar: Calendar) -> None:
        account = caldav_account(0, calendar)
        async with slots, AccountCalendars(account, calendar.password) as opened:
            await opened.get(calendar.url).changes(states[calendar.url])

    start = time.perf_counter()
    await asyncio.gather(*(one(calendar) for calendar in calendars))
    return time.perf_counter() - start


def _auth(calendar: Calendar) -> dict[str, str]:
    if calendar.username is None:
        return {}
    pair = f"{calendar.username}:{calendar.password or ''}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


@dataclass(frozen=True)
class Baseline:
    kind: str
    concurrency: int
    requests: int
    seconds: float
    client_cpu: float  # CPU seconds of this process
    window: Window

    @property
    def cpu_per_poll(self) -> float:
        """Client CPU ms per poll."""
        return self.client_cpu / self.requests * 1000


def baseline(
    kind: str, calendars: list[Calendar], concurrency: int, meter: ProcessMeter
) -> Baseline:
    """Time one pass of ``kind`` (``plain`` or ``reader``), this process' CPU and the
    servers'."""
    work = plain_pass if kind == "plain" else reader_pass
    asyncio.run(plain_pass(list({c.url: c for c in calendars}.values()), concurrency))  # warm
    meter.sample()
    cpu = time.process_time()
    seconds = asyncio.run(work(calendars, concurrency))
    cpu = time.process_time() - cpu
    end = meter.sample()
    window = meter.window(end.at - seconds, end.at)
    return Baseline(kind, concurrency, len(calendars), seconds, cpu, window)


# -- ingest replicas ------------------------------------------------------------------------


@dataclass
class Replica:
    """One ``nextsteps-ingest`` process and its log."""

    name: str
    process: subprocess.Popen[bytes]
    log: ReplicaLog
    ops_port: int

    def metrics(self, interval: float) -> tuple[int, float]:
        """From its /metrics: polls observed in its life, and the share that finished within
        the smallest histogram bucket >= ``interval`` of when they were due."""
        url = f"http://127.0.0.1:{self.ops_port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as answer:
            text = answer.read().decode()
        buckets = {
            float(sample.labels["le"]): sample.value
            for family in text_string_to_metric_families(text)
            if family.name == "nextsteps_poll_lag_seconds"
            for sample in family.samples
            if sample.name.endswith("_bucket") and sample.labels.get("kind") == "caldav"
        }
        total = buckets.get(float("inf"), 0.0)
        within = buckets[min(le for le in buckets if le >= interval)]
        return int(total), within / total if total else float("nan")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass(frozen=True)
class Installation:
    """What every replica shares: the environment of ``nextsteps-ingest``."""

    workdir: Path
    environment: dict[str, str]

    def start(self, name: str, concurrency: int, interval: float, *more: str) -> Replica:
        port = free_port()
        log = self.workdir / f"ingest-{name}.log"
        environment = {
            **self.environment,
            "NEXTSTEPS_INGEST__POLL_CONCURRENCY": str(concurrency),
            "NEXTSTEPS_OPS__INGEST_PORT": str(port),
        }
        with log.open("wb") as errors:
            process = subprocess.Popen(
                [str(INGEST), "--poll-interval", str(interval), *more],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=environment,
                cwd=self.workdir,
            )
        return Replica(name, process, ReplicaLog(log), port)


@dataclass
class Run:
    """One configuration of replicas, measured."""

    label: str
    concurrency: int
    accounts: int
    interval: float
    measured: dict[str, list[Round]]
    window: Window
    metrics: dict[str, tuple[int, float]]
    gaps: list[float]

    @property
    def lags(self) -> list[float]:
        return [lag for rounds in self.measured.values() for r in rounds for lag in r.lags]

    @property
    def rounds(self) -> list[Round]:
        return [r for rounds in self.measured.values() for r in rounds]

    @property
    def polls(self) -> int:
        return sum(len(r.polls) for r in self.rounds)

    @property
    def failures(self) -> int:
        return sum(p.failed for r in self.rounds for p in r.polls)

    @property
    def cpu_per_poll(self) -> float:
        """CPU ms of every replica per poll, over the measured rounds."""
        cpu = sum(self.window.cpu(name) for name in self.measured) * self.window.seconds
        return cpu / max(self.polls, 1) * 1000


@dataclass
class Plan:
    """What to run: replicas and their concurrency, the rounds to measure."""

    label: str
    replicas: int
    concurrency: int
    rounds: int
    accounts: int
    interval: float
    names: list[str] = field(default_factory=list)

    def measured(self, log: ReplicaLog) -> list[Round]:
        """The replica's rounds that count: each polling about its fair share (all accounts
        when alone), at most ``rounds`` of them."""
        fair = self.accounts / self.replicas
        most = self.accounts if self.replicas == 1 else share(self.accounts, self.replicas)
        counted = [r for r in log.rounds if fair * (1 - BALANCED) <= r.accounts]
        return [r for r in counted if r.accounts <= most][: self.rounds]

    def done(self, logs: list[ReplicaLog]) -> bool:
        for log in logs:
            rounds = self.measured(log)
            if len(rounds) < self.rounds or not all(r.complete for r in rounds):
                return False
        return True


def run(plan: Plan, installation: Installation, meter: ProcessMeter) -> Run:
    """Start the plan's replicas, watch them until its rounds are measured, stop them."""
    names = [f"r{n}-of-{plan.replicas}-c{plan.concurrency}" for n in range(1, plan.replicas + 1)]
    replicas = [installation.start(name, plan.concurrency, plan.interval) for name in names]
    for replica in replicas:
        meter.watch(replica.name, replica.process.pid)
    try:
        watch(plan, replicas, meter)
        metrics = {r.name: r.metrics(plan.interval) for r in replicas}
        meter.sample()
    finally:
        for replica in replicas:
            replica.stop()
            meter.forget(replica.name)
    return result(plan, replicas, meter, metrics)


def watch(plan: Plan, replicas: list[Replica], meter: ProcessMeter) -> None:
    """Sample and read the logs until the plan's rounds are complete (or far too late)."""
    deadline = time.time() + (plan.rounds + 6) * plan.interval + 900
    logs = [replica.log for replica in replicas]
    while time.time() < deadline:
        time.sleep(SAMPLE_EVERY_S)
        meter.sample()
        for replica in replicas:
            replica.log.read()
            if replica.process.poll() is not None:
                tail = replica.log.path.read_text()[-3000:]
                raise SystemExit(f"{replica.name} exited ({replica.process.returncode}):\n{tail}")
        if plan.done(logs):
            return
        progress(plan, replicas)
    print(f"  {plan.label}: gave up waiting; reporting the rounds that completed")


def progress(plan: Plan, replicas: list[Replica]) -> None:
    """One line now and then: rounds and polls so far (to see a long run move)."""
    if int(time.time()) % 15:
        return
    said = []
    for replica in replicas:
        rounds = replica.log.rounds
        last = f"{len(rounds[-1].polls)}/{rounds[-1].accounts}" if rounds else "-"
        said.append(f"{replica.name}: round {len(rounds)} ({last} polled)")
    print(f"    {datetime.now():%H:%M:%S} " + "; ".join(said), flush=True)


def result(
    plan: Plan, replicas: list[Replica], meter: ProcessMeter, metrics: dict[str, tuple[int, float]]
) -> Run:
    measured = {r.name: [x for x in plan.measured(r.log) if x.complete] for r in replicas}
    rounds = [x for found in measured.values() for x in found]
    if not rounds:
        raise SystemExit(f"{plan.label}: no round completed")
    start = min(x.due for x in rounds)
    end = max(x.due + x.seconds for x in rounds)
    gaps = poll_gaps(replicas, start, plan.interval)
    return Run(
        plan.label,
        plan.concurrency,
        plan.accounts,
        plan.interval,
        measured,
        meter.window(start, end),
        metrics,
        gaps,
    )


def poll_gaps(replicas: list[Replica], start: float, interval: float) -> list[float]:
    """For every poll after ``start`` that follows another after ``start`` (by any replica):
    the time between the two, minus the interval."""
    times: dict[str, list[float]] = {}
    for replica in replicas:
        for found in replica.log.rounds:
            for poll in found.polls:
                times.setdefault(poll.account, []).append(poll.finished)
    gaps = []
    for seen in times.values():
        seen.sort()
        gaps += [b - a - interval for a, b in itertools.pairwise(seen) if a >= start]
    return gaps


@dataclass(frozen=True)
class InitialSync:
    """Every account's first sync, by one ``nextsteps-ingest --once`` process."""

    concurrency: int
    round: Round
    window: Window
    name: str


def initial_sync(installation: Installation, concurrency: int, meter: ProcessMeter) -> InitialSync:
    """Run ``nextsteps-ingest --once`` (each calendar read whole, interviews published, event
    records stored) until it exits."""
    replica = installation.start("initial", concurrency, 60.0, "--once")
    meter.watch(replica.name, replica.process.pid)
    while replica.process.poll() is None:
        time.sleep(SAMPLE_EVERY_S)
        meter.sample()
    meter.forget(replica.name)
    replica.log.read()
    if replica.process.returncode != 0 or not replica.log.rounds:
        tail = replica.log.path.read_text()[-3000:]
        raise SystemExit(f"nextsteps-ingest --once failed ({replica.process.returncode}):\n{tail}")
    first = replica.log.rounds[0]
    return InitialSync(
        concurrency, first, meter.window(first.due, first.due + first.seconds), replica.name
    )


# -- the report -----------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds:8.2f}"


def print_initial(initial: InitialSync, servers: list[str]) -> None:
    window, found, name = initial.window, initial.round, initial.name
    server_cpu = [window.cpu(server) for server in servers]
    failed = sum(poll.failed for poll in found.polls)
    print(
        f"\ninitial sync (nextsteps-ingest --once, {initial.concurrency} at once): "
        f"{len(found.polls)} accounts in {found.seconds:.1f} s "
        f"({len(found.polls) / found.seconds:.0f}/s, {failed} failed); CPU "
        f"{window.cpu(name):.2f} cores, peak RSS {window.peak(name) * MB:.0f} MB; servers "
        f"{sum(server_cpu):.2f} cores (busiest {max(server_cpu):.2f}), nats "
        f"{window.cpu('nats'):.2f}, machine {window.machine():.2f}",
        flush=True,
    )


def print_runs(runs: list[Run]) -> None:
    print("\npoll lag (s; from when a round was due to when each poll finished):")
    print(
        f"  {'run':<28} {'rounds':>6} {'polls':>7} {'fail':>5} {'round s':>8} "
        f"{'p50':>8} {'p99':>8} {'max':>8} {'gap-int p99':>11} {'/metrics <=int':>14}"
    )
    for found in runs:
        lags, rounds = found.lags, found.rounds
        within = [share for _, share in found.metrics.values()]
        print(
            f"  {found.label:<28} {len(rounds):6d} {found.polls:7d} {found.failures:5d} "
            f"{ms(statistics.mean(r.seconds for r in rounds))} {ms(percentile(lags, 0.5))} "
            f"{ms(percentile(lags, 0.99))} {ms(max(lags))} "
            f"{ms(percentile(found.gaps, 0.99) if found.gaps else float('nan')):>11} "
            f"{' '.join(f'{w:.1%}' for w in within):>14}"
        )
    print("  each round: accounts polled, s from due to its last poll, s it started late:")
    for found in runs:
        for name, rounds in found.measured.items():
            said = ", ".join(
                f"{r.accounts} in {r.seconds:.1f} s ({r.started - r.due:.1f} late)" for r in rounds
            )
            print(f"    {found.label}, {name}: {said}")


def print_resources(runs: list[Run], servers: list[str]) -> None:
    print("\nCPU (cores: CPU s per wall s over the measured rounds) and RSS (MB):")
    print(
        f"  {'run':<28} {'replica':<18} {'CPU':>5} {'ms/poll':>8} {'RSS med':>8} {'peak':>7}"
        f" | {'servers':>7} {'busiest':>7} {'ms/poll':>7} {'nats':>5} {'machine':>7}"
    )
    for found in runs:
        window = found.window
        server_cpu = [window.cpu(name) for name in servers]
        server_per_poll = sum(server_cpu) * window.seconds / max(found.polls, 1) * 1000
        for name, rounds in found.measured.items():
            polls = sum(len(r.polls) for r in rounds)
            cpu_per_poll = window.cpu(name) * window.seconds / max(polls, 1) * 1000
            print(
                f"  {found.label:<28} {name:<18} {window.cpu(name):5.2f} "
                f"{cpu_per_poll:8.2f} {window.rss(name) * MB:8.0f} {window.peak(name) * MB:7.0f}"
                f" | {sum(server_cpu):7.2f} {max(server_cpu):7.2f} {server_per_poll:7.2f} "
                f"{window.cpu('nats'):5.2f} "
                f"{window.machine():7.2f}"
            )


def print_baselines(baselines: list[Baseline], servers: list[str], accounts: int) -> None:
    print("\nbaselines (the same no-change poll of the first accounts, nothing else around it):")
    for plain in baselines:
        rate = plain.requests / plain.seconds
        server_cpu = [plain.window.cpu(name) for name in servers]
        print(
            f"  {BASELINES[plain.kind]}, {plain.concurrency} at once: {plain.requests} in "
            f"{plain.seconds:.2f} s = {rate:.0f}/s ({accounts / rate:.1f} s for {accounts}); "
            f"client CPU {plain.cpu_per_poll:.2f} ms/poll; servers {sum(server_cpu):.2f} cores "
            f"(busiest {max(server_cpu):.2f}; "
            f"{sum(server_cpu) * plain.seconds / plain.requests * 1000:.2f} ms/poll), machine "
            f"{plain.window.machine():.2f}"
        )


def print_ratios(runs: list[Run], baselines: list[Baseline]) -> None:
    print("\nratios:")
    plain = {b.concurrency: b for b in baselines if b.kind == "plain"}
    reader = next(b for b in baselines if b.kind == "reader")
    for found in runs:
        rate = len(found.lags) / sum(r.seconds for r in found.rounds) * len(found.measured)
        base = plain.get(found.concurrency)
        if base is not None:
            base_rate = base.requests / base.seconds
            print(
                f"  {found.label}: polls/s in a round {rate:.0f} = {rate / base_rate:.2f}x the "
                f"plain loop at {found.concurrency} at once ({base_rate:.0f}/s); ingest CPU/poll "
                f"{found.cpu_per_poll:.2f} ms = {found.cpu_per_poll / base.cpu_per_poll:.1f}x the "
                f"plain loop's, {found.cpu_per_poll / reader.cpu_per_poll:.1f}x the reader's alone"
            )
    alone = [r for r in runs if len(r.measured) == 1]
    more = [r for r in runs if len(r.measured) > 1]
    if alone and more:
        one = next((r for r in alone if r.concurrency == more[0].concurrency), alone[-1])
        two = more[0]
        p99 = percentile(one.lags, 0.99) / percentile(two.lags, 0.99)
        rounds = statistics.mean(r.seconds for r in one.rounds) / statistics.mean(
            r.seconds for r in two.rounds
        )
        print(
            f"  {one.label} / {two.label}: lag p99 {p99:.2f}x, round time {rounds:.2f}x "
            "(> 1: the replicas help)"
        )


def print_targets(runs: list[Run]) -> None:
    print("\ntargets: p99 lag < one poll interval; RSS <= 200 MB per replica")
    for found in runs:
        p99 = percentile(found.lags, 0.99)
        peak = max(found.window.peak(name) * MB for name in found.measured)
        print(
            f"  {found.label:<28} p99 {p99:7.2f} s vs {found.interval:g} s: "
            f"{'met' if p99 < found.interval else 'NOT met'}; peak RSS {peak:.0f} MB: "
            f"{'met' if peak <= RSS_TARGET_MB else 'NOT met'}"
        )


# -- the whole run --------------------------------------------------------------------------


def plans(args: argparse.Namespace) -> list[Plan]:
    common = {"rounds": args.rounds, "accounts": args.accounts, "interval": args.interval}
    found = [Plan(f"1 replica, {c} at once", 1, c, **common) for c in args.concurrency]
    last = args.concurrency[-1]
    more = [Plan(f"{n} replicas, {last} at once", n, last, **common) for n in args.replicas[1:]]
    return found + more


@contextmanager
def state_database(use_postgres: bool) -> Iterator[str | None]:
    """None (SQLite in the data directory), or a fresh local PostgreSQL database's URL."""
    if not use_postgres:
        yield None
        return
    from tests.servers.postgres import PostgresServer

    with PostgresServer.find().fresh_database() as url:
        yield url


def main() -> None:
    args = arguments()
    use_test_helpers()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        workdir, meter = Path(tmp), ProcessMeter()
        started = time.perf_counter()
        calendars = start_servers(stack, workdir, args, meter)
        servers = list(meter.pids)
        database = stack.enter_context(state_database(args.postgres))
        key = Fernet.generate_key().decode()
        watched = write_accounts(workdir / "data", database, key, calendars, args.accounts)
        broker = stack.enter_context(EmbeddedNats(workdir))
        (nats_pid,) = child_pids(str(broker.home))
        meter.watch("nats", nats_pid)
        print(
            f"set-up: {len(servers)} servers, {len(calendars)} calendars of {args.events} "
            f"events, {args.accounts} accounts in {time.perf_counter() - started:.1f} s "
            f"(state: {'PostgreSQL' if database else 'SQLite'})",
            flush=True,
        )
        sample = watched[: args.baseline]
        baselines = [baseline("plain", sample, c, meter) for c in args.concurrency]
        baselines.append(baseline("reader", sample, args.concurrency[0], meter))
        print_baselines(baselines, servers, args.accounts)
        installation = Installation(workdir, environment(workdir, broker.url, key, database))
        print_initial(initial_sync(installation, max(args.concurrency), meter), servers)
        runs = []
        for plan in plans(args):
            print(f"\n{plan.label}: running ...", flush=True)
            runs.append(run(plan, installation, meter))
        report(runs, baselines, servers, args)


def environment(workdir: Path, broker: str, key: str, database: str | None) -> dict[str, str]:
    found = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        **{k: v for k, v in os.environ.items() if k.startswith(("MALLOC_", "PYTHON"))},
        "NEXTSTEPS_NO_KEYRING": "1",
        "NEXTSTEPS_DATA_DIR": str(workdir / "data"),
        "NEXTSTEPS_BROKER_URL": broker,
        "NEXTSTEPS_ENCRYPTION_KEY": key,
        "NEXTSTEPS_LOG_FORMAT": "json",
        "NEXTSTEPS_OWNER__TIMEZONE": ZONE,
        "NEXTSTEPS_PUBLISH__ENABLED": "false",
    }
    if database is not None:
        found["NEXTSTEPS_DATABASE_URL"] = database
    return found


def report(
    runs: list[Run], baselines: list[Baseline], servers: list[str], args: argparse.Namespace
) -> None:
    print(f"\nmachine: {os.cpu_count()} cores, shared with whatever else runs on it")
    print(
        f"\n{args.accounts} accounts, poll interval {args.interval:g} s, {args.rounds} "
        f"measured rounds per run; servers: {', '.join(servers)}"
    )
    print_runs(runs)
    print_resources(runs, servers)
    print_baselines(baselines, servers, args.accounts)
    print_ratios(runs, baselines)
    print_targets(runs)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--interval", type=float, default=60.0, help="poll interval (s)")
    parser.add_argument("--rounds", type=int, default=2, help="measured rounds per run")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument(
        "--replicas", type=int, nargs="+", default=[1, 2], help="1, then more at once"
    )
    parser.add_argument("--radicale", type=int, default=2, help="Radicale servers")
    parser.add_argument("--xandikos", type=int, default=2, help="Xandikos servers")
    parser.add_argument("--calendars", type=int, default=4, help="calendars per server")
    parser.add_argument("--events", type=int, default=8, help="events per calendar")
    parser.add_argument("--baseline", type=int, default=2000, help="requests per plain pass")
    parser.add_argument("--postgres", action="store_true", help="state in local PostgreSQL")
    return parser.parse_args()


if __name__ == "__main__":
    os.environ.setdefault("NEXTSTEPS_NO_KEYRING", "1")
    main()
