"""The rooms stay clear: services never import each other, shared never imports a service.

The rule is import-linter's contracts in pyproject.toml; the second test shows that the same
contracts do fail on a tree that breaks them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("nextsteps_shared", "nextsteps_ingest", "nextsteps_planner", "nextsteps_launcher")


def _lint(cwd: Path, path_entries: list[Path]) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": ":".join(str(p) for p in path_entries), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _source_dirs(root: Path) -> list[Path]:
    return [
        root / "shared/src",
        *(root / f"services/{s}/src" for s in ("ingest", "planner", "launcher")),
    ]


def test_workspace_keeps_its_import_contracts(repo_root: Path) -> None:
    result = _lint(repo_root, _source_dirs(repo_root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_contracts_fail_when_planner_imports_ingest(repo_root: Path, tmp_path: Path) -> None:
    shutil.copy(repo_root / "pyproject.toml", tmp_path / "pyproject.toml")
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "nextsteps_planner" / "sneaky.py").write_text(
        textwrap.dedent("import nextsteps_ingest\n")
    )
    result = _lint(tmp_path, [tmp_path])
    assert result.returncode != 0
    assert "nextsteps_planner.sneaky -> nextsteps_ingest" in result.stdout
