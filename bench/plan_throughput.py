"""Benchmark: recognition + planning per second, and the whole ``plan`` of a file end to end.

Run: .venv/bin/python bench/plan_throughput.py [--events N]

1. Over already-parsed events of a large synthetic calendar (5% interviews), on one core:
   recognise every event, and for each interview read its notes and plan its follow-ups.
   Baseline in the same run: the cheapest possible classifier (one keyword regex over the
   lower-cased title and description), to show what the real judgement costs on top.
2. The whole ``nextsteps plan FILE --json`` of the same calendar as a file, in a child process:
   seconds, events/s and peak RSS (read inside the child); baseline: icalendar's plain
   ``Calendar.from_ical`` of the same file in a child process.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.interview import Interview
from nextsteps_shared.notes import read_notes
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy import plan_followups
from nextsteps_shared.policy.config import FollowUpPolicy
from nextsteps_shared.recognition import recognise
from synthetic_calendar import OWNER, ZONE, events, to_ical

# Planned as of the calendar's first day, so that no interview is too old to follow up and
# every interview pays the full planning cost.
NOW = datetime(2025, 6, 1, tzinfo=UTC)
KEYWORD = re.compile(r"interview|gespräch|entretien|面接")


def recognise_and_plan(items: list[CalendarEvent], owner: Owner, policy: FollowUpPolicy) -> int:
    """The core of the pipeline over parsed events; returns the number of follow-ups planned."""
    found: list[Interview] = []
    for event in items:
        verdict = recognise(event, owner)
        if verdict.is_interview:
            found.append(Interview(event=event, company=verdict.company, role=verdict.role))
    by_company: dict[str | None, list[Interview]] = defaultdict(list)
    for interview in found:
        by_company[interview.company].append(interview)
    planned = 0
    for interview in found:
        event = interview.event
        notes = read_notes(event.description, event.start.date(), event.timezone)
        others = [i for i in by_company[interview.company] if i is not interview]
        planned += len(plan_followups(interview, notes, others, owner, policy, NOW))
    return planned


def keyword_baseline(items: list[CalendarEvent]) -> int:
    return sum(1 for e in items if KEYWORD.search(f"{e.summary}\n{e.description}".lower()))


def _timed(label: str, count: int, run: object) -> float:
    start = time.process_time()
    result = run() if callable(run) else None
    seconds = time.process_time() - start
    print(f"  {label:<34} {seconds:8.3f} s CPU  {count / seconds:12,.0f} events/s  ({result})")
    return seconds


def core(count: int) -> None:
    items = events(count)
    owner = Owner.build([OWNER], timezone=ZONE)
    policy = FollowUpPolicy()
    print(f"1. recognition + planning over {count:,} parsed events (5% interviews), one core")
    ours = _timed(
        "recognise + notes + plan", count, lambda: recognise_and_plan(items, owner, policy)
    )
    base = _timed("baseline: keyword regex only", count, lambda: keyword_baseline(items))
    print(f"  ratio ours/baseline: {ours / base:.1f}x   target: >= 20,000 events/s")


_MEASURED = (
    "import runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_path(sys.argv[0], run_name='__main__')\n"
    "finally:\n"
    "    status = open('/proc/self/status').read()\n"
    "    peak = int(status.split('VmHWM:')[1].split()[0])\n"
    "    sys.stderr.write(f'peak-rss-kib={peak}\\n')\n"
)


def _child(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a Python script run in a child process. The peak is
    the child's own VmHWM: ru_maxrss would carry the parent's high-water mark over the exec."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv[0]} failed with status {done.returncode}: {done.stderr[-500:]}")
    peak = int(done.stderr.rsplit("peak-rss-kib=", 1)[1].split()[0])
    return seconds, peak / 1024


def end_to_end(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "calendar.ics"
        path.write_text(to_ical(events(count)), encoding="utf-8")
        size = path.stat().st_size / 2**20
        print(f"2. whole `nextsteps plan --json` of a {count:,}-event file ({size:.1f} MiB)")
        cli = Path(sys.executable).with_name("nextsteps")
        plan = [
            str(cli),
            "plan",
            str(path),
            "--owner",
            OWNER,
            "--tz",
            ZONE,
            "--json",
            "--now",
            NOW.isoformat(),
            "--data-dir",
            tmp,
        ]
        script = Path(tmp) / "from_ical.py"
        script.write_text(
            "import sys, icalendar\n"
            "icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read(), multiple=True)\n"
        )
        base = [str(script), str(path)]
        base_s, base_rss = _child(base)
        ours_s, ours_rss = _child(plan)
        print(
            f"  nextsteps plan          {ours_s:8.2f} s  {count / ours_s:10,.0f} events/s"
            f"  peak RSS {ours_rss:6.0f} MiB"
        )
        print(
            f"  baseline icalendar.from_ical {base_s:8.2f} s  {count / base_s:10,.0f} events/s"
            f"  peak RSS {base_rss:6.0f} MiB"
        )
        print(f"  ratio plan/from_ical: {ours_s / base_s:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--file-events", type=int, default=20_000)
    args = parser.parse_args()
    core(args.events)
    end_to_end(args.file_events)


if __name__ == "__main__":
    main()
