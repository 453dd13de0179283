"""What the pipeline benchmarks share: the repository's test helpers on the import path, the
``nextsteps`` CLI as a person runs it, and percentiles.

The benchmarks reuse the test suite's server fixtures (``tests/servers``: Radicale, Xandikos,
free ports) and planner world (``tests/planner``) rather than copying them; they run as
``.venv/bin/python bench/NAME.py`` from the repository root, where ``tests`` is not on the
path by itself, so :func:`use_test_helpers` puts the root there before they are imported.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("nextsteps")
CLI_ENV = {"NEXTSTEPS_NO_KEYRING": "1", "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"}


def use_test_helpers() -> None:
    """Make ``tests.servers`` and ``tests.planner`` importable."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def nextsteps(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``nextsteps ARGS --data-dir DATA_DIR`` to the end; raise when it fails."""
    result = subprocess.run(
        [str(CLI), *args, "--data-dir", str(data_dir)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=CLI_ENV,
    )
    if result.returncode != 0:
        raise SystemExit(f"nextsteps {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result


def connect_caldav(data_dir: Path, base_url: str, calendar: str, user: str, password: str) -> None:
    """``nextsteps connect caldav`` the way a person does it, watching one calendar."""
    nextsteps(
        data_dir,
        "connect",
        "caldav",
        base_url,
        "--username",
        user,
        "--password-stdin",
        "--owner",
        f"{user}@example.net",
        "--watch",
        calendar,
        stdin=f"{password}\n",
    )


@dataclass(frozen=True)
class Run:
    """One whole command, timed: wall seconds and the child's peak RSS in MiB."""

    seconds: float
    peak_mib: float


def timed_command(argv: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run ``argv`` to the end (output discarded) and measure it alone."""
    with tempfile.TemporaryFile() as errors:  # a pipe could fill up and stall the child
        start = time.perf_counter()
        child = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=env or CLI_ENV,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            said = errors.read().decode(errors="replace")
            raise SystemExit(f"{argv[0]} failed ({status}):\n{said[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
