"""docker-compose.yml stays honest: it parses and runs commands and paths that exist."""

from __future__ import annotations

from pathlib import Path

import yaml


def test_compose_runs_the_installable_packages(repo_root: Path) -> None:
    compose = yaml.safe_load((repo_root / "docker-compose.yml").read_text())
    service = compose["services"]["nextsteps"]
    script = " ".join(service["command"])
    for package in ("./shared", "./services/ingest", "./services/planner", "./services/launcher"):
        assert package in script
        assert (repo_root / package / "pyproject.toml").is_file()
    assert script.endswith("/venv/bin/nextsteps demo")
    assert set(compose["volumes"]) == {v.split(":")[0] for v in service["volumes"][1:]}
