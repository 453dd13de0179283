"""A deployment of replicas, driven as an operator runs one: one data directory (or database
URL) shared by every process, one nats-server, accounts connected with the ``nextsteps`` CLI,
and any number of ``nextsteps-ingest`` / ``nextsteps-planner`` processes started through their
entry points with ``NEXTSTEPS_*`` settings, each logging to a file of its own.

Which ingest replica holds which account is read from the broker's lease bucket (a replica's
id carries its process id)."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nats
import nats.js.errors

from nextsteps_shared.subjects import LEASE_ACCOUNT_PREFIX, LEASE_BUCKET

BIN = Path(sys.executable).parent
OWNER = "alice@example.net"


@dataclass
class Replica:
    """One service process of the deployment."""

    service: str  # nextsteps-ingest or nextsteps-planner
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: no clean stop, nothing handed over."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int:
        """SIGTERM and wait: the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(30)


class Fleet:
    """The processes of one deployment and the operator's hands on it."""

    def __init__(self, workdir: Path, broker: str, database: str, lease_seconds: float) -> None:
        self.workdir = workdir
        self.data_dir = workdir / "data"
        self.broker = broker
        self.replicas: list[Replica] = []
        self.env = {
            "PATH": "/usr/bin:/bin",
            "NEXTSTEPS_NO_KEYRING": "1",
            "NEXTSTEPS_DATA_DIR": str(self.data_dir),
            "NEXTSTEPS_DATABASE_URL": database,
            "NEXTSTEPS_BROKER_URL": broker,
            "NEXTSTEPS_LOG_LEVEL": "INFO",
            "NEXTSTEPS_REPLICAS__LEASE_SECONDS": str(lease_seconds),
            "NEXTSTEPS_PUBLISH__PORT": "0",  # every planner its feed server on a free port
            "NEXTSTEPS_OPS__INGEST_PORT": "0",  # and every service its /healthz, /metrics
            "NEXTSTEPS_OPS__PLANNER_PORT": "0",
        }

    def cli(self, *args: str, stdin: str = "") -> str:
        """``nextsteps ARGS``; fails the test on a non-zero status."""
        result = subprocess.run(
            [str(BIN / "nextsteps"), *args, "--data-dir", str(self.data_dir)],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=self.env,
        )
        assert result.returncode == 0, f"nextsteps {args[0]}: {result.stderr[-3000:]}"
        return result.stdout

    def accounts(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.cli("accounts", "--json").splitlines() if line]

    def last_syncs(self) -> dict[str, datetime | None]:
        """Each account's last sync, by account id."""
        return {
            str(a["id"]): datetime.fromisoformat(str(a["last_sync"])) if a["last_sync"] else None
            for a in self.accounts()
        }

    def start(self, service: str, *args: str) -> Replica:
        """Start one more ``service`` process (``nextsteps-ingest`` or ``nextsteps-planner``)."""
        number = sum(r.service == service for r in self.replicas) + 1
        log = self.workdir / f"{service}-{number}.log"
        process = subprocess.Popen(
            [str(BIN / service), "--data-dir", str(self.data_dir), *args],
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            env=self.env,
        )
        replica = Replica(service, process, log)
        self.replicas.append(replica)
        return replica

    def holders(self) -> dict[str, int]:
        """Which ingest process (pid) holds each account's lease now."""
        return asyncio.run(_holders(self.broker))

    def stop_all(self) -> dict[int, int]:
        """SIGTERM every replica still running; their exit statuses by pid."""
        return {r.pid: r.stop() for r in self.replicas if r.process.returncode is None}

    def logs(self) -> str:
        return "\n".join(f"== {r.log.name}\n{r.log.read_text()[-4000:]}" for r in self.replicas)


async def _holders(url: str) -> dict[str, int]:
    client = await nats.connect(url)
    try:
        try:
            bucket = await client.jetstream().key_value(LEASE_BUCKET)
            keys = await bucket.keys()
        except (nats.js.errors.BucketNotFoundError, nats.js.errors.NoKeysError):
            return {}  # no replica started yet, or none holds anything
        found = {}
        for key in keys:
            if key.startswith(LEASE_ACCOUNT_PREFIX):
                try:
                    holder = (await bucket.get(key)).value or b""
                except nats.js.errors.KeyNotFoundError:  # given back meanwhile
                    continue
                found[key.removeprefix(LEASE_ACCOUNT_PREFIX)] = int(holder.split(b"-")[-2])
        return found
    finally:
        await client.close()
