"""Recognition quality and speed over the labelled fixtures.

Run: ``.venv/bin/python bench/recognition_quality.py [--errors] [--split dev|holdout|blind2]``

Prints precision and recall (whole set, dev split, held-out split and per language), the
accuracy of company, role and stage on the positives where the fixture states them, and
events/s of ``recognise`` alone over a synthetic calendar with 5% interviews.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.interview import Recognition
from nextsteps_shared.owner import Owner
from nextsteps_shared.people import Person
from nextsteps_shared.recognition import recognise

FIXTURES = Path(__file__).resolve().parent.parent / "tests/fixtures/recognition/events.jsonl"
_START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
_LEGAL = re.compile(r"株式会社|\b(?:gmbh|ag|inc|ltd|llc|sa|srl|bv|plc|corp)\b\.?")


@dataclass(frozen=True)
class Case:
    """One labelled fixture event."""

    id: str
    lang: str
    split: str
    batch: str
    event: CalendarEvent
    owner: Owner
    expected: dict[str, Any]


@dataclass
class Tally:
    """Counts for precision, recall and field accuracy."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def accuracy(self, name: str) -> str:
        right, total = self.fields[name]
        return f"{right}/{total}" if total else "-"


def load_cases(path: Path = FIXTURES) -> list[Case]:
    """Every fixture of the JSON Lines file as a Case."""
    with path.open(encoding="utf-8") as lines:
        return [_case(json.loads(line)) for line in lines if line.strip()]


def _case(row: dict[str, Any]) -> Case:
    event = CalendarEvent(
        uid=row["id"],
        summary=row["summary"],
        description=row["description"],
        location=row.get("location", ""),
        start=_START,
        end=_START + timedelta(hours=1),
        organizer=_person(row["organizer"]) if row.get("organizer") else None,
        attendees=tuple(_person(a) for a in row.get("attendees", ())),
    )
    owner = Owner.build(row["owner"]["addresses"], row["owner"].get("employer_domains", ()))
    batch = row.get("batch", "first")
    return Case(row["id"], row["lang"], row["split"], batch, event, owner, row["expected"])


def _person(spec: dict[str, Any]) -> Person:
    return Person(email=spec["email"], name=spec.get("name"))


def same_name(got: str | None, want: str | None) -> bool:
    """Company/role equality up to case, accents, punctuation and legal form."""
    return _squash(got) == _squash(want)


def _squash(text: str | None) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]", "", _LEGAL.sub("", text))


def tally(cases: Iterable[Case], results: dict[str, Recognition]) -> Tally:
    """Confusion counts and field accuracy of ``results`` against the labels."""
    counts = Tally()
    for case in cases:
        got, want = results[case.id], case.expected
        if want["is_interview"]:
            counts.tp += got.is_interview
            counts.fn += not got.is_interview
            for name in ("company", "role", "stage"):
                if name in want:
                    counts.fields[name][0] += same_name(getattr(got, name), want[name])
                    counts.fields[name][1] += 1
        else:
            counts.fp += got.is_interview
            counts.tn += not got.is_interview
    return counts


def _line(label: str, counts: Tally) -> str:
    return (
        f"{label:<10} n={counts.tp + counts.fp + counts.fn + counts.tn:<4} "
        f"P={counts.precision:.3f} R={counts.recall:.3f}  tp={counts.tp} fp={counts.fp} "
        f"fn={counts.fn}  company={counts.accuracy('company')} role={counts.accuracy('role')} "
        f"stage={counts.accuracy('stage')}"
    )


def report(cases: list[Case], results: dict[str, Recognition]) -> None:
    """Print precision/recall and field accuracy overall, per split and per language."""
    print(_line("all", tally(cases, results)))
    for split in ("dev", "holdout", "blind2"):
        print(_line(split, tally((c for c in cases if c.split == split), results)))
    for batch in dict.fromkeys(c.batch for c in cases):
        print(_line(f"  {batch}", tally((c for c in cases if c.batch == batch), results)))
    for lang in sorted({c.lang for c in cases}):
        print(_line(f"  {lang}", tally((c for c in cases if c.lang == lang), results)))


