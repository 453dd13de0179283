"""Benchmark: an interview created in the CalDAV server -> its first follow-up readable there.

Run: .venv/bin/python bench/e2e_latency.py [--trials N] [--poll-interval S] [--server radicale]

A real Radicale (or Xandikos) on a free loopback port, an account connected with
``nextsteps connect caldav``, and ``nextsteps run --poll-interval S`` (the real supervisor: a
private nats-server, ingest and planner as processes) running against it. Each trial PUTs an
interview with a new employer (it ended two hours ago, so its follow-ups are due) and then asks
the server every ~50 ms for the calendar's etag listing (one PROPFIND, Depth 1), reading each
new object once, until one is a follow-up of that interview: the first follow-up is readable.
Trials start at a random phase of the poll interval. One warm-up trial is not counted.
Target: p95 <= poll interval + 1 s.
"""

from __future__ import annotations

import argparse
import base64
import random
import re
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from servers import CLI, CLI_ENV, connect_caldav, percentile, use_test_helpers

if TYPE_CHECKING:
    from tests.servers.dav_servers import DavServer

PROBE_EVERY_S = 0.05
GIVE_UP_S = 30.0
_PROPFIND = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'
)
_HREF = re.compile(rb"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>")
_INTERVIEW = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//bench//e2e latency//EN\r
BEGIN:VEVENT\r
UID:{uid}\r
DTSTAMP:{stamp}\r
DTSTART:{start}\r
DTEND:{end}\r
SUMMARY:Interview: Alice <> {company} - Platform Engineer\r
DESCRIPTION:Second round with the team lead.\\nNext steps: they decide by Friday.\r
ORGANIZER;CN=Recruiting:mailto:talent@{domain}\r
ATTENDEE:mailto:alice@example.net\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _auth(server: DavServer) -> dict[str, str]:
    if server.username is None:
        return {}
    pair = f"{server.username}:{server.password or ''}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def listing(server: DavServer, calendar: str) -> set[str]:
    """The hrefs in ``calendar`` (one PROPFIND of etags, Depth 1), the calendar itself apart."""
    request = urllib.request.Request(calendar, data=_PROPFIND, method="PROPFIND")
    for name, value in {**_auth(server), "Depth": "1", "Content-Type": "application/xml"}.items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=10) as response:
        body: bytes = response.read()
    return {href.decode() for href in _HREF.findall(body) if not href.endswith(b"/")}


def read(server: DavServer, href: str) -> str:
    """The object at ``href`` (a path on the server), its folded lines joined again."""
    request = urllib.request.Request(server.base_url.rstrip("/") + href, headers=_auth(server))
    with urllib.request.urlopen(request, timeout=10) as response:
        body: bytes = response.read()
    return body.decode().replace("\r\n ", "")


def put_interview(server: DavServer, calendar: str, number: int) -> str:
    """PUT the interview of trial ``number``; its UID."""
    ended = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    company = f"Quillon Systems {number}"
    stamp = "%Y%m%dT%H%M%SZ"
    uid = f"e2e-{number}-{random.getrandbits(32):08x}@bench.example"
    body = _INTERVIEW.format(
        uid=uid,
        stamp=f"{datetime.now(UTC):{stamp}}",
        start=f"{ended - timedelta(hours=1):{stamp}}",
        end=f"{ended:{stamp}}",
        company=company,
        domain=f"quillon{number}.example",
    )
    name = f"{calendar}interview-{number}.ics"
    status = server.request("PUT", name, body.encode(), Content_Type="text/calendar")
    if status not in (200, 201, 204):
        raise SystemExit(f"PUT {name} answered {status}")
    return uid


def trial(server: DavServer, calendar: str, number: int) -> float:
    """Seconds from the PUT of an interview until a follow-up of it is readable (a new object
    naming the interview in X-NEXTSTEPS-INTERVIEW: the rest of the previous trial's chain may
    still be arriving)."""
    seen = listing(server, calendar)
    start = time.perf_counter()
    uid = put_interview(server, calendar, number)
    while time.perf_counter() - start < GIVE_UP_S:
        new = listing(server, calendar) - seen
        seen |= new
        if any(f"X-NEXTSTEPS-INTERVIEW:{uid}" in read(server, href) for href in new):
            return time.perf_counter() - start
        time.sleep(PROBE_EVERY_S)
    raise SystemExit(f"trial {number}: no follow-up after {GIVE_UP_S} s")


@contextmanager
def running_pipeline(data_dir: Path, poll_interval: float) -> Iterator[None]:
    """``nextsteps run --poll-interval S`` until the block ends (then SIGTERM, as Ctrl-C)."""
    log = (data_dir / "run.log").open("wb")
    command = [str(CLI), "run", "--poll-interval", str(poll_interval), "--data-dir", str(data_dir)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=CLI_ENV)
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    if process.returncode not in (0, -15):
        print(f"nextsteps run exited with {process.returncode}; see {data_dir / 'run.log'}")


@contextmanager
def dav_server(kind: str, workdir: Path) -> Iterator[DavServer]:
    from tests.servers.dav_servers import running_radicale, running_xandikos

    run = running_radicale if kind == "radicale" else running_xandikos
    with run(workdir) as server:
        yield server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--poll-interval", type=float, default=1.0)
    parser.add_argument("--server", choices=("radicale", "xandikos"), default="radicale")
    args = parser.parse_args()
    use_test_helpers()
    from tests.servers.dav_servers import new_calendar

    with tempfile.TemporaryDirectory() as tmp, dav_server(args.server, Path(tmp)) as server:
        calendar = new_calendar(server)
        data_dir = Path(tmp) / "nextsteps"
        connect_caldav(data_dir, server.base_url, calendar, "alice", server.password or "x")
        with running_pipeline(data_dir, args.poll_interval):
            warm = trial(server, calendar, 0)
            print(f"warm-up trial (includes the pipeline's start): {warm:.2f} s")
            seconds = []
            for number in range(1, args.trials + 1):
                time.sleep(random.uniform(0, args.poll_interval))
                seconds.append(trial(server, calendar, number))
        report(seconds, args.poll_interval, args.server)


def report(seconds: list[float], poll_interval: float, server: str) -> None:
    p50, p95 = percentile(seconds, 0.5), percentile(seconds, 0.95)
    print(
        f"{len(seconds)} trials on {server}, poll interval {poll_interval:g} s: interview PUT "
        "-> first follow-up readable"
    )
    print(
        f"  p50 {p50:.2f} s   p95 {p95:.2f} s   min {min(seconds):.2f} s   "
        f"max {max(seconds):.2f} s   mean {statistics.mean(seconds):.2f} s"
    )
    print(
        f"  target: p95 <= {poll_interval + 1:.2f} s (poll interval + 1 s); "
        f"p95 / target = {p95 / (poll_interval + 1):.2f}"
    )


if __name__ == "__main__":
    main()
