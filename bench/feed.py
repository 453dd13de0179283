"""Benchmark: requests per second of the planner's feed endpoint (``GET /feeds/<token>.ics``)
with 200 follow-ups, a full GET against a conditional one (304), in the same run.

Run: .venv/bin/python bench/feed.py [--followups N] [--seconds S] [--connections C]

A child process serves what the planner serves: the real ``FeedServer`` (tokens held by its
``TokenBook``: a ``PRAGMA data_version`` per request, constant-time comparison) over the real
``Publication`` of N follow-ups planned by the real policy (default 200, about 40 interviews),
on a free loopback port; beside it, on another port, a bare aiohttp handler that answers 304
with no work at all (the ceiling of the server and this client). The parent drives each for S
seconds with C keep-alive connections of an aiohttp client: full GETs without compression,
full GETs that accept gzip (the gzip form is made once per change), conditional GETs
(If-None-Match with the current ETag: 304, no body), and the bare handler. Server and client
share the machine's cores: the figures are what one machine does end to end, not the server
alone, and loopback moves the full body for the price of a copy (a real network does not).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
from cryptography.fernet import Fernet

from nextsteps_planner.feed_server import FeedServer
from nextsteps_planner.publication import Publication
from nextsteps_planner.token_book import TokenBook
from nextsteps_shared.accounts.feed_tokens import FeedTokens
from nextsteps_shared.accounts.model import Account, WatchedCalendar
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.accounts.vault import Vault
from nextsteps_shared.database import database_url, open_database
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.feed_links import feed_path
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.interview import Interview
from nextsteps_shared.messages import SourceKind
from nextsteps_shared.notes.reading import NotesReading
from nextsteps_shared.owner import Owner
from nextsteps_shared.people import Person
from nextsteps_shared.policy import FollowUpPolicy, plan_followups
from nextsteps_shared.settings import PublishSettings

ACCOUNT = "caldav-bench0001"
ZONE = "Europe/Berlin"
OWNER = "sam.rivera@example.net"


def planned(count: int, now: datetime) -> list[FollowUp]:
    """``count`` follow-ups from interviews over the coming weeks, one employer each."""
    owner = Owner.build([OWNER], timezone=ZONE)
    made: list[FollowUp] = []
    for number in _numbers():
        made += plan_followups(_interview(number, now), NotesReading(), [], owner, _policy(), now)
        if len(made) >= count:
            return made[:count]
    raise AssertionError("unreachable")


def _numbers() -> Iterator[int]:
    number = 0
    while True:
        yield number
        number += 1


def _policy() -> FollowUpPolicy:
    return FollowUpPolicy()


def _interview(number: int, now: datetime) -> Interview:
    start = (now + timedelta(days=2 + number % 20)).astimezone(ZoneInfo(ZONE))
    start = start.replace(hour=9 + number % 8, minute=0, second=0, microsecond=0)
    company = f"Employer {number:03d}"
    domain = f"employer{number:03d}.example"
    event = CalendarEvent(
        uid=f"bench-{number}@ats.example",
        summary=f"Interview with {company}: Senior Data Engineer",
        description="Video call with the hiring manager and a staff engineer.",
        start=start,
        end=start + timedelta(hours=1),
        timezone=ZONE,
        organizer=Person(email=f"talent@{domain}", name="Jonas Berg"),
        attendees=(Person(email=OWNER), Person(email=f"cto@{domain}", name="Ana Lima")),
    )
    return Interview(event=event, company=company, role="Senior Data Engineer")


# -- the served side (a child process) -------------------------------------------------------


async def serve(count: int) -> None:
    """Serve the feed and the bare handler; print their addresses; run until stdin closes."""
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        engine = open_database(database_url(data_dir, None))
        accounts = AccountStore(engine, Vault.open(data_dir, Fernet.generate_key().decode()))
        accounts.add(_account(), None)
        token = FeedTokens(engine).issue(ACCOUNT)
        now = datetime.now(UTC)
        publication = Publication(data_dir, lambda: now, refresh=timedelta(hours=1))
        feed = publication.publish(ACCOUNT, planned(count, now))
        book = TokenBook(FeedTokens(engine), engine)
        server = FeedServer(PublishSettings(port=0), book, publication.feed)
        address = await server.start()
        bare = await _bare_server()
        facts = {
            "feed": address + feed_path(token),
            "bare": bare,
            "bytes": len(feed.body),
            "gzip_bytes": len(feed.gzipped),
            "events": feed.body.count(b"BEGIN:VEVENT"),
        }
        print(json.dumps(facts), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await server.stop()


def _account() -> Account:
    calendar = WatchedCalendar(url="https://dav.example.net/sam/work/", name="Work")
    return Account(
        id=ACCOUNT,
        kind=SourceKind.CALDAV,
        url="https://dav.example.net/",
        calendars=(calendar,),
        connected_at=datetime.now(UTC),
    )


async def _bare_server() -> str:
    async def not_modified(_request: web.Request) -> web.Response:
        return web.Response(status=304)

    app = web.Application()
    app.router.add_get("/bare", not_modified)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return f"http://127.0.0.1:{runner.addresses[0][1]}/bare"


# -- the client side -----------------------------------------------------------------------


async def rate(url: str, headers: dict[str, str], seconds: float, connections: int) -> float:
    """Requests per second answered with 200 or 304 over ``seconds``."""
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:
        await _one(session, url, headers)  # connected, warm
        done = [0]
        deadline = time.perf_counter() + seconds
        start = time.perf_counter()
        await asyncio.gather(
            *(_drive(session, url, headers, deadline, done) for _ in range(connections))
        )
        return done[0] / (time.perf_counter() - start)


async def _drive(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    deadline: float,
    done: list[int],
) -> None:
    while time.perf_counter() < deadline:
        await _one(session, url, headers)
        done[0] += 1


async def _one(session: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> bytes:
    async with session.get(url, headers=headers) as answer:
        if answer.status not in (200, 304):
            raise SystemExit(f"{url}: HTTP {answer.status}")
        return await answer.read()


async def etag_of(url: str) -> str:
    async with (
        aiohttp.ClientSession() as session,
        session.get(url, headers={"Accept-Encoding": "identity"}) as answer,
    ):
        return answer.headers["ETag"]


async def measure(facts: dict[str, object], seconds: float, connections: int) -> None:
    feed, bare = str(facts["feed"]), str(facts["bare"])
    etag = await etag_of(feed)
    cases = {
        "full GET (identity)": (feed, {"Accept-Encoding": "identity"}),
        "full GET (gzip)": (feed, {"Accept-Encoding": "gzip"}),
        "conditional GET (304)": (feed, {"Accept-Encoding": "identity", "If-None-Match": etag}),
        "bare aiohttp 304": (bare, {}),
    }
    rates = {name: await rate(url, h, seconds, connections) for name, (url, h) in cases.items()}
    print(
        f"feed: {facts['events']} follow-ups, {facts['bytes']:,} bytes "
        f"({facts['gzip_bytes']:,} gzipped); {connections} connections, {seconds:g} s each"
    )
    for name, value in rates.items():
        print(f"  {name:<24} {value:8.0f} requests/s")
    full, conditional = rates["full GET (identity)"], rates["conditional GET (304)"]
    print(f"conditional / full (identity): {conditional / full:.1f}x")
    print(f"conditional / full (gzip):     {conditional / rates['full GET (gzip)']:.1f}x")
    print(f"conditional / bare aiohttp:    {conditional / rates['bare aiohttp 304']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followups", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.followups))
        return
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--followups", str(args.followups)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        facts = json.loads(child.stdout.readline())
        asyncio.run(measure(facts, args.seconds, args.connections))
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(30)


if __name__ == "__main__":
    main()
