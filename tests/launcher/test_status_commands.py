"""`nextsteps status`, `ignore` and `track` as a person runs them: the real CLI after real
`run --once` passes (private nats-server, both services as processes) against Radicale."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nats
from icalendar import Calendar
from tests.servers.dav_servers import DavServer, new_calendar

from nextsteps_shared.bus import declare_streams
from nextsteps_shared.embedded_nats import EmbeddedNats
from nextsteps_shared.subjects import INTERVIEW_SEEN

CLI = Path(sys.executable).with_name("nextsteps")
ENV = {"NEXTSTEPS_NO_KEYRING": "1", "PATH": "/usr/bin:/bin"}
INTERVIEW_UID = "loop-7731-onsite@tidewater-logistics.com"
LUNCH_UID = "lunch-2b9e@example.net"

_HEAD = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nDTSTAMP:20260101T000000Z\n"
_ONSITE = """UID:{uid}
DTSTART:{start:%Y%m%dT%H%M%SZ}
DTEND:{end:%Y%m%dT%H%M%SZ}
SUMMARY:Onsite loop: Tidewater Logistics - Senior Platform Engineer
DESCRIPTION:Four interviews back to back.\\nNext steps: they decide within two weeks.
ORGANIZER;CN=Ines Duarte:mailto:ines.duarte@tidewater-logistics.com
ATTENDEE:mailto:noor@example.net
"""
_LUNCH = """UID:{uid}
DTSTART:{start:%Y%m%dT%H%M%SZ}
DTEND:{end:%Y%m%dT%H%M%SZ}
SUMMARY:Lunch with Kofi from Harbourline
DESCRIPTION:He said they might have an opening on the data team.
ATTENDEE:mailto:noor@example.net
ATTENDEE;CN=Kofi Mensah:mailto:kofi@harbourline.io
"""
_TAIL = "END:VEVENT\nEND:VCALENDAR\n"


def _cli(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(CLI), *args, "--data-dir", str(data_dir)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=ENV,
    )
    assert result.returncode == 0, f"nextsteps {' '.join(args)}: {result.stderr[-2000:]}"
    return result


def _status(data_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _cli(data_dir, "status", "--json").stdout.splitlines()]


def _calendar_with_events(server: DavServer) -> str:
    """A fresh calendar with yesterday's onsite interview and, after it, a lunch."""
    calendar = new_calendar(server)
    onsite = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    lunch = onsite + timedelta(hours=5)
    events = {
        "onsite": _ONSITE.format(uid=INTERVIEW_UID, start=onsite, end=onsite + timedelta(hours=4)),
        "lunch": _LUNCH.format(uid=LUNCH_UID, start=lunch, end=lunch + timedelta(hours=1)),
    }
    for name, body in events.items():
        text = (_HEAD + body + _TAIL).replace("\n", "\r\n")
        status = server.request(
            "PUT", f"{calendar}{name}.ics", text.encode(), Content_Type="text/calendar"
        )
        assert status == 201
    return calendar


def _connect(data_dir: Path, server: DavServer, watch: str, *extra: str) -> str:
    connected = _cli(
        data_dir,
        "connect",
        "caldav",
        server.base_url,
        "--username",
        "alice",
        "--password-stdin",
        "--owner",
        "noor@example.net",
        "--watch",
        watch,
        *extra,
        stdin="wonderland\n",
    )
    return connected.stdout.split(" as account ", 1)[1].split(".", 1)[0]


def _followups_in(server: DavServer, calendar: str, data_dir: Path) -> dict[str, str]:
    """The follow-ups of the account's file by UID -> summary, each checked in the calendar."""
    (file,) = (data_dir / "followups").glob("*.ics")
    events = Calendar.from_ical(file.read_bytes()).walk("VEVENT")
    found = {str(e["UID"]): str(e["SUMMARY"]) for e in events}
    for uid in found:
        assert server.request("GET", f"{calendar}{uid.removesuffix('@nextsteps')}.ics") == 200
    return found


