"""Ingest as operators see it: ``/readyz`` 503 until the broker is connected (and while it is
away), 200 when it is; ``/metrics`` moving after a real sync; JSON log lines; a clean stop.
Against the real service, a real nats-server, a memory calendar in process and Radicale for the
service run as its own process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.ingest.calendar_texts import interview, ordinary, soon
from tests.ingest.ingest_harness import KEY, OWNER, OwnerCalendar, connect, ingest_settings
from tests.ops_scrape import LISTENING, Samples, get, metrics, value
from tests.servers.dav_servers import DavServer

from nextsteps_ingest.operations import ops_served
from nextsteps_ingest.service import create_app
from nextsteps_shared.embedded_nats import EmbeddedNats
from nextsteps_shared.settings import OpsSettings

UID = "5e1f-brightwave-ops@ats.example"
FREE_PORT = OpsSettings(ingest_port=0)


def _moved(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def test_ready_once_connected_and_the_metrics_move_after_a_real_sync(
    tmp_path: Path, nats_url: str
) -> None:
    settings = ingest_settings(tmp_path / "data", nats_url)
    calendar = OwnerCalendar.fresh("memory", None)
    calendar.store("ops.ics", interview(UID, soon()))
    calendar.store("gym.ics", ordinary("gym-4711@fastmail.com", soon(1), "Climbing gym"))
    connect(settings, calendar)

    async def scenario() -> tuple[tuple[int, Any], tuple[int, Any], Samples, Samples]:
        app = create_app(settings)
        async with ops_served(app, FREE_PORT) as listener:
            assert listener.port is not None
            not_yet = await get(listener.port, "/readyz")
            before = await metrics(listener.port)
            await app.start()
            try:
                ready = await get(listener.port, "/readyz")
                await app.poll_round()
                after = await metrics(listener.port)
            finally:
                await app.close()
        return not_yet, ready, before, after

    not_yet, ready, before, after = asyncio.run(scenario())
    assert not_yet[0] == 503
    assert not_yet[1]["not_ready"] == {
        "database": "not opened yet",
        "broker": "not connected",
        "streams": "unknown: the broker is not connected",
    }
    assert ready == (200, {"status": "ready", "service": "ingest", "checks": ready[1]["checks"]})
    assert set(ready[1]["checks"].values()) == {"ok"}
    assert _moved(before, after, "nextsteps_events_read_total", kind="memory") == 2
    assert _moved(before, after, "nextsteps_interviews_recognised_total", kind="memory") == 1
    assert _moved(before, after, "nextsteps_poll_lag_seconds_count", kind="memory") == 1
    assert _moved(before, after, "nextsteps_poll_lag_seconds_bucket", kind="memory", le="+Inf") == 1


def _environment(broker: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("NEXTSTEPS_")}
    return {
        **keep,
        "NEXTSTEPS_BROKER_URL": broker,
        "NEXTSTEPS_ENCRYPTION_KEY": KEY,
        "NEXTSTEPS_OWNER__ADDRESSES": f'["{OWNER}"]',
        "NEXTSTEPS_NO_KEYRING": "1",
        "NEXTSTEPS_LOG_FORMAT": "json",
        "NEXTSTEPS_OPS__INGEST_PORT": "0",
    }


def _lines(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def _ops_port(log: Path, service: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and service.poll() is None:
        for line in _lines(log) if log.exists() else []:
            if found := LISTENING.search(line["message"]):
                return int(found[1])
        time.sleep(0.05)
    raise AssertionError(f"no ops port in the log: {log.read_text()}")


def _until(port: int, status: int, deadline_s: float = 20) -> tuple[int, Any]:
    deadline = time.monotonic() + deadline_s
    while True:
        answer = asyncio.run(get(port, "/readyz"))
        if answer[0] == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


def test_the_service_is_unready_while_the_broker_is_away_and_logs_json(
    radicale_server: DavServer, tmp_path: Path
) -> None:
    broker = EmbeddedNats(tmp_path / "broker")
    broker.start()
    settings = ingest_settings(tmp_path / "data", broker.url)
    calendar = OwnerCalendar.fresh("radicale", radicale_server)
    calendar.store("ops.ics", interview(UID, soon()))
    connect(settings, calendar)
    log = tmp_path / "ingest.log"
    command = [sys.executable, "-m", "nextsteps_ingest.main", "--data-dir", str(settings.data_dir)]
    with log.open("w") as sink:
        service = subprocess.Popen(
            [*command, "--poll-interval", "0.5"], env=_environment(broker.url), stderr=sink
        )
    try:
        port = _ops_port(log, service)
        ready = _until(port, 200)
        synced = _wait_for_sync(port)
        broker.stop()
        away = _until(port, 503)
        broker.start()
        back = _until(port, 200)
        service.send_signal(signal.SIGTERM)
        status = service.wait(timeout=20)
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()
        broker.stop()

    assert ready[0] == 200
    assert synced["interviews"] == 1 and synced["events"] >= 1 and synced["polls"] >= 1
    assert away[0] == 503 and away[1]["not_ready"]["broker"] == "not connected"
    assert back[0] == 200
    assert status == 0
    lines = _lines(log)  # every line is one JSON object
    assert {"time", "level", "logger", "service", "message"} <= set(lines[0])
    assert any(line["message"] == "ingest stopped" for line in lines)
    assert radicale_server.password is not None
    assert radicale_server.password not in log.read_text()
    assert KEY not in log.read_text()


def _wait_for_sync(port: int) -> dict[str, float]:
    """The service's own figures of its CalDAV polls, once it has recognised the interview."""
    deadline = time.monotonic() + 30
    while True:
        samples = asyncio.run(metrics(port))
        caldav = (("kind", "caldav"),)
        figures = {
            "events": samples.get(("nextsteps_events_read_total", caldav), 0.0),
            "interviews": samples.get(("nextsteps_interviews_recognised_total", caldav), 0.0),
            "polls": samples.get(("nextsteps_poll_lag_seconds_count", caldav), 0.0),
        }
        if figures["interviews"] or time.monotonic() > deadline:
            return figures
        time.sleep(0.2)
