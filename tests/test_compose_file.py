"""docker-compose.yml stays honest with no container engine here.

It validates against the Compose Specification's JSON schema (the copy bundled with
check-jsonschema) and, where Debian's docker-compose is installed, `docker-compose config`
accepts it; what it runs, mounts, probes and passes as settings is checked against the code:
the settings' names and defaults, the ops endpoints' paths, the secret files
deploy/compose/make-secrets.sh writes.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import stat
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url
from tests.deployment_files import is_secret, load_with, setting_of

from nextsteps_shared.ops.listener import READYZ
from nextsteps_shared.settings import OpsSettings, PublishSettings

SERVICES = {"nats", "postgres", "ingest", "planner", "cli", "radicale"}
APP_SERVICES = ("ingest", "planner", "cli")
INTERPOLATION = re.compile(r"\$\{([A-Z_]+):-([^}]*)\}")


@pytest.fixture(scope="module")
def compose(repo_root: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((repo_root / "docker-compose.yml").read_text())
    return loaded


@pytest.fixture(scope="module")
def compose_schema() -> dict[str, Any]:
    vendored = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema: dict[str, Any] = json.loads(vendored.joinpath("compose-spec.json").read_text())
    return schema


def _environment(service: dict[str, Any]) -> dict[str, str]:
    """The service's environment with ``${VAR:-default}`` read as its default."""
    return {
        name: INTERPOLATION.sub(lambda m: m.group(2), str(value))
        for name, value in service.get("environment", {}).items()
    }


