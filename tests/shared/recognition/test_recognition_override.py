"""The owner's word wins: #interview / #not-interview override the judgement."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.owner import Owner
from nextsteps_shared.recognition import recognise

OWNER = Owner.build(["sam@gmail.com"], ["northwind.io"])


@pytest.mark.parametrize(
    ("summary", "description"),
    [
        ("Coffee with Dana", "#interview"),
        ("Coffee with Dana", "She might hire me. #Interview\nmore notes"),
        ("Coffee with Dana #INTERVIEW", ""),
        ("Lunch at Globex", "notes...\n\n#interview"),
    ],
)
def test_interview_tag_makes_an_interview(
    summary: str, description: str, make_event: Callable[..., CalendarEvent]
) -> None:
    result = recognise(make_event(summary, description, organizer="dana@globex.com"), OWNER)
    assert result.is_interview
    assert result.overridden
    assert result.company == "Globex"


@pytest.mark.parametrize(
    ("summary", "description"),
    [
        ("Interview with Acme - Backend Engineer", "#not-interview"),
        ("Phone screen - Stripe", "it was a sales pitch #NOT-INTERVIEW"),
        ("Final round @ Datadog #not-interview", ""),
        ("Vorstellungsgespräch bei Acme", "#not_interview"),
    ],
)
def test_not_interview_tag_wins(
    summary: str, description: str, make_event: Callable[..., CalendarEvent]
) -> None:
    result = recognise(make_event(summary, description), OWNER)
    assert not result.is_interview
    assert result.overridden


def test_tag_overrides_the_hiring_side_rule(make_event: Callable[..., CalendarEvent]) -> None:
    event = make_event("Interview: Priya <> Northwind", "#interview", organizer="hr@northwind.io")
    assert recognise(event, OWNER).is_interview


def test_without_a_tag_nothing_is_overridden(make_event: Callable[..., CalendarEvent]) -> None:
    result = recognise(make_event("Phone screen - Stripe"), OWNER)
    assert result.is_interview
    assert not result.overridden
    assert not recognise(make_event("Dentist"), OWNER).overridden


def test_a_hashtag_that_is_not_ours_is_ignored(make_event: Callable[..., CalendarEvent]) -> None:
    assert not recognise(make_event("Standup", "#interviewprep later"), OWNER).is_interview
