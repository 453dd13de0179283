"""Properties of recognise() on arbitrary text."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.owner import Owner
from nextsteps_shared.recognition import STAGES, recognise
from nextsteps_shared.recognition.prefilter import (
    may_be_interview,
    may_be_interview_before_boilerplate,
)
from nextsteps_shared.recognition.recogniser import _judged

OWNER = Owner.build(["sam@gmail.com"], ["northwind.io"])
WORDS = st.sampled_from(
    [
        "Interview",
        "with",
        "Acme",
        "<>",
        "Sam",
        "-",
        "|",
        "Phone screen",
        "candidate",
        "面接",
        "(",
        ")",
        "Entrevista",
        "bei",
        "als",
        "Engineer",
        "#interview",
        "prep",
        "🙂",
        "\n",
        ":",
    ]
)
TEXT = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=12).map(" ".join))


@given(summary=TEXT, description=TEXT)
def test_never_raises_and_is_consistent(
    summary: str, description: str, make_event: Callable[..., CalendarEvent]
) -> None:
    event = make_event(summary, description, organizer="jo@acme-corp.com")
    result = recognise(event, OWNER)
    assert result == recognise(event, OWNER)
    assert result.stage is None or result.stage in STAGES
    if not result.is_interview:
        assert result.company is None
        assert result.role is None


@given(summary=TEXT, description=TEXT)
def test_prefilter_is_safe(
    summary: str, description: str, make_event: Callable[..., CalendarEvent]
) -> None:
    lowered = description.lower()
    if may_be_interview(summary.lower()) or may_be_interview_before_boilerplate(lowered):
        return
    assert not _judged(make_event(summary, description), OWNER).is_interview
