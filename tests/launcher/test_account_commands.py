"""`nextsteps connect caldav`, `accounts`, `pause`/`resume`, `disconnect` against a real Radicale,
run as a person runs them (the console script, no terminal: nothing waits for input)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.servers.dav_servers import DavServer, new_calendar

from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.ical.followup_writer import render_followup

CLI = Path(sys.executable).with_name("nextsteps")


def _nextsteps(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args, "--data-dir", str(data_dir)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"NEXTSTEPS_NO_KEYRING": "1", "PATH": "/usr/bin"},
    )


def _connect(data_dir: Path, server: DavServer, calendar: str, *extra: str) -> str:
    result = _nextsteps(
        data_dir,
        "connect",
        "caldav",
        server.base_url,
        "--username",
        "alice",
        "--password-stdin",
        "--owner",
        "alice@example.net",
        "--watch",
        calendar,
        *extra,
        stdin="wonderland\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Follow-ups will be written into the calendar that holds each interview" in result.stdout
    return result.stdout.split("as account ", 1)[1].split(".", 1)[0]


def _accounts(data_dir: Path) -> list[dict[str, object]]:
    result = _nextsteps(data_dir, "accounts", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_connect_list_pause_resume(radicale_server: DavServer, tmp_path: Path) -> None:
    calendar = new_calendar(radicale_server)
    account = _connect(tmp_path, radicale_server, calendar)
    (listed,) = _accounts(tmp_path)
    assert listed["id"] == account
    assert listed["owner_addresses"] == ["alice@example.net"]
    assert b"wonderland" not in (tmp_path / "nextsteps.sqlite3").read_bytes()
    assert _nextsteps(tmp_path, "pause", account).returncode == 0
    assert _accounts(tmp_path)[0]["state"] == "paused"
    assert _nextsteps(tmp_path, "resume", account).returncode == 0
    assert _accounts(tmp_path)[0]["state"] == "active"


def test_wrong_password_is_one_line_and_nothing_stored(
    radicale_server: DavServer, tmp_path: Path
) -> None:
    result = _nextsteps(
        tmp_path,
        "connect",
        "caldav",
        radicale_server.base_url,
        "--username",
        "alice",
        "--password-stdin",
        stdin="nope\n",
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert _accounts(tmp_path) == []


def test_password_is_required_without_a_terminal(
    radicale_server: DavServer, tmp_path: Path
) -> None:
    result = _nextsteps(tmp_path, "connect", "caldav", radicale_server.base_url, "--username", "a")
    assert result.returncode == 2
    assert "--password-stdin" in result.stderr


def test_disconnect_removes_only_nextsteps_events(
    radicale_server: DavServer, tmp_path: Path
) -> None:
    calendar = new_calendar(radicale_server)
    account = _connect(tmp_path, radicale_server, calendar)
    start = datetime(2026, 3, 9, 9, tzinfo=UTC)
    followup = FollowUp(
        uid="0123456789abcdef0123",
        kind=FollowUpKind.FOLLOW_UP,
        interview_key="i1",
        start=start,
        end=start + timedelta(minutes=30),
        timezone="UTC",
        summary="Follow up now: Acme",
        description="Write to Rae.",
    )
    ours = render_followup(followup, start).encode()
    theirs = ours.replace(b"0123456789abcdef0123@nextsteps", b"owner-event-1")
    assert (
        radicale_server.request("PUT", f"{calendar}ours.ics", ours, Content_Type="text/calendar")
        == 201
    )
    assert (
        radicale_server.request(
            "PUT", f"{calendar}theirs.ics", theirs, Content_Type="text/calendar"
        )
        == 201
    )
    result = _nextsteps(tmp_path, "disconnect", account, "--remove-followups")
    assert result.returncode == 0, result.stderr
    assert "Removed 1 follow-up(s)" in result.stdout
    assert radicale_server.request("GET", f"{calendar}ours.ics") == 404
    assert radicale_server.request("GET", f"{calendar}theirs.ics") == 200
    assert _accounts(tmp_path) == []
