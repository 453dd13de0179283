"""Benchmark: events per second through the project's lenient reader, against icalendar's plain
``Calendar.from_ical`` on the same bytes in the same run.

Run: .venv/bin/python bench/ics_parse.py [--events N] [--rounds R]

1. The real-world corpus (``../shared/corpus/ics``): every file that plain
   ``Calendar.from_ical(data, multiple=True)`` reads, ``R`` rounds. ``read_calendar`` decodes,
   checks, parses (the same icalendar call), places every time in its zone and builds
   CalendarEvent models; from_ical only builds the component tree. The ratio is the cost of
   leniency and time-zone repair (target <= 1.5x).
2. One synthetic N-event feed (``bench/synthetic_calendar.py``, default 20,000): the same two,
   and the whole feed path (``FeedCalendar.changes``: download from a loopback HTTP server,
   the reader, identity hashes), each timed ``R`` rounds; then, untimed, the peak of Python
   allocations (tracemalloc) of each, and the peak RSS of a child process doing only that
   (``VmHWM``, beside the same child's RSS after its imports).

Events are counted as ``BEGIN:VEVENT`` lines, the same number for both sides.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

from icalendar import Calendar

from nextsteps_shared.backends.feed_calendar import FeedCalendar
from nextsteps_shared.ical.reader import read_calendar
from nextsteps_shared.settings import FeedSettings
from servers import ROOT, use_test_helpers
from synthetic_calendar import events, to_ical

CORPUS = ROOT.parent / "shared" / "corpus" / "ics"
ZONE = "Europe/Berlin"
LIMITS = FeedSettings(allow_hosts=("127.0.0.1",), min_refresh_seconds=0, timeout_seconds=600)
_EVENT = re.compile(rb"^BEGIN:VEVENT", re.M | re.I)
_CHILD = """
import asyncio, re, sys
from icalendar import Calendar
from nextsteps_shared.backends.feed_calendar import FeedCalendar
from nextsteps_shared.settings import FeedSettings

def rss(field):
    return int(re.search(field + r":\\s+(\\d+)", open("/proc/self/status").read()).group(1))

after_imports = rss("VmRSS")
if sys.argv[1] == "feed":
    limits = FeedSettings(allow_hosts=("127.0.0.1",), min_refresh_seconds=0, timeout_seconds=600)
    asyncio.run(FeedCalendar(sys.argv[2], limits=limits, default_tz="Europe/Berlin").changes(None))
else:
    Calendar.from_ical(open(sys.argv[2], "rb").read(), multiple=True)
print(after_imports, rss("VmHWM"))
"""


def _plain(data: bytes) -> object:
    return Calendar.from_ical(data, multiple=True)


def _ours(data: bytes) -> object:
    return read_calendar(data, ZONE)


def corpus_files() -> list[bytes]:
    """Every corpus file both sides read (from_ical refuses some; the reader refuses files
    with no VCALENDAR or VEVENT at all)."""
    readable = []
    for path in sorted(CORPUS.rglob("*.ics")):
        data = path.read_bytes()
        try:
            _plain(data)
            _ours(data)
        except Exception:  # one side cannot read it: not a fair comparison
            continue
        readable.append(data)
    return readable


def timed(work: Callable[[], object], rounds: int) -> float:
    """Seconds for ``rounds`` runs of ``work``."""
    started = time.perf_counter()
    for _ in range(rounds):
        work()
    return time.perf_counter() - started


def compare(label: str, count: int, ours: float, plain: float) -> None:
    print(f"  {'read_calendar':<28} {ours:8.2f} s  {count / ours:12,.0f} events/s")
    print(f"  {'baseline: plain from_ical':<28} {plain:8.2f} s  {count / plain:12,.0f} events/s")
    print(f"  ratio {label}: {ours / plain:.2f}x   target: <= 1.5x")


def corpus(rounds: int) -> None:
    if not CORPUS.is_dir():
        print(f"1. corpus: {CORPUS} is not there; skipped")
        return
    files = corpus_files()
    count = sum(len(_EVENT.findall(data)) for data in files) * rounds
    print(f"1. corpus: {len(files)} files both read, {count // rounds} events, x{rounds}")
    ours = timed(lambda: [_ours(data) for data in files], rounds)
    plain = timed(lambda: [_plain(data) for data in files], rounds)
    compare("reader/from_ical", count, ours, plain)


def peak_traced(work: Callable[[], object]) -> float:
    """Peak MiB of Python allocations while ``work`` runs (what it keeps and what it drops)."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def child_rss(kind: str, target: str) -> tuple[float, float]:
    """A child's RSS after its imports and its peak RSS, in MiB."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, kind, target],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    after_imports, peak = (int(n) / 1024 for n in done.stdout.split())
    return after_imports, peak


def synthetic(count: int, rounds: int) -> None:
    use_test_helpers()
    from tests.servers.feed_server import running_feed_server

    data = to_ical(events(count)).encode()
    size = len(data) / 2**20
    print(f"2. one synthetic feed: {count:,} events, {size:.1f} MiB, x{rounds}")
    ours = timed(lambda: _ours(data), rounds)
    plain = timed(lambda: _plain(data), rounds)
    compare("reader/from_ical", count * rounds, ours, plain)
    with running_feed_server() as server:
        server.serve("/bench.ics", data)
        url = server.url("/bench.ics")

        def fetch() -> object:
            feed = FeedCalendar(url, limits=LIMITS, default_tz=ZONE)
            return asyncio.run(feed.changes(None))

        whole = timed(fetch, rounds)
        print(f"  {'whole feed path':<28} {whole:8.2f} s  {count * rounds / whole:12,.0f} events/s")
        print(f"  ratio feed path/from_ical: {whole / plain:.2f}x")
        _memory(data, size, fetch, url)


def _memory(data: bytes, size: float, fetch: Callable[[], object], url: str) -> None:
    print(f"  peak Python allocations (tracemalloc), document {size:.1f} MiB:")
    print(f"    read_calendar {peak_traced(lambda: _ours(data)):7.0f} MiB")
    print(f"    from_ical     {peak_traced(lambda: _plain(data)):7.0f} MiB")
    print(f"    feed path     {peak_traced(fetch):7.0f} MiB")
    path = Path("/tmp") / f"ics_parse_bench_{len(data)}.ics"
    path.write_bytes(data)
    try:
        feed_base, feed_peak = child_rss("feed", url)
        plain_base, plain_peak = child_rss("plain", str(path))
    finally:
        path.unlink()
    print("  peak RSS of a child process (after imports -> peak):")
    print(f"    feed path     {feed_base:5.0f} -> {feed_peak:5.0f} MiB")
    print(f"    from_ical     {plain_base:5.0f} -> {plain_peak:5.0f} MiB")


def main() -> None:
    warnings.simplefilter(
        "ignore"
    )  # the reader silences icalendar's warnings; so does the baseline
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    corpus(args.rounds)
    synthetic(args.events, args.rounds)


if __name__ == "__main__":
    main()