def test_the_file_follows_the_compose_specification(
    compose: dict[str, Any], compose_schema: dict[str, Any]
) -> None:
    jsonschema.validate(compose, compose_schema)
    broken = copy.deepcopy(compose)
    broken["services"]["ingest"]["depends_onn"] = broken["services"]["ingest"].pop("depends_on")
    with pytest.raises(jsonschema.ValidationError, match="depends_onn"):
        jsonschema.validate(broken, compose_schema)


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_docker_compose_config_accepts_the_file(repo_root: Path) -> None:
    for profile in ([], ["--profile", "demo"]):
        result = subprocess.run(
            ["docker-compose", *profile, "--file", "docker-compose.yml", "config", "--quiet"],
            cwd=repo_root,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_services_and_their_profiles(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == SERVICES
    assert services["radicale"]["profiles"] == ["demo"]
    assert services["cli"]["profiles"] == ["cli"]  # started by `docker compose run` only
    for name in ("nats", "postgres", "ingest", "planner"):
        assert "profiles" not in services[name], f"{name} must start by default"


def test_nats_runs_jetstream_with_its_store_on_a_named_volume(compose: dict[str, Any]) -> None:
    nats = compose["services"]["nats"]
    assert re.fullmatch(r"nats:\d+\.\d+(\.\d+)?-alpine", nats["image"])
    command = nats["command"]
    assert "--jetstream" in command
    store = command[command.index("--store_dir") + 1]
    assert f"nats-data:{store}" in nats["volumes"]
    assert "js-enabled-only=true" in " ".join(nats["healthcheck"]["test"])


def test_images_are_pinned_and_ours_are_built_here(
    compose: dict[str, Any], repo_root: Path
) -> None:
    for name, service in compose["services"].items():
        image = service["image"]
        assert ":" in image and not image.endswith(":latest"), f"{name}: {image} is not pinned"
        if "build" in service:
            context = repo_root / service["build"]["context"]
            dockerfile = context / service["build"].get("dockerfile", "Dockerfile")
            assert dockerfile.is_file(), f"{name}: {dockerfile} is missing"
    assert compose["services"]["ingest"]["build"]["dockerfile"] == "services/ingest/Dockerfile"
    assert compose["services"]["planner"]["build"]["dockerfile"] == "services/planner/Dockerfile"


def test_volumes_are_named_and_declared(compose: dict[str, Any]) -> None:
    used = set()
    for name, service in compose["services"].items():
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            assert not source.startswith((".", "/", "~")), f"{name}: {mount} is a bind mount"
            used.add(source)
    assert used == set(compose["volumes"])


def test_secrets_come_from_files_and_supply_real_settings(compose: dict[str, Any]) -> None:
    declared = compose["secrets"]
    for name, secret in declared.items():
        assert secret["file"] == f"./secrets/{name}"
        if name.startswith("nextsteps_"):
            assert is_secret(name), f"{name} supplies no secret setting"
    for name in ("ingest", "planner"):
        service = compose["services"][name]
        assert set(service["secrets"]) == {"nextsteps_database_url", "nextsteps_encryption_key"}
        for value in _environment(service).values():
            assert not re.search(r"://[^/@]+:[^/@]+@", value), f"{name}: credentials in {value}"
    postgres = compose["services"]["postgres"]
    password_file = postgres["environment"]["POSTGRES_PASSWORD_FILE"]
    assert password_file == f"/run/secrets/{postgres['secrets'][0]}"
    assert set(declared) == {
        s for svc in compose["services"].values() for s in svc.get("secrets", [])
    }


def test_service_environment_names_real_settings_that_load(
    compose: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in APP_SERVICES:
        environment = _environment(compose["services"][name])
        for variable in environment:
            setting_of(variable)
            assert not is_secret(variable) or variable == "NEXTSTEPS_BROKER_URL"
        settings = load_with(environment, tmp_path, monkeypatch)
        assert settings.ops.host == "0.0.0.0"
        broker = settings.broker_url.get_secret_value() if settings.broker_url else ""
        assert broker == "nats://nats:4222" and "nats" in compose["services"]


def test_healthchecks_ask_each_service_whether_it_is_ready(compose: dict[str, Any]) -> None:
    ops = OpsSettings()
    for name, port in (("ingest", ops.ingest_port), ("planner", ops.planner_port)):
        service = compose["services"][name]
        assert f"http://127.0.0.1:{port}{READYZ}" in " ".join(service["healthcheck"]["test"])
        assert service["depends_on"] == {
            "nats": {"condition": "service_healthy"},
            "postgres": {"condition": "service_healthy"},
        }
        assert "stop_grace_period" in service  # time to finish or return in-flight messages
    for name in ("nats", "postgres", "radicale"):
        assert compose["services"][name]["healthcheck"]["test"][0] == "CMD"


def test_the_planner_publishes_its_feeds_on_the_configured_port(compose: dict[str, Any]) -> None:
    planner = compose["services"]["planner"]
    port = PublishSettings().port
    assert f"127.0.0.1:{port}:{port}" in planner["ports"]
    assert _environment(planner)["NEXTSTEPS_PUBLISH__PORT"] == str(port)
    assert _environment(planner)["NEXTSTEPS_PUBLISH__HOST"] == "0.0.0.0"


def test_make_secrets_writes_what_compose_mounts(
    compose: dict[str, Any],
    repo_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "secrets"
    script = repo_root / "deploy/compose/make-secrets.sh"
    first = subprocess.run(["sh", str(script), str(folder)], capture_output=True, check=True)
    assert {p.name for p in folder.iterdir()} == set(compose["secrets"])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    written = {p.name: p.read_text() for p in folder.iterdir()}
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by the containers' users
    again = subprocess.run(["sh", str(script), str(folder)], capture_output=True, check=True)
    assert b"kept" in again.stdout and b"written" in first.stdout
    assert {p.name: p.read_text() for p in folder.iterdir()} == written  # nothing replaced

    url = make_url(written["nextsteps_database_url"].strip())
    postgres = compose["services"]["postgres"]["environment"]
    assert url.password == written["postgres_password"].strip()
    assert (url.host, url.port) == ("postgres", 5432)
    assert (url.username, url.database) == (postgres["POSTGRES_USER"], postgres["POSTGRES_DB"])
    Fernet(written["nextsteps_encryption_key"].strip())  # a real Fernet key

    settings = load_with({"NEXTSTEPS_SECRETS_DIR": str(folder)}, tmp_path, monkeypatch)
    assert settings.database_url is not None and settings.encryption_key is not None
    assert settings.database_url.get_secret_value() == written["nextsteps_database_url"].strip()
    assert settings.encryption_key.get_secret_value() == written["nextsteps_encryption_key"].strip()
