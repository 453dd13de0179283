"""Helpers for the deployment-file tests: reading Dockerfiles, and checking that the NEXTSTEPS_*
names and secret files the deployment files use are real settings whose values load."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo

from nextsteps_shared.settings import ENV_PREFIX, NextstepsSettings, load_settings

SERVICE_DOCKERFILES = {
    "ingest": "services/ingest/Dockerfile",
    "planner": "services/planner/Dockerfile",
}


def setting_of(variable: str) -> FieldInfo:
    """The settings field a ``NEXTSTEPS_A__B`` variable (or ``nextsteps_a`` file) sets."""
    assert variable.upper().startswith(ENV_PREFIX), f"{variable} lacks the {ENV_PREFIX} prefix"
    path = variable[len(ENV_PREFIX) :].lower().split("__")
    model: type[BaseModel] = NextstepsSettings
    for depth, name in enumerate(path):
        assert name in model.model_fields, f"{variable}: {name!r} is no setting of {model.__name__}"
        field = model.model_fields[name]
        if depth == len(path) - 1:
            return field
        assert isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
        model = field.annotation
    raise AssertionError(f"{variable}: no setting named")


def is_secret(variable: str) -> bool:
    """Whether the setting is a SecretStr (never printed, may come from a secret file)."""
    annotation = setting_of(variable).annotation
    return annotation is SecretStr or SecretStr in getattr(annotation, "__args__", ())


def load_with(
    environment: Mapping[str, str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> NextstepsSettings:
    """The settings a process given ``environment`` (and nothing else) would load."""
    monkeypatch.chdir(data_dir)  # no stray .env
    for name in [n for n in os.environ if n.startswith(ENV_PREFIX)]:
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return load_settings(data_dir)


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def instructions(path: Path) -> list[Instruction]:
    """The instructions of a Dockerfile: continuations joined, comments dropped."""
    found: list[Instruction] = []
    pending = ""
    for line in path.read_text().splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        pending += line.rstrip().removesuffix("\\") + " "
        if not line.rstrip().endswith("\\"):
            keyword, _, arguments = pending.strip().partition(" ")
            found.append(Instruction(keyword.upper(), " ".join(arguments.split())))
            pending = ""
    return found


def final_stage(steps: list[Instruction]) -> list[Instruction]:
    last_from = max(i for i, step in enumerate(steps) if step.keyword == "FROM")
    return steps[last_from:]


def arg_defaults(steps: list[Instruction]) -> dict[str, str]:
    defaults = {}
    for step in steps:
        if step.keyword == "ARG" and "=" in step.arguments:
            name, _, value = step.arguments.partition("=")
            defaults[name] = value
    return defaults
