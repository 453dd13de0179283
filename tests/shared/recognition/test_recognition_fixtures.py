"""Recognition quality over the labelled fixtures (tests/fixtures/recognition/events.jsonl).

The fixture set is hand-written: tool-generated invitations and terse personal notes in nine
languages, about 40% interviews, many hard negatives. A quarter is a held-out split the rules
were not tuned on; these thresholds apply to the whole set so that a regression fails.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from nextsteps_shared.recognition import recognise
from nextsteps_shared.recognition.prefilter import (
    may_be_interview,
    may_be_interview_before_boilerplate,
)
from nextsteps_shared.recognition.recogniser import _judged

ROOT = Path(__file__).resolve().parents[3]
LANGUAGES = {"en", "de", "fr", "es", "pt", "nl", "it", "pl", "ja"}


def _quality_module() -> ModuleType:
    path = ROOT / "bench" / "recognition_quality.py"
    spec = importlib.util.spec_from_file_location("recognition_quality", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


QUALITY = _quality_module()
CASES = QUALITY.load_cases()
RESULTS = {case.id: recognise(case.event, case.owner) for case in CASES}


def test_fixture_set_is_large_varied_and_split() -> None:
    positives = sum(case.expected["is_interview"] for case in CASES)
    assert len(CASES) >= 400
    assert 0.35 <= positives / len(CASES) <= 0.45
    assert {case.lang for case in CASES} == LANGUAGES
    splits = Counter(case.split for case in CASES)
    assert 0.2 <= splits["holdout"] / (splits["holdout"] + splits["dev"]) <= 0.3
    assert splits["blind2"] >= 400  # later authors' batches, kept apart (see the README)
    per_language = Counter((case.lang, case.expected["is_interview"]) for case in CASES)
    assert all(per_language[(lang, label)] >= 10 for lang in LANGUAGES for label in (True, False))


def test_precision_and_recall_on_the_whole_set() -> None:
    counts = QUALITY.tally(CASES, RESULTS)
    assert counts.precision >= 0.97, f"precision {counts.precision:.3f}"
    assert counts.recall >= 0.95, f"recall {counts.recall:.3f}"


@pytest.mark.parametrize(
    ("split", "precision", "recall"),
    [("dev", 0.98, 0.98), ("holdout", 0.88, 0.93), ("blind2", 0.98, 0.97)],
)
def test_each_split_stays_where_it_was(split: str, precision: float, recall: float) -> None:
    """Regression floors per split (the held-out split was never tuned on: it is lower; blind2
    was measured blind once, then tuned on in general terms)."""
    counts = QUALITY.tally([c for c in CASES if c.split == split], RESULTS)
    assert counts.precision >= precision
    assert counts.recall >= recall


@pytest.mark.parametrize(("name", "floor"), [("company", 0.85), ("role", 0.8), ("stage", 0.9)])
def test_field_accuracy(name: str, floor: float) -> None:
    right, total = QUALITY.tally(CASES, RESULTS).fields[name]
    assert total >= 50
    assert right / total >= floor, f"{name}: {right}/{total}"


def test_prefilter_never_hides_an_interview() -> None:
    """The cheap first pass only drops events the full judgement would also reject."""
    for case in CASES:
        event = case.event
        title, description = event.summary.lower(), event.description.lower()
        if not (may_be_interview(title) or may_be_interview_before_boilerplate(description)):
            assert not _judged(event, case.owner).is_interview, case.id


def test_a_verdict_explains_itself() -> None:
    for case in CASES:
        result = RESULTS[case.id]
        if result.is_interview:
            assert result.reasons
            assert result.score >= 3.0
