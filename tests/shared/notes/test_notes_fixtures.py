"""Accuracy over the labelled notes in tests/fixtures/notes/notes.jsonl (regressions fail)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from nextsteps_shared.notes import find_outcome, next_steps_due

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notes" / "notes.jsonl"
LANGUAGES = {"en", "de", "fr", "es", "pt", "nl", "it", "pl", "ja"}


def _rows() -> list[dict[str, Any]]:
    with FIXTURES.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _accuracy(rows: list[dict[str, Any]]) -> float:
    right = 0
    for row in rows:
        due = next_steps_due(row["text"], date.fromisoformat(row["interview_date"]),
                             row["timezone"])
        right += (due.isoformat() if due else None) == row["due"]
    return right / len(rows)


def test_fixtures_are_broad_enough() -> None:
    rows = _rows()
    assert len(rows) >= 300
    assert {row["language"] for row in rows} == LANGUAGES
    splits = Counter(row["split"] for row in rows)
    assert set(splits) <= {"tuning", "holdout", *(f"blind{n}" for n in range(2, 8))}
    assert 0.2 <= splits["holdout"] / (splits["tuning"] + splits["holdout"]) <= 0.3
    assert splits["blind2"] >= 200
    assert sum(row["due"] is None for row in rows) >= 50
    assert len({row["id"] for row in rows}) == len(rows)


@pytest.mark.parametrize(
    ("split", "floor"),
    [("tuning", 0.97), ("holdout", 0.92), ("blind2", 0.95), ("blind3", 0.95), ("blind4", 0.92),
     ("blind5", 0.92), ("blind6", 0.92), ("blind7", 0.92)],
)
def test_due_date_accuracy(split: str, floor: float) -> None:
    rows = [row for row in _rows() if row["split"] == split]
    assert _accuracy(rows) >= floor


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_due_date_accuracy_per_language(language: str) -> None:
    rows = [row for row in _rows() if row["language"] == language]
    assert _accuracy(rows) >= 0.9


def test_outcomes_of_fixtures() -> None:
    rows = _rows()
    wrong = [
        row["id"] for row in rows
        if (getattr(find_outcome(row["text"]), "value", None)) != row.get("outcome")
    ]
    assert len(wrong) <= len(rows) * 0.02, wrong
