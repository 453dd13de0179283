"""`nextsteps demo --once` and `nextsteps run --once` as a person runs them: the real CLI, a
private nats-server, the two services as processes, a real Radicale."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar
from tests.servers.dav_servers import DavServer, new_calendar

CLI = Path(sys.executable).with_name("nextsteps")
ENV = {"NEXTSTEPS_NO_KEYRING": "1", "PATH": "/usr/bin:/bin"}


def _nextsteps(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args, "--data-dir", str(data_dir)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=ENV,
    )


def test_demo_once_writes_followups_into_the_demo_calendar(tmp_path: Path) -> None:
    result = _nextsteps(tmp_path, "demo", "--once")
    assert result.returncode == 0, result.stderr[-2000:]
    written = int(result.stdout.split(" follow-ups written into ")[0].rsplit("\n", 1)[-1])
    assert written >= 10
    assert "Follow up now: Lumen Analytics" in result.stdout
    file = Path(result.stdout.rsplit("The same follow-ups as a file: ", 1)[1].strip())
    events = Calendar.from_ical(file.read_bytes()).walk("VEVENT")
    assert len(events) == written
    assert all("ATTENDEE" not in e and "ORGANIZER" not in e for e in events)


_INTERVIEW = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:run-once-interview@example.com
DTSTAMP:20260101T000000Z
DTSTART:{start}
DTEND:{end}
SUMMARY:Interview: Alice <> Acme Robotics - Backend Engineer
DESCRIPTION:Recruiter screen.\\nNext steps: decision by Friday.
ORGANIZER;CN=Rae:mailto:rae@acme-robotics.com
ATTENDEE:mailto:alice@example.net
END:VEVENT
END:VCALENDAR
"""


def test_run_once_syncs_plans_and_writes(radicale_server: DavServer, tmp_path: Path) -> None:
    calendar = new_calendar(radicale_server)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    body = _INTERVIEW.format(
        start=f"{start:%Y%m%dT%H%M%SZ}", end=f"{start + timedelta(hours=1):%Y%m%dT%H%M%SZ}"
    ).replace("\n", "\r\n")
    status = radicale_server.request(
        "PUT", f"{calendar}interview.ics", body.encode(), Content_Type="text/calendar"
    )
    assert status == 201
    connected = _nextsteps(
        tmp_path,
        "connect",
        "caldav",
        radicale_server.base_url,
        "--username",
        "alice",
        "--password-stdin",
        "--owner",
        "alice@example.net",
        "--watch",
        calendar,
        stdin="wonderland\n",
    )
    assert connected.returncode == 0, connected.stderr
    for _ in range(2):  # the second pass must change nothing
        result = _nextsteps(tmp_path, "run", "--once")
        assert result.returncode == 0, result.stderr[-2000:]
    files = list((tmp_path / "followups").glob("*.ics"))
    assert len(files) == 1
    events = Calendar.from_ical(files[0].read_bytes()).walk("VEVENT")
    assert any(str(e["SUMMARY"]).startswith("Follow up now: Acme Robotics") for e in events)
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) == 5  # note, thank-you, follow-up, twice again
    for uid in uids:  # each is in the calendar, under its deterministic name
        name = uid.removesuffix("@nextsteps")
        assert radicale_server.request("GET", f"{calendar}{name}.ics") == 200
