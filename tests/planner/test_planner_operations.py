"""The planner as operators see it: ``/readyz`` 503 until its broker, streams and consumer are
there, 200 then; ``/metrics`` counting the follow-ups it wrote and removed, the messages it
answered and the dead letters, and the queue's figures read from JetStream; JSON log lines and a
clean stop of the service as its own process. Against a real nats-server."""

from __future__ import annotations

import asyncio
import json
import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from tests.ops_scrape import LISTENING, get, metrics, value
from tests.planner.planner_world import FAST, PlannerWorld, next_monday

from nextsteps_planner.operations import ops_served
from nextsteps_planner.service import create_app
from nextsteps_shared.bus import create_broker, declare_streams, publish
from nextsteps_shared.messages import Message
from nextsteps_shared.settings import OpsSettings

FREE_PORT = OpsSettings(planner_port=0)


async def _eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    deadline = time.monotonic() + 30
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never: {what}")
        await asyncio.sleep(0.05)


async def _publish(url: str, *messages: Message) -> None:
    await declare_streams(url)
    broker = create_broker(url)
    await broker.connect()
    try:
        for message in messages:
            await publish(broker, message)
    finally:
        await broker.stop()


def test_ready_once_consuming_and_the_metrics_count_what_it_did(
    tmp_path: Path, nats_url: str
) -> None:
    world = PlannerWorld(tmp_path, nats_url)
    world.connect()

    async def scenario() -> dict[str, Any]:
        app = create_app(world.settings, timing=FAST)
        async with ops_served(app, FREE_PORT) as listener:
            port = listener.port
            assert port is not None
            seen: dict[str, Any] = {"not_yet": await get(port, "/readyz")}
            before = await metrics(port)
            stop = asyncio.Event()
            serving = asyncio.create_task(app.run(stop))

            async def ready() -> bool:
                return (await get(port, "/readyz"))[0] == 200

            async def counted(name: str, least: float, **labels: str) -> bool:
                now = value(await metrics(port), name, **labels)
                return now - value(before, name, **labels) >= least

            await _eventually(ready, "ready")
            seen["ready"] = await get(port, "/readyz")
            await _publish(nats_url, world.interview("ops-1", next_monday()))
            written = ("nextsteps_followups_total", 3)
            await _eventually(lambda: counted(*written, action="written"), "follow-ups written")
            await _publish(nats_url, world.removed("ops-1"))
            removed = ("nextsteps_followups_total", 3)
            await _eventually(lambda: counted(*removed, action="removed"), "follow-ups removed")
            await asyncio.to_thread(world.publish_raw, b"this is not a message")
            unreadable = {"where": "message", "kind": "unreadable_message"}
            await _eventually(lambda: counted("nextsteps_errors_total", 1, **unreadable), "read")
            await _eventually(lambda: counted("nextsteps_dead_letters_total", 1), "dead letter")
            seen["after"] = await metrics(port)
            stop.set()
            await asyncio.wait_for(serving, 20)
        seen["before"] = before
        return seen

    seen = asyncio.run(scenario())
    before, after = seen["before"], seen["after"]
    assert seen["not_yet"][0] == 503
    assert seen["not_yet"][1]["not_ready"]["broker"] == "not connected"
    assert set(seen["not_yet"][1]["not_ready"]) == {"broker", "streams", "consumer"}
    assert seen["ready"][1]["checks"] == {
        "database": "ok",
        "broker": "ok",
        "streams": "ok",
        "consumer": "ok",
    }
    moved = value(after, "nextsteps_messages_total", outcome="acked") - value(
        before, "nextsteps_messages_total", outcome="acked"
    )
    assert moved >= 2
    assert value(after, "nextsteps_errors_total", where="message", kind="unreadable_message") >= 1
    pending = value(after, "nextsteps_queue_pending_messages")
    assert not math.isnan(pending) and pending >= 0
    assert ("nextsteps_queue_unacknowledged_messages", ()) in after


def _lines(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_the_service_process_logs_json_answers_probes_and_stops_cleanly(
    tmp_path: Path, nats_url: str
) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEXTSTEPS_")}
    environment |= {
        "NEXTSTEPS_BROKER_URL": nats_url,
        "NEXTSTEPS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "NEXTSTEPS_LOG_FORMAT": "json",
        "NEXTSTEPS_PUBLISH__PORT": "0",
        "NEXTSTEPS_OPS__PLANNER_PORT": "0",
    }
    log = tmp_path / "planner.log"
    command = [sys.executable, "-m", "nextsteps_planner.main", "--data-dir", str(tmp_path / "d")]
    with log.open("w") as sink:
        service = subprocess.Popen(command, env=environment, stderr=sink)
    try:
        port = _ops_port(log, service)
        alive = asyncio.run(get(port, "/healthz"))
        ready = _ready(port)
        service.send_signal(signal.SIGTERM)
        status = service.wait(timeout=30)
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()

    assert alive == (200, {"status": "alive", "service": "planner"})
    assert ready[0] == 200, ready
    assert status == 0
    lines = _lines(log)
    assert {line["service"] for line in lines} == {"planner"}
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    assert environment["NEXTSTEPS_ENCRYPTION_KEY"] not in log.read_text()


def _ops_port(log: Path, service: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and service.poll() is None:
        for line in _lines(log):
            if found := LISTENING.search(line["message"]):
                return int(found[1])
        time.sleep(0.05)
    raise AssertionError(f"no ops port in the log: {log.read_text()}")


def _ready(port: int) -> tuple[int, Any]:
    deadline = time.monotonic() + 30
    while True:
        answer = asyncio.run(get(port, "/readyz"))
        if answer[0] == 200 or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)
