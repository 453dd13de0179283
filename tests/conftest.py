"""Test-wide fixtures: paths of the workspace and of the shared handouts beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The workspace root (where pyproject.toml is)."""
    return REPO_ROOT


# Real servers (Radicale, Xandikos) on free loopback ports: fixtures in tests/servers/plugin.py;
# the state database on SQLite and PostgreSQL: tests/servers/databases.py; the brokers (NATS,
# RabbitMQ, Redis): tests/servers/brokers.py.
pytest_plugins = ["tests.servers.plugin", "tests.servers.databases", "tests.servers.brokers"]
