"""``nextsteps run``: one supervisor for the embedded default.

It starts a private nats-server (unless a broker URL is configured), then the ingest and the
planner services as separate processes through their entry points, and stops everything
cleanly on Ctrl-C or SIGTERM. With ``once``: one ingest pass, then the planner until nothing
is pending, then exit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from nextsteps_shared.child_process import die_with_parent
from nextsteps_shared.database import settings_database_url
from nextsteps_shared.embedded_nats import EmbeddedNats
from nextsteps_shared.errors import PermanentError
from nextsteps_shared.feed_links import FEEDS_PATH, listening_address
from nextsteps_shared.settings import NextstepsSettings, PublishSettings

STOP_TIMEOUT_S = 20.0


def service_command(name: str) -> str:
    """The entry point of a service installed beside this CLI (``nextsteps-ingest``, ...)."""
    candidate = Path(sysconfig.get_path("scripts")) / name
    if candidate.is_file():
        return str(candidate)
    beside = Path(sys.argv[0]).resolve().with_name(name)
    if beside.is_file():
        return str(beside)
    raise PermanentError(f"{name} is not installed (run ./.ci/install)")


def service_environment(settings: NextstepsSettings, broker: str | None) -> dict[str, str]:
    """What the services must agree with the launcher on, whatever else the environment says:
    the broker (when one is needed), the data directory, the database, where the planner
    publishes its feeds, where both answer operators (``ops``), how they log."""
    database = settings_database_url(settings)
    agreed = {
        "NEXTSTEPS_DATA_DIR": str(settings.data_dir),
        "NEXTSTEPS_DATABASE_URL": database,
        "NEXTSTEPS_LOG_LEVEL": settings.log_level,
        "NEXTSTEPS_LOG_FORMAT": settings.log_format,
        "NEXTSTEPS_PUBLISH": settings.publish.model_dump_json(),
        "NEXTSTEPS_OPS": settings.ops.model_dump_json(),
    }
    if broker is not None:
        agreed["NEXTSTEPS_BROKER_URL"] = broker
    if settings.owner.timezone:
        agreed["NEXTSTEPS_OWNER__TIMEZONE"] = settings.owner.timezone
    return agreed


@contextmanager
def broker_url(settings: NextstepsSettings) -> Iterator[str]:
    """The configured broker, else a private nats-server with its store in the data dir."""
    if settings.broker_url is not None:
        yield settings.broker_url.get_secret_value()
        return
    with EmbeddedNats(settings.data_dir) as nats:
        yield nats.url


class Supervisor:
    """Runs the two services as child processes and stops them together."""

    def __init__(self, settings: NextstepsSettings, poll_interval: float) -> None:
        self.settings = settings
        self.poll_interval = poll_interval
        self._children: list[subprocess.Popen[bytes]] = []
        self._stopping = False

    def run(self, once: bool) -> int:
        with broker_url(self.settings) as url:
            env = {**os.environ, **service_environment(self.settings, url)}
            previous = self._trap_signals()
            try:
                return self._once(env) if once else self._forever(env)
            finally:
                self._stop_children()
                for number, handler in previous.items():
                    signal.signal(number, handler)

    def _ingest(self, once: bool) -> list[str]:
        command = [
            service_command("nextsteps-ingest"),
            "--data-dir",
            str(self.settings.data_dir),
            "--poll-interval",
            str(self.poll_interval),
        ]
        return [*command, "--once"] if once else command

    def _planner(self, once: bool) -> list[str]:
        command = [service_command("nextsteps-planner"), "--data-dir", str(self.settings.data_dir)]
        return [*command, "--once"] if once else command

    def _once(self, env: dict[str, str]) -> int:
        for command in (self._ingest(True), self._planner(True)):
            status = self._start(command, env).wait()
            if status != 0 or self._stopping:
                return status or 130
        return 0

    def _forever(self, env: dict[str, str]) -> int:
        commands = {"ingest": self._ingest(False), "planner": self._planner(False)}
        _say_where_feeds_are(self.settings.publish)
        children = {name: self._start(command, env) for name, command in commands.items()}
        while not self._stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    print(
                        f"nextsteps: the {name} service stopped with status {child.returncode}",
                        file=sys.stderr,
                    )
                    return child.returncode or 1
            time.sleep(0.2)
        return 0

    def _start(self, command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        child = subprocess.Popen(command, env=env, preexec_fn=die_with_parent)  # noqa: PLW1509
        self._children.append(child)
        return child

    def _trap_signals(self) -> dict[int, signal.Handlers | int | None]:
        def stop(number: int, _frame: FrameType | None) -> None:
            self._stopping = True

        previous: dict[int, signal.Handlers | int | None] = {}
        for number in (signal.SIGINT, signal.SIGTERM):
            previous[number] = signal.signal(number, stop)  # type: ignore[assignment]
        return previous

    def _stop_children(self) -> None:
        for child in self._children:
            if child.poll() is None:
                child.terminate()
        for child in self._children:
            try:
                child.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def _say_where_feeds_are(publish: PublishSettings) -> None:
    if not publish.enabled:
        return
    if publish.port == 0:
        where = f"on {publish.host}, on a free port (the planner's log says which)"
    else:
        where = f"at {listening_address(publish)}{FEEDS_PATH}"
    print(
        f"nextsteps: the planner serves your follow-ups as feeds {where}; "
        "'nextsteps feed url' prints each account's address",
        flush=True,
    )
