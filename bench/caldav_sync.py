"""Benchmark: syncing a 2,000-event CalDAV calendar, beside vdirsyncer, on Radicale and Xandikos.

Run: .venv/bin/python bench/caldav_sync.py [--events N] [--server radicale|xandikos|both]

The calendar is seeded in bulk (PUT by PUT takes minutes): for Radicale its .ics files are
written into the storage folder before the server starts, and one etag listing warms
Radicale's item cache before anything is timed; for Xandikos the calendar (a git repository
with a work tree) is created by MKCALENDAR and filled with one commit. Then, in the same run:

1. in-process: ``CaldavCalendar.changes(None)`` (initial sync) and ``changes(state)`` with
   nothing changed (a no-change poll), HTTP requests counted on the client, beside vdirsyncer's
   own no-change ``sync`` run in-process (its click command, imports already loaded);
2. whole commands: ``vdirsyncer sync`` (initial, then no change) into a local folder, beside
   ``nextsteps run --once`` (initial, then no change) of an account watching the calendar.

Targets: a no-change poll is one request; it is >= 5x faster than vdirsyncer's no-change sync.
The seeded events lie in 2025, long before the account was connected: nextsteps recognises
the interviews among them but writes no follow-ups, so the calendar stays unchanged.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nextsteps_shared.backends.caldav_account import open_client
from nextsteps_shared.backends.caldav_calendar import CaldavCalendar
from servers import CLI, Run, connect_caldav, nextsteps, timed_command, use_test_helpers
from synthetic_calendar import events, to_ical

if TYPE_CHECKING:
    from tests.servers.dav_servers import DavServer

VDIRSYNCER = Path(sys.executable).with_name("vdirsyncer")
CALENDAR = "bench"
_PROPS = {
    "C:supported-calendar-component-set": "VEVENT",
    "D:displayname": CALENDAR,
    "tag": "VCALENDAR",
}
_LISTING = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'
)
_CTAG = (
    b'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:" '
    b'xmlns:CS="http://calendarserver.org/ns/"><D:prop><CS:getctag/></D:prop></D:propfind>'
)


def objects(count: int) -> dict[str, str]:
    """``count`` calendar objects (file name -> one VCALENDAR), 5% of them interviews."""
    return {f"{event.uid.split('@')[0]}.ics": to_ical([event]) for event in events(count)}


# -- seeding ------------------------------------------------------------------------------


def seed_radicale_storage(workdir: Path, items: dict[str, str]) -> None:
    """Write the calendar into Radicale's storage folder (before the server starts)."""
    folder = workdir / "collections" / "collection-root" / "alice" / CALENDAR
    folder.mkdir(parents=True)
    (folder / ".Radicale.props").write_text(json.dumps(_PROPS))
    for name, text in items.items():
        (folder / name).write_text(text, newline="")


def seed_xandikos_repository(folder: Path, items: dict[str, str]) -> None:
    """Fill a Xandikos calendar (a git repository with a work tree) with one commit."""
    from dulwich import porcelain

    for name, text in items.items():
        (folder / name).write_text(text, newline="")
    porcelain.add(str(folder), paths=[str(folder / name) for name in items])
    who = b"bench <bench@example.net>"
    porcelain.commit(str(folder), message=b"seed the benchmark calendar", author=who, committer=who)


def propfind(server: DavServer, calendar: str, body: bytes, depth: str) -> float:
    """Seconds for one PROPFIND of ``calendar`` (a Depth-1 etag listing warms Radicale's item
    cache, which it builds on the first listing)."""
    request = urllib.request.Request(calendar, data=body, method="PROPFIND")
    for name, value in {**_auth(server), "Depth": depth, "Content-Type": "application/xml"}.items():
        request.add_header(name, value)
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    return time.perf_counter() - start


def _auth(server: DavServer) -> dict[str, str]:
    import base64

    if server.username is None:
        return {}
    pair = f"{server.username}:{server.password or ''}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


@contextmanager
def seeded(kind: str, workdir: Path, items: dict[str, str]) -> Iterator[tuple[DavServer, str]]:
    """A running server of ``kind`` holding the seeded calendar; (server, calendar URL)."""
    from tests.servers.dav_servers import new_calendar, running_radicale, running_xandikos

    if kind == "radicale":
        seed_radicale_storage(workdir, items)
        with running_radicale(workdir) as server:
            yield server, f"{server.home_url}{CALENDAR}/"
        return
    with running_xandikos(workdir) as server:
        calendar = new_calendar(server)
        folder = workdir / "data" / "user" / "calendars" / calendar.rstrip("/").rsplit("/", 1)[1]
        seed_xandikos_repository(folder, items)
        yield server, calendar


# -- in-process ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    seconds: float
    requests: int
    objects: int


async def our_syncs(server: DavServer, calendar: str) -> tuple[Measured, Measured]:
    """Initial sync and a no-change poll of ``calendar`` with CaldavCalendar, requests counted."""
    client = await open_client(calendar, server.username, server.password)
    sent = 0
    original = client.request

    async def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal sent
        sent += 1
        return await original(*args, **kwargs)

    client.request = counted  # type: ignore[method-assign]
    reader = CaldavCalendar(client, calendar, default_tz="UTC")
    try:
        start = time.perf_counter()
        first = await reader.changes(None)
        initial = Measured(time.perf_counter() - start, sent, len(first.upserts))
        sent, start = 0, time.perf_counter()
        again = await reader.changes(first.next_state)
        poll = Measured(time.perf_counter() - start, sent, len(again.upserts) + len(again.removals))
    finally:
        await client.close()
    return initial, poll


# -- vdirsyncer ---------------------------------------------------------------------------


