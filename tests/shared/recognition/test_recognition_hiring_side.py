"""The owner on the hiring side is never the candidate: employer domains decide."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.owner import Owner
from nextsteps_shared.recognition import recognise

ATS_INVITE = (
    "Interview: Priya Patel <> Acme - Backend Engineer",
    "Hi,\n\nThanks for interviewing with Acme! Interviewers: Sam (coding).\n\nSent via Greenhouse",
)


def _invite(organizer: str, make_event: Callable[..., CalendarEvent]) -> bool:
    event = make_event(*ATS_INVITE, organizer=organizer, attendees=("priya.p@gmail.com",))
    return recognise(event, OWNER_AT_NORTHWIND).is_interview


OWNER_AT_NORTHWIND = Owner.build(["sam@gmail.com"], ["northwind.io"])


def test_an_outside_company_invitation_is_the_owners_interview(
    make_event: Callable[..., CalendarEvent],
) -> None:
    assert _invite("recruiting@acme.com", make_event)


@pytest.mark.parametrize("organizer", ["recruiting@northwind.io", "hr@eu.northwind.io"])
def test_an_invitation_from_the_owners_employer_is_the_hiring_side(
    organizer: str, make_event: Callable[..., CalendarEvent]
) -> None:
    assert not _invite(organizer, make_event)


def test_employer_inferred_from_a_work_address(make_event: Callable[..., CalendarEvent]) -> None:
    owner = Owner.build(["sam@acme.com"])
    event = make_event(*ATS_INVITE, organizer="coordinator@acme.com", attendees=("sam@acme.com",))
    assert not recognise(event, owner).is_interview
    outsider = Owner.build(["sam@gmail.com"])
    assert recognise(event, outsider).is_interview


def test_owner_organising_with_colleagues_only_is_internal(
    make_event: Callable[..., CalendarEvent],
) -> None:
    owner = Owner.build(["sam@gmail.com", "sam@northwind.io"], ["northwind.io"])
    event = make_event(
        "Phone screen - backend", organizer="sam@northwind.io", attendees=("lee@northwind.io",)
    )
    assert not recognise(event, owner).is_interview


@pytest.mark.parametrize(
    "summary",
    [
        "Interview with candidate John Smith",
        "Candidate debrief - Jane Doe",
        "Hiring committee",
        "Interview loop for Maria Lopez",
        "Scorecard due: Alex Chen",
        "Mock interview with Dave",
        "Interview prep: Stripe",
        "Informational interview with Karen",
        "Podcast interview - The Changelog",
        "User research interview - participant 4",
        "Exit interview",
        "Career fair",
        "Webinar: how to ace your technical interview",
        "Bewerbungsgespräch mit Kandidat Max Müller",
        "Entretien annuel",
        "Entrevista a candidato - Jorge Ruiz",
        "面接官トレーニング",
        "Colloquio con i professori",
    ],
)
def test_hard_negatives(summary: str, make_event: Callable[..., CalendarEvent]) -> None:
    assert not recognise(make_event(summary), Owner.build(["sam@gmail.com"])).is_interview


def test_hiring_side_wording_in_the_description(make_event: Callable[..., CalendarEvent]) -> None:
    event = make_event("Phone screen", "Candidate: Mateo Silva. Please fill in the scorecard.")
    assert not recognise(event, Owner.build(["sam@gmail.com"])).is_interview


def test_owner_named_as_candidate_is_the_candidate(
    make_event: Callable[..., CalendarEvent],
) -> None:
    owner = Owner.build(["sam@gmail.com"])
    event = make_event(
        "Meet the team - Quarry Labs (candidate: Sam Rivera)",
        organizer="talent@quarrylabs.com",
        attendees=("sam@gmail.com",),
        names={"sam@gmail.com": "Sam Rivera"},
    )
    assert recognise(event, owner).is_interview


@pytest.mark.parametrize(
    "summary",
    [
        "Reply to Acme recruiter with availability",
        "Prep notes for tomorrow's interview",
        "Take-home assignment due (Acme)",
        "Vorstellungsgespräche planen",
        "Interviewing Lucy (babysitter)",
        "Entrevista con el pediatra",
        "Colloquio dal commercialista",
        "Final round - trivia night",
    ],
)
def test_to_dos_and_other_peoples_conversations_are_not_interviews(
    summary: str, make_event: Callable[..., CalendarEvent]
) -> None:
    assert not recognise(make_event(summary), Owner.build(["sam@gmail.com"])).is_interview


def test_an_ats_invitation_with_the_owners_colleagues_is_the_hiring_side(
    make_event: Callable[..., CalendarEvent],
) -> None:
    event = make_event(
        "Interview: Daniel Kim <> Northwind - Product Designer",
        "Please review the portfolio beforehand.\n\nScheduled with GoodTime",
        organizer="no-reply@goodtime.io",
        attendees=("sam@gmail.com", "recruiting@northwind.io", "daniel.kim@gmail.com"),
    )
    assert not recognise(event, OWNER_AT_NORTHWIND).is_interview
