"""ruff and mypy --strict stay clean over the whole workspace (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
CHECKED = ["shared/src", "services", "tests", "bench"]


def _run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_ruff_is_clean(repo_root: Path) -> None:
    result = _run(str(BIN / "ruff"), "check", *CHECKED, cwd=repo_root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean(repo_root: Path) -> None:
    sources = ["shared/src", "services/ingest/src", "services/planner/src", "services/launcher/src"]
    result = _run(str(BIN / "mypy"), *sources, cwd=repo_root)
    assert result.returncode == 0, result.stdout + result.stderr
