"""Asking a running service's ops listener: a GET, its Prometheus samples, and the port the
service logged it listens on (the tests start services with port 0)."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

LISTENING = re.compile(r"ops: .* on http://127\.0\.0\.1:(\d+)$")

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def get(port: int, path: str) -> tuple[int, Any]:
    """The status and body (parsed when JSON) of ``path`` on the listener at ``port``."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}") as answer,
    ):
        if answer.content_type == "application/json":
            return answer.status, await answer.json()
        return answer.status, await answer.text()


async def metrics(port: int) -> Samples:
    """Every sample of ``/metrics``, by name and labels."""
    status, text = await get(port, "/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sample ``name`` with exactly ``labels``, 0 when absent."""
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)