def vdirsyncer_config(folder: Path, server: DavServer, calendar: str) -> Path:
    """A config syncing ``calendar`` into ``folder/local`` (one pair, no collections)."""
    (folder / "local").mkdir(parents=True)
    credentials = ""
    if server.username is not None:
        credentials = f'username = "{server.username}"\npassword = "{server.password}"\n'
    config = folder / "config"
    config.write_text(
        f'[general]\nstatus_path = "{folder / "status"}/"\n\n'
        '[pair bench]\na = "bench_remote"\nb = "bench_local"\ncollections = null\n\n'
        f'[storage bench_remote]\ntype = "caldav"\nurl = "{calendar}"\n{credentials}\n'
        f'[storage bench_local]\ntype = "filesystem"\npath = "{folder / "local"}/"\n'
        'fileext = ".ics"\n'
    )
    return config


def vdirsyncer_in_process(config: Path) -> float:
    """vdirsyncer's ``sync`` as a click command in this process (imports already loaded)."""
    from vdirsyncer.cli import app  # type: ignore[import-untyped]

    start = time.perf_counter()
    with redirect_stdout(StringIO()), redirect_stderr(StringIO()):
        try:
            app.main(["-c", str(config), "sync"], standalone_mode=False)
        except SystemExit as done:
            if done.code not in (0, None):
                raise
    return time.perf_counter() - start


# -- the run ------------------------------------------------------------------------------


def bench_server(kind: str, items: dict[str, str], workdir: Path) -> None:
    with seeded(kind, workdir, items) as (server, calendar):
        warming = propfind(server, calendar, _LISTING, "1")
        print(f"\n{kind}: {len(items)} events; warming etag listing {warming:.2f} s")
        initial, poll = asyncio.run(our_syncs(server, calendar))
        listing = min(propfind(server, calendar, _LISTING, "1") for _ in range(3))
        ctag = min(propfind(server, calendar, _CTAG, "0") for _ in range(3))
        theirs = vdirsyncer_runs(workdir / "vdirsyncer", server, calendar, len(items))
        ours = nextsteps_runs(workdir / "nextsteps", server, calendar)
        print_in_process(initial, poll, theirs[2])
        print(
            f"    for scale, one request by hand: etag listing (Depth 1) {listing:.3f} s, "
            f"getctag (Depth 0) {ctag:.3f} s"
        )
        print_commands(ours[:2], theirs[:2], ours[2])


def vdirsyncer_runs(
    folder: Path, server: DavServer, calendar: str, expected: int
) -> tuple[Run, Run, float]:
    """``vdirsyncer sync`` initial and with no change as commands, then once in-process."""
    vdir = [str(VDIRSYNCER), "-c", str(vdirsyncer_config(folder, server, calendar))]
    timed_command([*vdir, "discover", "bench"])
    initial = timed_command([*vdir, "sync"])
    copied = len(list((folder / "local").glob("*.ics")))
    if copied != expected:
        raise SystemExit(f"vdirsyncer copied {copied} events, not {expected}")
    again = timed_command([*vdir, "sync"])
    return initial, again, vdirsyncer_in_process(folder / "config")


def nextsteps_runs(data_dir: Path, server: DavServer, calendar: str) -> tuple[Run, Run, Run]:
    """``nextsteps run --once`` initial and with no change, and with no account at all (what
    starting the broker and the two services costs)."""
    empty = timed_command([str(CLI), "run", "--once", "--data-dir", str(data_dir / "empty")])
    connect_caldav(data_dir, server.base_url, calendar, "alice", server.password or "x")
    run_once = [str(CLI), "run", "--once", "--data-dir", str(data_dir)]
    initial = timed_command(run_once)
    again = timed_command(run_once)
    state = nextsteps(data_dir, "accounts").stdout.split()
    if "active" not in state or "error" in " ".join(state).lower():
        raise SystemExit("nextsteps accounts: " + " ".join(state))
    return initial, again, empty


def print_in_process(initial: Measured, poll: Measured, vdir_again: float) -> None:
    print("  in-process:")
    print(
        f"    ours initial sync          {initial.seconds:7.3f} s  {initial.requests:3d} "
        f"requests  {initial.objects} events"
    )
    print(
        f"    ours no-change poll        {poll.seconds:7.3f} s  {poll.requests:3d} "
        f"requests  {poll.objects} changes   target: 1 request"
    )
    print(f"    vdirsyncer no-change sync  {vdir_again:7.3f} s")
    print(f"    vdirsyncer / ours (no-change): {vdir_again / poll.seconds:.1f}x   target: >= 5x")


def print_commands(ours: tuple[Run, Run], theirs: tuple[Run, Run], empty: Run) -> None:
    print("  whole commands (wall s, peak RSS MiB):")
    for label, (first, again) in (("nextsteps run --once", ours), ("vdirsyncer sync", theirs)):
        print(
            f"    {label:<21} initial {first.seconds:6.2f} s {first.peak_mib:5.0f} MiB   "
            f"no change {again.seconds:6.2f} s {again.peak_mib:5.0f} MiB"
        )
    print(
        f"    nextsteps run --once, no account  {empty.seconds:6.2f} s {empty.peak_mib:5.0f} MiB "
        "(broker and both services starting and stopping)"
    )
    print(f"    vdirsyncer / nextsteps (no change): {theirs[1].seconds / ours[1].seconds:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--server", choices=("radicale", "xandikos", "both"), default="both")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    use_test_helpers()
    items = objects(args.events)
    kinds = ("radicale", "xandikos") if args.server == "both" else (args.server,)
    for kind in kinds:
        with tempfile.TemporaryDirectory() as tmp:
            bench_server(kind, items, Path(tmp))


if __name__ == "__main__":
    main()
