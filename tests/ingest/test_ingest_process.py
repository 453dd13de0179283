"""The service as it runs: the poll loop, its command line, exit statuses and SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.ingest.calendar_texts import interview, ordinary, soon
from tests.ingest.ingest_harness import (
    KEY,
    OWNER,
    OwnerCalendar,
    connect,
    database_environment,
    kinds,
    published,
    read_published,
)
from tests.servers.dav_servers import DavServer

from nextsteps_ingest.main import main, parser
from nextsteps_ingest.service import create_app
from nextsteps_shared.settings import NextstepsSettings

UID = "c0ffee42-culture-fit@brightwave.io"
COMMAND = [sys.executable, "-m", "nextsteps_ingest.main"]


def _environment(broker: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("NEXTSTEPS_")}
    return {
        **keep,
        "NEXTSTEPS_BROKER_URL": broker,
        "NEXTSTEPS_ENCRYPTION_KEY": KEY,
        "NEXTSTEPS_OWNER__ADDRESSES": f'["{OWNER}"]',
        "NEXTSTEPS_NO_KEYRING": "1",
        "NEXTSTEPS_OPS__INGEST_PORT": "0",  # /healthz, /readyz, /metrics on a free port
    }


def test_accounts_connected_while_running_are_picked_up(
    settings: NextstepsSettings, nats_url: str
) -> None:
    early = OwnerCalendar.fresh("memory", None)
    early.store("screen.ics", ordinary("gym-0815@fastmail.com", soon(1), "Climbing gym"))
    connect(settings, early)
    late = OwnerCalendar.fresh("memory", None)
    late.store("culture.ics", interview(UID, soon()))

    async def scenario() -> list[tuple[str, str]]:
        app = create_app(settings, poll_interval=0.05)
        await app.start()
        stop = asyncio.Event()
        serving = asyncio.create_task(app.serve(stop))
        try:
            await asyncio.sleep(0.2)
            account = connect(settings, late)  # as `nextsteps connect` would, meanwhile
            for _ in range(40):
                await asyncio.sleep(0.05)
                if found := await read_published(nats_url, account.id):
                    return kinds(found)
            return []
        finally:
            stop.set()
            assert await asyncio.wait_for(serving, 5) == 0
            await app.close()

    assert asyncio.run(scenario()) == [("interview_snapshot", UID)]


def test_once_syncs_every_account_and_exits_zero(
    xandikos_server: DavServer, settings: NextstepsSettings, nats_url: str, tmp_path: Path
) -> None:
    calendar = OwnerCalendar.fresh("xandikos", xandikos_server)
    calendar.store("culture.ics", interview(UID, soon()))
    account = connect(settings, calendar)

    done = subprocess.run(
        [*COMMAND, "--data-dir", str(settings.data_dir), "--once", "--poll-interval", "0.5"],
        env={**_environment(nats_url), **database_environment(settings)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert f"synced account={account.id}" in done.stderr
    assert kinds(published(nats_url, account.id)) == [("interview_snapshot", UID)]


def test_once_without_a_reachable_broker_fails(tmp_path: Path) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [*COMMAND, "--data-dir", str(tmp_path / "data"), "--once"],
        env=_environment("nats://127.0.0.1:9"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 2
    assert "broker cannot be reached" in done.stderr
    assert time.monotonic() - started < 15


def test_an_unreachable_database_is_said_plainly_without_its_password(
    tmp_path: Path, nats_url: str
) -> None:
    environment = _environment(nats_url)
    environment["NEXTSTEPS_DATABASE_URL"] = "postgresql://nextsteps:hunter2@127.0.0.1:9/state"
    done = subprocess.run(
        [*COMMAND, "--data-dir", str(tmp_path / "data"), "--once"],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 2
    assert "127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr
    assert "hunter2" not in done.stderr


def test_sigterm_stops_the_service_cleanly_and_logs_no_secret(
    radicale_server: DavServer, settings: NextstepsSettings, nats_url: str, tmp_path: Path
) -> None:
    calendar = OwnerCalendar.fresh("radicale", radicale_server)
    calendar.store("culture.ics", interview(UID, soon()))
    account = connect(settings, calendar)
    log = tmp_path / "ingest.log"
    with log.open("w") as sink:
        service = subprocess.Popen(
            [*COMMAND, "--data-dir", str(settings.data_dir), "--poll-interval", "0.2"],
            env={**_environment(nats_url), **database_environment(settings)},
            cwd=tmp_path,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 20
            while not published(nats_url, account.id) and time.monotonic() < deadline:
                time.sleep(0.1)
            service.send_signal(signal.SIGTERM)
            status = service.wait(timeout=15)
        finally:
            if service.poll() is None:
                service.kill()
                service.wait()
    text = log.read_text()

    assert status == 0, text
    assert "ingest stopped" in text
    assert text.count(f"synced account={account.id}") >= 1
    assert radicale_server.password is not None
    assert radicale_server.password not in text
    assert KEY not in text
    assert kinds(published(nats_url, account.id)) == [("interview_snapshot", UID)]


@pytest.mark.parametrize("bad", ["0", "-1", "soon", "nan"])
def test_the_command_line_rejects_a_bad_poll_interval(bad: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--poll-interval", bad, "--once"])
    assert exit_.value.code == 2


def test_the_poll_interval_takes_fractions_of_a_second() -> None:
    assert parser().parse_args(["--poll-interval", "0.25"]).poll_interval == 0.25
    assert parser().parse_args([]).poll_interval == 60.0
