"""One nextsteps installation driven as a person drives it: the real ``nextsteps`` CLI in a
data directory of its own (so a private nats-server with JetStream, and the ingest and planner
services as processes), connected to one calendar: on a real CalDAV server, or the primary
calendar of a Google account on the Calendar v3 emulator (running in the test process on a
loopback port; the services reach it through the account's API endpoint and refresh their
access tokens at its token endpoint)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.e2e.google_owner_calendar import GoogleOwnerCalendar
from tests.e2e.interview_events import OWNER
from tests.e2e.owner_calendar import OwnerCalendar
from tests.servers.brokers import BrokerUnderTest

CLI = Path(sys.executable).with_name("nextsteps")
SERVICES = ("nextsteps-ingest", "nextsteps-planner")
CalendarUnderTest = OwnerCalendar | GoogleOwnerCalendar

_ENV = {
    "NEXTSTEPS_NO_KEYRING": "1",
    "PATH": "/usr/bin:/bin",
    "NEXTSTEPS_LOG_LEVEL": "WARNING",
    "NEXTSTEPS_PUBLISH__PORT": "0",  # the planner's feeds on a free port: runs side by side
    "NEXTSTEPS_OPS__INGEST_PORT": "0",  # and both services' /healthz, /readyz, /metrics
    "NEXTSTEPS_OPS__PLANNER_PORT": "0",
    # Google's per-user limit, not the default's margin under it: the emulator has no quota
    "NEXTSTEPS_GOOGLE__REQUESTS_PER_MINUTE": "600",
    "NEXTSTEPS_GOOGLE__BURST": "100",
}


class Installation:
    """A data directory with one account (CalDAV or Google) watching ``calendar``."""

    def __init__(
        self, data_dir: Path, calendar: CalendarUnderTest, broker: BrokerUnderTest | None = None
    ) -> None:
        """``broker``: RabbitMQ or Redis instead of the private nats-server."""
        self.data_dir = data_dir
        self.calendar = calendar
        self.env = dict(_ENV)
        if broker is not None:
            self.env |= {
                "NEXTSTEPS_BROKER_URL": broker.url,
                "NEXTSTEPS_BROKER_PREFIX": broker.prefix,
            }
        self.log = data_dir.parent / f"{data_dir.name}.log"
        arguments, stdin = calendar.connect_command(data_dir.parent, OWNER)
        self.cli(*arguments, stdin=stdin)

    def cli(self, *args: str, stdin: str = "", timeout: float = 120) -> str:
        """Run ``nextsteps ARGS --data-dir DIR``; fail the test on a non-zero status."""
        result = subprocess.run(
            [str(CLI), *args, "--data-dir", str(self.data_dir)],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=self.env,
        )
        with self.log.open("a") as log:
            log.write(f"$ nextsteps {' '.join(args)}\n{result.stdout}{result.stderr}\n")
        assert result.returncode == 0, f"nextsteps {args[0]}: {result.stderr[-3000:]}"
        return result.stdout

    def run_once(self) -> None:
        """``nextsteps run --once``: every account synced, everything planned and written."""
        self.cli("run", "--once")

    def accounts(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.cli("accounts", "--json").splitlines() if line]

    def start(self, poll_interval: float) -> subprocess.Popen[bytes]:
        """``nextsteps run --poll-interval S`` in the background."""
        log = self.log.open("ab")
        return subprocess.Popen(
            [
                str(CLI),
                "run",
                "--poll-interval",
                str(poll_interval),
                "--data-dir",
                str(self.data_dir),
            ],
            stdout=log,
            stderr=log,
            env=self.env,
        )


def service_pids(supervisor: int) -> dict[str, int]:
    """The ingest and planner processes the supervisor started (read from /proc)."""
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    found: dict[str, int] = {}
    for pid in map(int, children):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except FileNotFoundError:
            continue
        names = [Path(part.decode()).name for part in command]
        found |= {name: pid for name in SERVICES if name in names}
    return found


def kill_services(supervisor: int) -> None:
    """SIGKILL both services at once (no clean stop: whatever was in hand is lost)."""
    pids = service_pids(supervisor)
    assert set(pids) == set(SERVICES), f"services not both running: {pids}"
    for pid in pids.values():
        os.kill(pid, signal.SIGKILL)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(0.05)
