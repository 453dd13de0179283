"""`nextsteps subscribe` and how `accounts` lists feeds, run as a person runs them (the console
script) against a feed on a real HTTP server on a loopback port."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.ingest.calendar_texts import interview, soon
from tests.servers.feed_server import Answer, FeedServer

from nextsteps_shared.accounts.model import Account, WatchedCalendar
from nextsteps_shared.accounts.store import open_account_store
from nextsteps_shared.messages import SourceKind

CLI = Path(sys.executable).with_name("nextsteps")
KEY = "feed command tests, not a real secret"
LOOPBACK = {"NEXTSTEPS_FEEDS__ALLOW_HOSTS": '["127.0.0.1"]'}


def nextsteps(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin", "NEXTSTEPS_ENCRYPTION_KEY": KEY, **(env or {})},
    )


def accounts(data_dir: Path) -> list[dict[str, object]]:
    result = nextsteps(data_dir, "accounts", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_subscribe_stores_the_feed_with_its_password_encrypted(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.serve("/jobs.ics", interview("a1@ats.example", soon()))
    url = feed_server.url("/jobs.ics").replace("http://", "http://sam:s3cret@")

    done = nextsteps(tmp_path, "subscribe", url, "--owner", "sam@example.net", env=LOOPBACK)
    listing = nextsteps(tmp_path, "accounts")

    assert done.returncode == 0, done.stderr
    assert f"Subscribed to {feed_server.url('/jobs.ics')} as account ics-feed-" in done.stdout
    assert "(1 events read, 0 unreadable)" in done.stdout
    assert "authorization" in feed_server.requests[0].headers
    (listed,) = accounts(tmp_path)
    assert (listed["kind"], listed["url"], listed["username"]) == (
        "ics_feed",
        feed_server.url("/jobs.ics"),
        "sam",
    )
    assert listed["owner_addresses"] == ["sam@example.net"]
    calendars = listed["calendars"]
    assert isinstance(calendars, list)
    (calendar,) = calendars
    assert calendar["read_only"] is True
    assert f"ics_feed  {feed_server.url('/jobs.ics')}  active" in listing.stdout
    assert "s3cret" not in listing.stdout + json.dumps(listed)
    assert b"s3cret" not in (tmp_path / "nextsteps.sqlite3").read_bytes()


def test_a_loopback_feed_is_refused_without_the_setting(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.serve("/jobs.ics", interview("a1@ats.example", soon()))

    done = nextsteps(tmp_path, "subscribe", feed_server.url("/jobs.ics"))

    assert done.returncode == 2
    assert "feeds.allow_hosts" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert feed_server.requests == []
    assert accounts(tmp_path) == []


def test_a_page_that_is_not_a_calendar_is_refused(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.serve("/login", Answer(body=b"<html>Sign in</html>", content_type="text/html"))

    done = nextsteps(tmp_path, "subscribe", feed_server.url("/login"), env=LOOPBACK)

    assert done.returncode == 2
    assert "not a calendar (text/html" in done.stderr
    assert accounts(tmp_path) == []


def test_write_to_names_a_writable_calendar_of_another_account(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    work = "https://dav.example.org/calendars/sam/work/"
    store = open_account_store(tmp_path, None, KEY)
    store.add(
        Account(
            id="caldav-5eed0001",
            kind=SourceKind.CALDAV,
            url="https://dav.example.org/",
            calendars=(
                WatchedCalendar(url=work, name="Work"),
                WatchedCalendar(url=work + "x/", name="Holidays", read_only=True),
            ),
            connected_at=datetime.now(UTC),
        ),
        "pw",
    )
    feed_server.serve("/jobs.ics", interview("a1@ats.example", soon()))
    feed = feed_server.url("/jobs.ics")

    refused = nextsteps(tmp_path, "subscribe", feed, "--write-to", "caldav-5eed0001:Holidays")
    unknown = nextsteps(tmp_path, "subscribe", feed, "--write-to", "nobody:Work", env=LOOPBACK)
    done = nextsteps(
        tmp_path, "subscribe", feed, "--write-to", "caldav-5eed0001:work", env=LOOPBACK
    )

    assert refused.returncode == 2
    assert "read-only" in refused.stderr
    assert "no account 'nobody'" in unknown.stderr
    assert done.returncode == 0, done.stderr
    assert "Follow-ups will be written into 'Work' of caldav-5eed0001." in done.stdout
    feed_account = next(a for a in accounts(tmp_path) if a["kind"] == "ics_feed")
    calendars = feed_account["calendars"]
    assert isinstance(calendars, list)
    (calendar,) = calendars
    assert (calendar["write_to"], calendar["write_account"]) == (work, "caldav-5eed0001")
