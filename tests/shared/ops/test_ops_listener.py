"""The ops listener over real HTTP: liveness, readiness naming what is not ready, metrics in
the Prometheus text format, a taken port named by its setting."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import aiohttp
import pytest
from prometheus_client import CollectorRegistry, Counter
from prometheus_client.parser import text_string_to_metric_families

from nextsteps_shared.errors import (
    CredentialsRefusedError,
    SettingsError,
    TransientError,
)
from nextsteps_shared.ops.listener import OpsListener
from nextsteps_shared.ops.metrics import error_kind, planner_registry
from nextsteps_shared.ops.readiness import Readiness


async def _get(port: int, path: str, accept: str = "") -> tuple[int, str, Any]:
    async with aiohttp.ClientSession() as session:
        headers = {"Accept": accept} if accept else {}
        async with session.get(f"http://127.0.0.1:{port}{path}", headers=headers) as answer:
            body = await answer.text()
            parsed = await answer.json() if answer.content_type == "application/json" else body
            return answer.status, answer.headers["Content-Type"], parsed


class _Switch:
    """A readiness check the test turns on."""

    def __init__(self) -> None:
        self.on = False

    async def __call__(self) -> str | None:
        return None if self.on else "not connected"


async def _broken() -> str | None:
    raise ConnectionRefusedError("nats://svc:hunter2@nats:4222 refused")


async def _stuck() -> str | None:
    await asyncio.sleep(10)
    return None


def test_readiness_names_each_part_that_is_not_ready_until_it_is() -> None:
    async def scenario() -> list[tuple[int, Any]]:
        broker = _Switch()
        checks = Readiness({"broker": broker, "database": _broken, "slow": _stuck}, timeout=0.2)
        listener = OpsListener("ingest", checks, CollectorRegistry())
        port = await listener.start("127.0.0.1", 0, "ops.ingest_port")
        try:
            alive = await _get(port, "/healthz")
            before = await _get(port, "/readyz")
            broker.on = True
            after = await _get(port, "/readyz")
        finally:
            await listener.stop()
        return [(alive[0], alive[2]), (before[0], before[2]), (after[0], after[2])]

    alive, before, after = asyncio.run(scenario())
    assert alive == (200, {"status": "alive", "service": "ingest"})
    assert before[0] == 503
    assert before[1]["status"] == "not ready"
    assert before[1]["not_ready"] == {
        "broker": "not connected",
        "database": "ConnectionRefusedError: nats://svc:***@nats:4222 refused",
        "slow": "no answer within 0.2 s",
    }
    assert after[0] == 503 and set(after[1]["not_ready"]) == {"database", "slow"}


def test_ready_is_200_with_every_check_ok() -> None:
    async def ok() -> str | None:
        return None

    async def scenario() -> tuple[int, str, Any]:
        listener = OpsListener("planner", Readiness({"broker": ok}), CollectorRegistry())
        port = await listener.start("127.0.0.1", 0, "ops.planner_port")
        try:
            return await _get(port, "/readyz")
        finally:
            await listener.stop()

    status, _, body = asyncio.run(scenario())
    assert (status, body["status"], body["checks"]) == (200, "ready", {"broker": "ok"})


def test_metrics_are_served_after_the_scrape_hook_ran() -> None:
    registry = CollectorRegistry()
    scrapes = Counter("nextsteps_test_scrapes", "Scrapes seen.", registry=registry)

    async def before_scrape() -> None:
        scrapes.inc()

    async def scenario() -> list[tuple[int, str, Any]]:
        listener = OpsListener("planner", Readiness({}), registry, before_scrape=before_scrape)
        port = await listener.start("127.0.0.1", 0, "ops.planner_port")
        try:
            text = await _get(port, "/metrics")
            open_metrics = await _get(port, "/metrics", "application/openmetrics-text")
            return [text, open_metrics]
        finally:
            await listener.stop()

    text, open_metrics = asyncio.run(scenario())
    assert text[0] == 200 and text[1].startswith("text/plain")
    samples = {s.name: s.value for f in text_string_to_metric_families(text[2]) for s in f.samples}
    assert samples["nextsteps_test_scrapes_total"] == 1.0
    assert open_metrics[1].startswith("application/openmetrics-text")
    assert "nextsteps_test_scrapes_total 2.0" in open_metrics[2]


def test_a_taken_port_is_a_settings_error_naming_the_setting() -> None:
    async def scenario(port: int) -> None:
        listener = OpsListener("ingest", Readiness({}), CollectorRegistry())
        await listener.start("127.0.0.1", port, "ops.ingest_port")

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(SettingsError, match=r"ops\.ingest_port"):
            asyncio.run(scenario(taken.getsockname()[1]))


def test_the_planners_metrics_list_every_action_and_outcome_from_the_start() -> None:
    registry = planner_registry()
    names = {
        (metric.name, tuple(sorted(sample.labels.items())))
        for metric in registry.collect()
        for sample in metric.samples
    }
    assert ("nextsteps_followups", (("action", "written"),)) in {
        (n.removesuffix("_total"), labels) for n, labels in names
    }
    assert any(name == "nextsteps_queue_pending_messages" for name, _ in names)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (CredentialsRefusedError("401"), "credentials_refused"),
        (TransientError("timeout"), "transient"),
        (OSError("boom"), "unexpected"),
    ],
)
def test_errors_are_counted_by_family_never_by_message(error: Exception, kind: str) -> None:
    assert error_kind(error) == kind
