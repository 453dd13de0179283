"""What a benchmark's processes cost, read from /proc: CPU seconds, resident memory, and how
busy the whole machine was meanwhile (other work on it included).

:class:`ProcessMeter` is sampled now and then (``sample()``) while named processes run; a
:class:`Window` between two moments then says each one's CPU per wall second, its median
resident set and its peak (``VmHWM``, the kernel's own high-water mark).
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Reading:
    """One process at one moment: CPU seconds so far, resident and peak resident MiB."""

    cpu: float
    rss: float
    hwm: float


@dataclass(frozen=True)
class Sample:
    """Every named process (those still alive) and the machine's busy CPU seconds, at ``at``
    (wall clock, ``time.time()``)."""

    at: float
    machine: float
    processes: dict[str, Reading]


def read_process(pid: int) -> Reading | None:
    """The process' CPU seconds (user + system, its threads included) and memory; None when
    it has exited."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat.rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14, 15)
    memory = {
        line.split(":")[0]: int(line.split()[1]) / 1024
        for line in status.splitlines()
        if line.startswith(("VmRSS:", "VmHWM:"))
    }
    if "VmHWM" not in memory:
        return None  # exited, not reaped yet (a zombie has no memory left to read)
    return Reading(cpu, memory.get("VmRSS", 0.0), memory["VmHWM"])


def machine_busy() -> float:
    """CPU seconds the machine spent on anything but idle and I/O wait, since boot."""
    line = Path("/proc/stat").read_text().splitlines()[0].split()
    ticks = [int(value) for value in line[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / _TICK


def child_pids(contains: str) -> list[int]:
    """This process' children whose command line contains ``contains``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        if parent == os.getpid() and contains in command:
            found.append(int(entry.name))
    return found


@dataclass
class ProcessMeter:
    """Samples of named processes over time."""

    pids: dict[str, int] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)

    def watch(self, name: str, pid: int) -> None:
        self.pids[name] = pid

    def forget(self, name: str) -> None:
        self.pids.pop(name, None)

    def sample(self) -> Sample:
        readings = {name: read_process(pid) for name, pid in self.pids.items()}
        taken = Sample(
            time.time(),
            machine_busy(),
            {name: reading for name, reading in readings.items() if reading is not None},
        )
        self.samples.append(taken)
        return taken

    def window(self, start: float, end: float) -> Window:
        """The samples from the last one at or before ``start`` to the first at or after
        ``end`` (all of them when the window is wider than what was sampled)."""
        first = max((i for i, s in enumerate(self.samples) if s.at <= start), default=0)
        last = min(
            (i for i, s in enumerate(self.samples) if s.at >= end), default=len(self.samples) - 1
        )
        return Window(self.samples[first : last + 1])


@dataclass(frozen=True)
class Window:
    """Consecutive samples: what each process cost between the first and the last."""

    samples: list[Sample]

    @property
    def seconds(self) -> float:
        return self.samples[-1].at - self.samples[0].at

    def cpu(self, name: str) -> float:
        """CPU seconds per wall second (1.0: one core busy all along)."""
        present = [s.processes[name] for s in self.samples if name in s.processes]
        if len(present) < 2 or self.seconds <= 0:
            return float("nan")
        return (present[-1].cpu - present[0].cpu) / self.seconds

    def machine(self) -> float:
        """Cores the whole machine kept busy on average (anything running on it)."""
        return (self.samples[-1].machine - self.samples[0].machine) / max(self.seconds, 1e-9)

    def rss(self, name: str) -> float:
        """Median resident MiB."""
        values = [s.processes[name].rss for s in self.samples if name in s.processes]
        return statistics.median(values) if values else float("nan")

    def peak(self, name: str) -> float:
        """Peak resident MiB since the process started (its last VmHWM seen)."""
        values = [s.processes[name].hwm for s in self.samples if name in s.processes]
        return values[-1] if values else float("nan")
