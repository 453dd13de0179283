"""``broker_replicas``: the streams kept on several servers of a real 3-node JetStream cluster
(as deploy/kubernetes runs it), and refused clearly by a server that is not clustered."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest
from nats.js.errors import ServiceUnavailableError

from nextsteps_shared.bus import declare_streams
from nextsteps_shared.embedded_nats import free_port, nats_server_binary
from nextsteps_shared.errors import SettingsError
from nextsteps_shared.subjects import DEAD_STREAM, STREAM

CLUSTER_SIZE = 3
FORMED_WITHIN_S = 60.0


def _config(name: str, client: int, route: int, routes: list[int], store: Path) -> str:
    others = ", ".join(f"nats-route://127.0.0.1:{port}" for port in routes if port != route)
    return (
        f"server_name: {name}\nlisten: 127.0.0.1:{client}\n"
        f'jetstream {{ store_dir: "{store}", max_file_store: 4GB, max_memory_store: 64MB }}\n'
        f"cluster {{ name: nextsteps, listen: 127.0.0.1:{route}, routes: [{others}] }}\n"
    )


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[list[str]]:
    """Three nats-servers routed to each other; their client URLs."""
    clients = [free_port() for _ in range(CLUSTER_SIZE)]
    routes = [free_port() for _ in range(CLUSTER_SIZE)]
    servers = []
    for number in range(CLUSTER_SIZE):
        config = tmp_path / f"n{number}.conf"
        store = tmp_path / f"n{number}"
        config.write_text(_config(f"n{number}", clients[number], routes[number], routes, store))
        command = [str(nats_server_binary()), "-c", str(config)]
        log = (tmp_path / f"n{number}.log").open("wb")
        servers.append(subprocess.Popen(command, stderr=log))
    try:
        yield [f"nats://127.0.0.1:{port}" for port in clients]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


async def _declared_when_formed(url: str, replicas: int) -> None:
    """Declare once the cluster has elected its JetStream leader (503 until then)."""
    deadline = time.monotonic() + FORMED_WITHIN_S
    while True:
        try:
            await declare_streams(url, timeout=10, replicas=replicas)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def _replicas_of(url: str, stream: str) -> tuple[int, int]:
    """The stream's configured replicas, and how many servers hold it (leader + followers)."""
    client = await nats.connect(url)
    try:
        for _ in range(40):
            try:
                info = await client.jetstream().stream_info(stream)
            except ServiceUnavailableError:
                await asyncio.sleep(0.25)
                continue
            held = 1 + len(info.cluster.replicas or []) if info.cluster else 1
            if held == info.config.num_replicas:
                break
            await asyncio.sleep(0.25)
        return info.config.num_replicas or 1, held
    finally:
        await client.close()


def test_streams_are_kept_on_three_servers_of_a_cluster(cluster: list[str]) -> None:
    asyncio.run(_declared_when_formed(cluster[0], CLUSTER_SIZE))
    for stream in (STREAM, DEAD_STREAM):
        assert asyncio.run(_replicas_of(cluster[2], stream)) == (CLUSTER_SIZE, CLUSTER_SIZE)


def test_a_server_without_a_cluster_refuses_replicas_by_name(nats_url: str) -> None:
    with pytest.raises(SettingsError, match="broker_replicas"):
        asyncio.run(declare_streams(nats_url, timeout=10, replicas=CLUSTER_SIZE))
