"""The planner writing into a real Radicale over CalDAV, and its command line."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from tests.planner.planner_world import OWNER, PlannerWorld, next_monday
from tests.servers.dav_servers import DavServer, new_calendar

from nextsteps_planner.main import main
from nextsteps_shared.accounts.model import Account, WatchedCalendar
from nextsteps_shared.backends.caldav_account import open_client
from nextsteps_shared.backends.caldav_calendar import CaldavCalendar
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.messages import SourceKind


async def _events(server: DavServer, url: str) -> list[CalendarEvent]:
    client = await open_client(url, server.username, server.password)
    try:
        changes = await CaldavCalendar(client, url).changes(None)
    finally:
        await client.close()
    return sorted(changes.upserts, key=lambda e: e.start)


def test_followups_are_written_to_radicale_and_removed_again(
    tmp_path: Path, nats_url: str, radicale_server: DavServer
) -> None:
    world = PlannerWorld(tmp_path, nats_url)
    url = new_calendar(radicale_server)
    account = Account(
        id=world.account_id,
        kind=SourceKind.CALDAV,
        url=radicale_server.base_url,
        username=radicale_server.username,
        owner_addresses=(OWNER,),
        calendars=(WatchedCalendar(url=url, name="Jobs"),),
        connected_at=datetime.now(UTC) - timedelta(days=1),
    )
    world.accounts.add(account, radicale_server.password)
    start = next_monday()
    world.publish(world.interview("radicale-1", start, calendar=url))
    world.run_planner()
    written = asyncio.run(_events(radicale_server, url))
    assert len(written) >= 3
    assert all(e.uid.endswith("@nextsteps") and not e.attendees for e in written)
    world.publish(world.interview("radicale-1", start + timedelta(days=1), calendar=url))
    world.run_planner()
    moved = asyncio.run(_events(radicale_server, url))
    assert [e.uid for e in moved] == [e.uid for e in written]
    assert moved[0].start == start + timedelta(days=1, hours=1)
    world.publish(world.removed("radicale-1", calendar=url))
    world.run_planner()
    assert asyncio.run(_events(radicale_server, url)) == []


def test_main_once_drains_and_exits(
    tmp_path: Path, nats_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = PlannerWorld(tmp_path, nats_url)
    world.connect()
    world.publish(world.interview("cli-1", next_monday()))
    monkeypatch.setenv("NEXTSTEPS_BROKER_URL", nats_url)
    monkeypatch.setenv("NEXTSTEPS_ENCRYPTION_KEY", world.key)
    monkeypatch.setenv("NEXTSTEPS_OWNER__ADDRESSES", f'["{OWNER}"]')
    assert main(["--data-dir", str(tmp_path), "--once"]) == 0
    assert (tmp_path / "followups" / f"{world.account_id}.ics").read_text().count("VEVENT") >= 6


def test_main_without_a_broker_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEXTSTEPS_BROKER_URL", raising=False)
    assert main(["--data-dir", str(tmp_path), "--once"]) == 2
    assert "NEXTSTEPS_BROKER_URL" in capsys.readouterr().err


def test_the_service_stops_cleanly_on_sigterm(tmp_path: Path, nats_url: str) -> None:
    script = Path(sys.executable).parent / "nextsteps-planner"
    environment = {**os.environ, "NEXTSTEPS_BROKER_URL": nats_url, "NEXTSTEPS_LOG_LEVEL": "INFO"}
    environment["NEXTSTEPS_PUBLISH__PORT"] = "0"  # feeds on a free port
    environment["NEXTSTEPS_OPS__PLANNER_PORT"] = "0"  # /healthz, /readyz, /metrics too
    environment["NEXTSTEPS_ENCRYPTION_KEY"] = Fernet.generate_key().decode()
    process = subprocess.Popen(
        [str(script), "--data-dir", str(tmp_path)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:  # serving once the first sweep is logged
            if "sweep:" in line:
                break
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert time.monotonic() - started < 5
    finally:
        if process.poll() is None:
            process.kill()