def test_status_ignore_and_track_after_run_once(radicale_server: DavServer, tmp_path: Path) -> None:
    calendar = _calendar_with_events(radicale_server)
    account = _connect(tmp_path, radicale_server, calendar)
    _cli(tmp_path, "run", "--once")

    (entry,) = _status(tmp_path)
    assert (entry["account"], entry["state"], entry["last_error"]) == (account, "active", None)
    assert (entry["corrections"], entry["corrections_pending"]) == ([], False)
    assert datetime.fromisoformat(entry["last_sync"]) > datetime.now(UTC) - timedelta(minutes=5)
    assert (entry["interviews_found"], entry["interviews_followed"]) == (1, 1)
    assert entry["followups_written"] == len(_followups_in(radicale_server, calendar, tmp_path))
    assert entry["followups_written"] >= 3
    assert entry["followups_upcoming"] >= 1
    assert entry["dead_letters"] == 0
    (interview,) = entry["interviews"]
    assert interview["uid"] == INTERVIEW_UID
    assert interview["company"] == "Tidewater Logistics"
    table = _cli(tmp_path, "status").stdout
    assert f"{account}  {radicale_server.base_url}" in table
    assert INTERVIEW_UID in table
    assert f"follow-ups written: {entry['followups_written']} (" in table

    written = _followups_in(radicale_server, calendar, tmp_path)
    ignored = _cli(tmp_path, "ignore", INTERVIEW_UID)
    assert "not an interview" in ignored.stdout
    (entry,) = _status(tmp_path)
    assert entry["corrections_pending"] is True
    assert entry["followups_written"] == len(written)  # nothing changes before the next poll
    _cli(tmp_path, "run", "--once")
    (entry,) = _status(tmp_path)
    assert (entry["interviews_followed"], entry["followups_written"]) == (0, 0)
    assert _followups_in(radicale_server, calendar, tmp_path) == {}
    for uid in written:  # gone from the calendar too
        assert (
            radicale_server.request("GET", f"{calendar}{uid.removesuffix('@nextsteps')}.ics") == 404
        )
    assert [(c["uid"], c["verdict"]) for c in entry["corrections"]] == [
        (INTERVIEW_UID, "not_interview")
    ]
    assert entry["corrections_pending"] is False

    _cli(tmp_path, "track", LUNCH_UID, "--account", account)
    _cli(tmp_path, "run", "--once")
    (entry,) = _status(tmp_path)
    assert [i["uid"] for i in entry["interviews"]] == [LUNCH_UID]
    followups = _followups_in(radicale_server, calendar, tmp_path)
    assert entry["followups_written"] == len(followups) >= 1
    assert any("Harbourline" in summary for summary in followups.values())


def _publish_unreadable(data_dir: Path, subject: str) -> None:
    """A message the planner cannot read (say, from a newer ingest), put on the queue of the
    installation's own embedded broker while ``run`` is not running."""

    async def publish(url: str) -> None:
        await declare_streams(url)
        client = await nats.connect(url)
        try:
            await client.jetstream().publish(subject, b'{"kind": "interview_rescheduled"}')
        finally:
            await client.close()

    with EmbeddedNats(data_dir) as broker:
        asyncio.run(publish(broker.url))


def test_a_dead_letter_shows_in_status(radicale_server: DavServer, tmp_path: Path) -> None:
    account = _connect(tmp_path, radicale_server, _calendar_with_events(radicale_server))
    subject = f"{INTERVIEW_SEEN}.{account}"
    _publish_unreadable(tmp_path, subject)
    _cli(tmp_path, "run", "--once")

    (entry,) = _status(tmp_path)
    assert (entry["account"], entry["interviews_followed"]) == (account, 1)
    assert entry["followups_written"] >= 3  # the good messages went through
    assert entry["dead_letters"] == 1
    (letter,) = entry["latest_dead_letters"]
    assert (letter["subject"], letter["attempts"]) == (subject, 1)
    assert letter["error"].startswith("UnreadableMessageError")
    table = _cli(tmp_path, "status").stdout
    assert "dead letters: 1" in table
    assert f", {subject}): UnreadableMessageError" in table


def test_a_sync_error_shows_in_status(radicale_server: DavServer, tmp_path: Path) -> None:
    calendar = _calendar_with_events(radicale_server)
    followups = new_calendar(radicale_server)
    account = _connect(tmp_path, radicale_server, calendar, "--write-to", followups)
    assert radicale_server.request("DELETE", followups) in {200, 204}  # the owner removed it
    _cli(tmp_path, "run", "--once")

    (entry,) = _status(tmp_path)
    assert (entry["account"], entry["state"]) == (account, "active")
    assert entry["last_sync"] is not None
    assert "HTTP 404" in entry["last_error"]
    assert "  last error: PermanentError: PROPFIND " in _cli(tmp_path, "status").stdout


def test_a_followup_cannot_be_ignored(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(CLI), "ignore", "3f2a9c@nextsteps", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=ENV,
    )
    assert result.returncode == 2
    assert "is a follow-up nextsteps wrote" in result.stderr