def errors(cases: list[Case], results: dict[str, Recognition], split: str | None) -> None:
    """Print each misclassified event and each wrong field (for tuning on the dev split)."""
    for case in cases:
        if split and case.split != split:
            continue
        got, want = results[case.id], case.expected
        if got.is_interview != want["is_interview"]:
            print(f"[{case.id}] WANT {want['is_interview']}: {case.event.summary!r} {got.reasons}")
            continue
        for name in ("company", "role", "stage"):
            wrong = name in want and not same_name(getattr(got, name), want[name])
            if want["is_interview"] and wrong:
                print(
                    f"[{case.id}] {name}: got {getattr(got, name)!r} want {want[name]!r}"
                    f"  ({case.event.summary!r})"
                )


def synthetic(cases: list[Case], size: int, hard_share: float, seed: int = 7) -> list[Case]:
    """A calendar of ``size`` events: 5% interviews, ``hard_share`` hard negatives from the
    fixtures, the rest everyday events (a third of them with meeting boilerplate)."""
    rng = random.Random(seed)
    positives = [c for c in cases if c.expected["is_interview"]]
    hard = [c for c in cases if not c.expected["is_interview"]]
    ordinary = list(_ordinary(cases))
    calendar = []
    for _ in range(size):
        draw = rng.random()
        pool = positives if draw < 0.05 else hard if draw < 0.05 + hard_share else ordinary
        calendar.append(rng.choice(pool))
    return calendar


def _ordinary(cases: list[Case]) -> Iterator[Case]:
    """Everyday events (most of a real calendar), many with meeting boilerplate."""
    owner = cases[0].owner
    titles = [
        "Weekly sync",
        "1:1",
        "Lunch",
        "Focus time",
        "Standup",
        "Gym",
        "Dentist",
        "Project review",
        "Team offsite planning",
        "Call with Alex",
        "Dinner w/ Jo",
        "Pick up kids",
        "Budget review",
        "Flight LH 401",
        "Yoga",
        "Book club",
    ]
    boiler = next(c.event.description for c in cases if c.event.summary == "Daily standup")
    for index, title in enumerate(titles * 10):
        description = boiler if index % 3 == 0 else ""
        event = CalendarEvent(
            uid=f"s{index}",
            summary=title,
            description=description,
            start=_START,
            end=_START + timedelta(minutes=30),
        )
        yield Case(f"s{index}", "en", "dev", "synthetic", event, owner, {"is_interview": False})


def _best_rate(calendar: list[Case], work: Callable[[Case], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for case in calendar:
            work(case)
        best = min(best, time.perf_counter() - started)
    return len(calendar) / best


def speed(cases: list[Case], size: int) -> None:
    """Print events/s of recognise() alone, and against a baseline that only lower-cases."""
    for label, hard_share in (("typical", 0.15), ("hard", 0.95)):
        calendar = synthetic(cases, size, hard_share)
        rate = _best_rate(calendar, lambda c: recognise(c.event, c.owner))
        floor = _best_rate(
            calendar, lambda c: (c.event.summary.lower(), c.event.description.lower())
        )
        print(
            f"speed      {label:<8} recognise(): {rate:>9,.0f} events/s  "
            f"(baseline lower() only: {floor:,.0f}/s, ratio {rate / floor:.2f}; {size:,} events,"
            f" 5% interviews, {hard_share:.0%} hard negatives, one core)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list misclassified events")
    parser.add_argument(
        "--split", choices=("dev", "holdout", "blind2"), help="only errors of one split"
    )
    parser.add_argument("--events", type=int, default=100_000, help="synthetic calendar size")
    args = parser.parse_args()
    cases = load_cases()
    results = {case.id: recognise(case.event, case.owner) for case in cases}
    report(cases, results)
    if args.errors:
        errors(cases, results, args.split)
    speed(cases, args.events)


if __name__ == "__main__":
    main()
