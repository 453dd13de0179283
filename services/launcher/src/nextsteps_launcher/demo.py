"""``nextsteps demo``: the whole product on this machine, with nothing to set up.

Starts a local Radicale (from PyPI) in the data directory, fills a demo calendar with the sample
interviews and ordinary events (moved to the current weeks, weekdays kept), connects it as an
account, runs the pipeline, and shows what was written where.
"""

from __future__ import annotations

import asyncio
import base64
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from nextsteps_launcher.account_commands import account_store
from nextsteps_launcher.supervisor import Supervisor
from nextsteps_shared.accounts.connection import Choice, connect_caldav
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.opener import AccountCalendars
from nextsteps_shared.data_layout import followup_file
from nextsteps_shared.embedded_nats import free_port
from nextsteps_shared.errors import TransientError
from nextsteps_shared.ical.followup_writer import UID_SUFFIX
from nextsteps_shared.settings import NextstepsSettings

SAMPLE_WEEK = date(2026, 3, 2)  # the Monday the sample calendar is written around
DEMO_OWNER = "sam.rivera@example.net"
DEMO_USER = "demo"
DEMO_ZONE = "Europe/Berlin"  # where the sample's candidate lives
_RADICALE_CONFIG = """[server]
hosts = 127.0.0.1:{port}
[auth]
type = none
[storage]
filesystem_folder = {storage}
[logging]
level = warning
"""


def sample_shifted(today: date) -> bytes:
    """The sample calendar moved by whole weeks so that its first week is this week."""
    sample = resources.files("nextsteps_launcher").joinpath("samples/interviews.ics").read_bytes()
    weeks = (today - timedelta(days=today.weekday()) - SAMPLE_WEEK).days // 7
    calendar = Calendar.from_ical(sample)
    for event in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if name in event:
                moved = event.decoded(name) + timedelta(weeks=weeks)
                params = dict(event[name].params)
                del event[name]
                event.add(name, moved, parameters=params)
    return bytes(calendar.to_ical())


@contextmanager
def radicale(storage: Path) -> Iterator[str]:
    """A Radicale without authentication on a free loopback port; yields its base URL."""
    storage.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = storage / "radicale.conf"
    config.write_text(_RADICALE_CONFIG.format(port=port, storage=storage / "collections"))
    log = (storage / "radicale.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=log
    )
    try:
        _wait(f"http://127.0.0.1:{port}/", process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise TransientError("Radicale stopped at start (see radicale.log in the data dir)")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TransientError("Radicale did not answer in 30 s")


def seed(base_url: str, today: date) -> str:
    """Create the demo calendar and put the sample events in it; returns its URL."""
    url = f"{base_url}{DEMO_USER}/interviews/"
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
        b'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>'
        b"Interviews (demo)</D:displayname></D:prop></D:set></C:mkcalendar>"
    )
    _request("MKCALENDAR", url, body, "application/xml")
    for event in Calendar.from_ical(sample_shifted(today)).walk("VEVENT"):
        _put_event(url, str(event["UID"]), event)
    return url


def _put_event(calendar_url: str, uid: str, event: object) -> None:
    wrapper = Calendar()
    wrapper.add("prodid", "-//nextsteps//demo//EN")
    wrapper.add("version", "2.0")
    wrapper.add_component(event)  # type: ignore[arg-type]
    name = uid.split("@", 1)[0]
    _request("PUT", f"{calendar_url}{name}.ics", bytes(wrapper.to_ical()), "text/calendar")


def _request(method: str, url: str, body: bytes, content_type: str) -> None:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Content-Type", content_type)
    request.add_header(
        "Authorization", "Basic " + base64.b64encode(f"{DEMO_USER}:".encode()).decode()
    )
    urllib.request.urlopen(request, timeout=10).close()


def connect_demo(settings: NextstepsSettings, base_url: str, calendar_url: str) -> Account:
    """The demo calendar as an account of this installation (owner: the sample's candidate)."""
    account = asyncio.run(
        connect_caldav(
            base_url,
            DEMO_USER,
            "",
            Choice(watch=(calendar_url,)),
            [DEMO_OWNER],
            now=datetime.now(UTC),
            skip_older_than_days=settings.policy.skip_older_than_days,
        )
    )
    account_store(settings).add(account, "")
    return account


async def written_followups(account: Account, calendar_url: str) -> list[tuple[datetime, str]]:
    """(start, summary) of every follow-up nextsteps wrote into the demo calendar."""
    async with AccountCalendars(account, "") as calendars:
        listing = await calendars.get(calendar_url).changes(None)
    return sorted(
        (event.start, event.summary) for event in listing.upserts if event.uid.endswith(UID_SUFFIX)
    )


def run_demo(settings: NextstepsSettings, once: bool, poll_interval: float) -> int:
    """The demo from a clean slate in ``<data dir>/demo`` (the real installation is untouched)."""
    home = settings.data_dir / "demo"
    shutil.rmtree(home, ignore_errors=True)
    owner = settings.owner.model_copy(update={"timezone": DEMO_ZONE})
    demo_settings = settings.model_copy(
        update={
            "data_dir": home,
            "broker_url": None,
            "database_url": None,
            "owner": owner,
            "log_level": "WARNING",
            "publish": settings.publish.model_copy(update={"enabled": False}),  # no port taken
            "ops": settings.ops.model_copy(update={"ingest_port": 0, "planner_port": 0}),
        }
    )
    with radicale(home / "radicale") as base:
        calendar_url = seed(base, date.today())
        account = connect_demo(demo_settings, base, calendar_url)
        print(f"Demo calendar with interviews and ordinary events: {calendar_url}")
        print(f"Connected it as account {account.id}; running the pipeline once...")
        status = Supervisor(demo_settings, poll_interval).run(once=True)
        if status != 0:
            return status
        _show(account, calendar_url, home)
        if once:
            return 0
        print(f"\nRunning (polling every {poll_interval:g} s) until Ctrl-C. Edit the calendar at")
        print(f"{calendar_url} with any CalDAV client and watch the follow-ups follow.")
        return Supervisor(demo_settings, poll_interval).run(once=False)


def _show(account: Account, calendar_url: str, home: Path) -> None:
    written = asyncio.run(written_followups(account, calendar_url))
    print(f"\n{len(written)} follow-ups written into {calendar_url} (times in {DEMO_ZONE}):")
    zone = ZoneInfo(DEMO_ZONE)
    for start, summary in written:
        print(f"  {start.astimezone(zone):%a %Y-%m-%d %H:%M}  {summary}")
    print(f"\nThe same follow-ups as a file: {followup_file(home, account.id)}")
