"""The ``[ops]`` settings: where each service answers operators."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.settings import load_settings


def test_loopback_and_one_port_per_service_by_default(tmp_path: Path) -> None:
    ops = load_settings(tmp_path).ops
    assert (ops.host, ops.ingest_port, ops.planner_port) == ("127.0.0.1", 8472, 8473)


def test_set_by_environment_port_0_meaning_any_free_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTSTEPS_OPS__HOST", "0.0.0.0")
    monkeypatch.setenv("NEXTSTEPS_OPS__PLANNER_PORT", "0")
    ops = load_settings(tmp_path).ops
    assert (ops.host, ops.ingest_port, ops.planner_port) == ("0.0.0.0", 8472, 0)


@pytest.mark.parametrize(
    ("name", "value"),
    [("HOST", "http://0.0.0.0"), ("INGEST_PORT", "70000"), ("PLANNER_PORT", "-1")],
)
def test_bad_values_are_refused_naming_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(f"NEXTSTEPS_OPS__{name}", value)
    with pytest.raises(SettingsError, match=f"ops.{name.lower()}"):
        load_settings(tmp_path)
