"""Quality of next-steps timing and outcome reading over the labelled notes fixtures.

Run: ``.venv/bin/python bench/notes_quality.py [--show tuning]``. Prints exact-due-date
accuracy per split (tuning / holdout / blind2-7) and per language, outcome accuracy, and
the reading speed. ``--show tuning`` (or a blind split, once its blind score was recorded) lists the
notes read wrongly (the held-out ones are never listed: they stay unseen while tuning).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from nextsteps_shared.notes import find_outcome, next_steps_due

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "notes" / "notes.jsonl"


_SPLITS = ["tuning", "holdout", *(f"blind{n}" for n in range(2, 8))]


def _load() -> list[dict[str, Any]]:
    with FIXTURES.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _due(row: dict[str, Any]) -> str | None:
    found = next_steps_due(row["text"], date.fromisoformat(row["interview_date"]), row["timezone"])
    return found.isoformat() if found else None


def _report(rows: list[dict[str, Any]], show: str | None) -> None:
    right: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for row in rows:
        got = _due(row)
        key = (row["split"], row["language"])
        total[key] += 1
        right[key] += got == row["due"]
        if got != row["due"] and row["split"] == show:
            text = row["text"].replace("\n", " / ")[:160]
            print(
                f"  {row['id']} {row['interview_date']} {row['timezone']} "
                f"expected {row['due']} got {got}: {text}"
            )
    for split in (*sorted({key[0] for key in total}, key=_SPLITS.index), "all"):
        keys = [key for key in total if split in ("all", key[0])]
        ok, n = sum(right[k] for k in keys), sum(total[k] for k in keys)
        langs = sorted({k[1] for k in keys})
        per = "  ".join(
            f"{lang} {sum(right[k] for k in keys if k[1] == lang)}/"
            f"{sum(total[k] for k in keys if k[1] == lang)}"
            for lang in langs
        )
        print(f"due dates {split:8s} {ok}/{n} = {ok / n:.1%}   {per}")


def _holdout_by_batch(rows: list[dict[str, Any]]) -> None:
    right: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for row in rows:
        if row["split"] == "holdout":
            total[row["batch"]] += 1
            right[row["batch"]] += _due(row) == row["due"]
    print(
        "holdout by batch  "
        + "  ".join(f"#{batch} {right[batch]}/{total[batch]}" for batch in sorted(total))
    )


def _outcomes(rows: list[dict[str, Any]]) -> None:
    ok = 0
    for row in rows:
        found = find_outcome(row["text"])
        ok += (found.value if found else None) == row.get("outcome")
    labelled = sum(1 for row in rows if row.get("outcome"))
    print(
        f"outcomes (all notes, {labelled} with an outcome) {ok}/{len(rows)} = {ok / len(rows):.1%}"
    )


def _speed(rows: list[dict[str, Any]]) -> None:
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        for row in rows:
            _due(row)
    elapsed = time.perf_counter() - started
    print(
        f"speed: {rounds * len(rows) / elapsed:,.0f} notes/s "
        f"({elapsed / (rounds * len(rows)) * 1e6:.0f} µs per note)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--show", choices=_SPLITS[:1] + _SPLITS[2:], help="list wrong readings of a split"
    )
    args = parser.parse_args()
    rows = _load()
    _report(rows, args.show)
    _holdout_by_batch(rows)
    _outcomes(rows)
    _speed(rows)


if __name__ == "__main__":
    main()
