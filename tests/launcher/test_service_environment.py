"""What ``nextsteps run`` hands the services it starts: they see the launcher's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextsteps_launcher.supervisor import service_environment
from nextsteps_shared.settings import load_settings


def test_the_services_log_and_answer_operators_as_the_launcher_was_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told = load_settings(tmp_path, log_format="json", ops={"host": "0.0.0.0", "ingest_port": 0})
    environment = service_environment(told, "nats://127.0.0.1:4222")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    seen = load_settings(tmp_path)
    assert seen.log_format == "json"
    assert seen.ops == told.ops
