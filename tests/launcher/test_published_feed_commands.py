"""`nextsteps feed url|rotate` and the feed server under `nextsteps run`, run as a person runs
them (the console script), the feed fetched over a real socket."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from tests.ingest.calendar_texts import interview, soon
from tests.servers.feed_server import FeedServer

from nextsteps_shared.accounts.model import Account, WatchedCalendar, new_account_id
from nextsteps_shared.accounts.store import open_account_store
from nextsteps_shared.data_layout import followup_file
from nextsteps_shared.embedded_nats import free_port
from nextsteps_shared.messages import SourceKind

CLI = Path(sys.executable).with_name("nextsteps")
KEY = "published feed tests, not a real secret"
ENV = {"PATH": "/usr/bin:/bin", "NEXTSTEPS_ENCRYPTION_KEY": KEY}


def nextsteps(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**ENV, **(env or {})},
    )


def add_account(data_dir: Path) -> str:
    account = Account(
        id=new_account_id(SourceKind.CALDAV),
        kind=SourceKind.CALDAV,
        url="https://dav.example.org/",
        calendars=(WatchedCalendar(url="https://dav.example.org/sam/work/", name="Work"),),
        connected_at=datetime.now(UTC),
    )
    open_account_store(data_dir, None, KEY).add(account, "pw")
    return account.id


def addresses(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.startswith("  ")]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_feed_url_prints_one_address_until_rotated(tmp_path: Path) -> None:
    account = add_account(tmp_path)

    first = nextsteps(tmp_path, "feed", "url", account)
    again = nextsteps(tmp_path, "feed", "url")  # every account: the one there is
    rotated = nextsteps(tmp_path, "feed", "rotate")  # the only account needs no naming
    after = nextsteps(tmp_path, "feed", "url", account)

    assert first.returncode == again.returncode == rotated.returncode == 0, first.stderr
    (address,) = addresses(first.stdout)
    assert address.startswith("http://127.0.0.1:8470/feeds/")
    assert address.endswith(".ics")
    assert len(address.removeprefix("http://127.0.0.1:8470/feeds/")) >= 43 + 4
    assert f"{account} follow-ups feed:" in first.stdout
    assert "webcal://" not in first.stdout
    assert "want https://" in first.stderr  # the http:// address, and why there is no webcal
    assert "only from this machine" in first.stderr
    assert addresses(again.stdout) == [address]
    (renewed,) = addresses(rotated.stdout)
    assert renewed != address
    assert "the old one no longer works" in rotated.stdout
    assert addresses(after.stdout) == [renewed]


def test_an_https_base_url_gives_the_webcal_address_too(tmp_path: Path) -> None:
    account = add_account(tmp_path)
    env = {"NEXTSTEPS_PUBLISH__BASE_URL": "https://feeds.example.org"}

    done = nextsteps(tmp_path, "feed", "url", account, env=env)

    assert done.returncode == 0, done.stderr
    webcal, https = addresses(done.stdout)
    assert webcal == "webcal://" + https.removeprefix("https://")
    assert https.startswith("https://feeds.example.org/feeds/")
    assert done.stderr == ""


def test_what_cannot_be_done_is_said_in_one_line(tmp_path: Path) -> None:
    nobody = nextsteps(tmp_path, "feed", "url")
    first, second = add_account(tmp_path), add_account(tmp_path)
    unknown = nextsteps(tmp_path, "feed", "url", "caldav-nobody")
    which = nextsteps(tmp_path, "feed", "rotate")
    free = nextsteps(tmp_path, "feed", "url", first, env={"NEXTSTEPS_PUBLISH__PORT": "0"})
    both = nextsteps(tmp_path, "feed", "url")

    for failed, words in (
        (nobody, "no accounts yet"),
        (unknown, "no account 'caldav-nobody'"),
        (which, f"one of: {', '.join(sorted([first, second]))}"),
        (free, "publish.base_url"),
    ):
        assert failed.returncode == 2, failed.stdout
        assert words in failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1
        assert failed.stdout == ""
    assert len(addresses(both.stdout)) == 2


@pytest.mark.timeout(180)
def test_run_serves_the_feed_the_planner_writes(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.serve("/jobs.ics", interview("pub-1@ats.example", soon()))
    port = free_port()
    env = {
        "NEXTSTEPS_FEEDS__ALLOW_HOSTS": '["127.0.0.1"]',
        "NEXTSTEPS_PUBLISH__PORT": str(port),
        "NEXTSTEPS_LOG_LEVEL": "WARNING",
        "NEXTSTEPS_OPS__INGEST_PORT": "0",  # /healthz, /readyz, /metrics on free ports
        "NEXTSTEPS_OPS__PLANNER_PORT": "0",
    }
    subscribed = nextsteps(
        tmp_path, "subscribe", feed_server.url("/jobs.ics"), "--owner",
        "maya.okafor@fastmail.com", env=env,
    )  # fmt: skip
    assert subscribed.returncode == 0, subscribed.stderr
    (account,) = open_account_store(tmp_path, None, KEY).all()
    (address,) = addresses(nextsteps(tmp_path, "feed", "url", env=env).stdout)
    assert address.startswith(f"http://127.0.0.1:{port}/feeds/")

    running = subprocess.Popen(
        [str(CLI), "run", "--poll-interval", "1", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**ENV, **env},
    )
    try:
        body = _feed_with_events(address, running)
    finally:
        running.send_signal(signal.SIGINT)
        output, errors = running.communicate(timeout=60)

    assert running.returncode == 0, errors
    assert f"serves your follow-ups as feeds at http://127.0.0.1:{port}/feeds/" in output
    assert body == followup_file(tmp_path, account.id).read_bytes()
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(events) >= 3
    assert all("Brightwave" in str(e["SUMMARY"]) for e in events if "Follow up" in e["SUMMARY"])


def _feed_with_events(address: str, running: subprocess.Popen[str]) -> bytes:
    deadline = time.monotonic() + 120
    last: tuple[int, bytes] | None = None
    while time.monotonic() < deadline and running.poll() is None:
        try:
            last = fetch(address)
        except OSError:  # not listening yet
            last = None
        if last is not None and last[0] == 200 and b"BEGIN:VEVENT" in last[1]:
            return last[1]
        time.sleep(0.2)
    raise AssertionError(f"no follow-ups in the feed (run exited: {running.poll()}): {last}")
