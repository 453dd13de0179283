"""Who is who on an interview: the employer is never a person, a role never a schedule line."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.owner import Owner
from nextsteps_shared.recognition import recognise

EventMaker = Callable[..., CalendarEvent]
OWNER = Owner.build(["sam.rivera@example.net"], ["northwind.io"])
WORK_OWNER = Owner.build(["dana.okafor@ferncloud.io", "dana.o@gmail.com"])


def test_a_time_prefixed_schedule_line_is_never_the_role(make_event: EventMaker) -> None:
    event = make_event(
        "Lumen Analytics – Final round (onsite loop)",
        "Onsite at Lumen Analytics, Torstraße 140, Berlin.\n"
        "13:00 system design, 14:00 coding, 15:00 hiring manager.",
    )
    result = recognise(event, OWNER)
    assert result.is_interview
    assert result.company == "Lumen Analytics"
    assert result.role is None


def test_a_schedule_line_does_not_hide_a_stated_role(make_event: EventMaker) -> None:
    event = make_event("Acme onsite", "Role: Data Engineer\n10:00 coding\n11:30 hiring manager")
    assert recognise(event, OWNER).role == "Data Engineer"


@pytest.mark.parametrize(
    ("summary", "company", "role"),
    [
        (
            "Vorstellungsgespräch Nordwind Logistik – Teamleitung Data Platform",
            "Nordwind Logistik",
            "Teamleitung Data Platform",
        ),
        (
            "Zweitgespräch Nordwind Logistik - Leitung Einkauf",
            "Nordwind Logistik",
            "Leitung Einkauf",
        ),
        (
            "Llamada con headhunter – puesto de Jefe de Almacén",
            None,
            "Jefe de Almacén",
        ),
    ],
)
def test_company_then_role_after_the_interview_word(
    summary: str, company: str | None, role: str, make_event: EventMaker
) -> None:
    result = recognise(make_event(summary), OWNER)
    assert result.is_interview
    assert (result.company, result.role) == (company, role)


@pytest.mark.parametrize(
    ("summary", "description", "company"),
    [
        ("Chat with Priscilla (Brightpath recruiting)", "", "Brightpath"),
        ("Chat with Priscilla", "about the Senior Data Engineer opening", None),
        ("Screening w/ Kelly from Heron", "for the backend role", "Heron"),
        ("Videollamada con Cristina de Idealista", "fase 1 del proceso de selección", "Idealista"),
        ("Behavioral interview with Ellis (Harbor Freight Tech)", "", "Harbor Freight Tech"),
        ("Interview with Monzo (Backend Engineer)", "", "Monzo"),
        ("Interview with Stripe", "", "Stripe"),
        ("Conversa com recrutadora da Loft", "", "Loft"),
        ("Quick call with Ferro's talent partner", "", "Ferro"),
    ],
)
def test_a_guest_or_recruiter_is_not_the_employer(
    summary: str, description: str, company: str | None, make_event: EventMaker
) -> None:
    result = recognise(make_event(summary, description), OWNER)
    assert result.is_interview
    assert result.company == company


def test_the_owners_name_from_the_attendee_list_is_never_the_company(
    make_event: EventMaker,
) -> None:
    names = {"sam.rivera@example.net": "Sam Rivera"}
    event = make_event(
        "Sam Rivera - HackerRank live", attendees=("sam.rivera@example.net",), names=names
    )
    assert recognise(event, OWNER).company is None


def test_the_owners_name_from_the_address_is_never_the_company(make_event: EventMaker) -> None:
    assert recognise(make_event("Sam / Vercel recruiter"), OWNER).company == "Vercel"
    assert recognise(make_event("Sam Rivera - tech interview"), OWNER).company is None


@pytest.mark.parametrize(
    ("summary", "description", "organizer", "attendees"),
    [
        (  # the owner is listed as an interviewer
            "Ravi Menon – Onsite (Staff Engineer)",
            "Interviewers: Dana Okafor (system design), Priyanka Rao (coding).",
            "scheduling@goodtime.io",
            ("dana.okafor@ferncloud.io",),
        ),
        (  # added to a panel by the own employer's tool
            "Interview Invitation: Omar Haddad – Senior Data Engineer",
            "You have been added to the interview panel.",
            "ferncloud@myworkday.com",
            ("dana.okafor@ferncloud.io",),
        ),
        (  # the owner invites a private person and names them: the owner screens them
            "Phone screen: Marta Silva (SRE)",
            "",
            "dana.okafor@ferncloud.io",
            ("marta.silva@gmail.com",),
        ),
        (  # the owner's own employer named in the title
            "Intro call – Brightwave x Ferncloud partnership",
            "",
            "lisa@brightwave.co",
            ("dana.o@gmail.com",),
        ),
    ],
)
def test_the_owner_on_the_hiring_side(
    summary: str,
    description: str,
    organizer: str,
    attendees: tuple[str, ...],
    make_event: EventMaker,
) -> None:
    names = {"dana.okafor@ferncloud.io": "Dana Okafor", "marta.silva@gmail.com": "Marta Silva"}
    event = make_event(summary, description, organizer, attendees, names)
    assert not recognise(event, WORK_OWNER).is_interview


@pytest.mark.parametrize(
    "summary",
    [
        "US visa interview – consulate",
        "Visumtermin Botschaft (Interview)",
        "ビザ面接 大使館",
        "Entrevista de admisión del colegio (Lucas)",
        "Alumni interview – Princeton applicant",
        "Interview France Inter – chronique numérique",
        "Take-home grading: 3 submissions",
    ],
)
def test_interviews_that_are_not_job_interviews(summary: str, make_event: EventMaker) -> None:
    assert not recognise(make_event(summary), OWNER).is_interview


@pytest.mark.parametrize(
    ("summary", "company", "stage"),
    [
        ("Fallstudie präsentieren – Roland Berger", "Roland Berger", "take_home_review"),
        ("Presentazione caso studio – Bain", "Bain", "take_home_review"),
        ("Presentación del caso práctico – Deloitte", "Deloitte", "take_home_review"),
        ("Mercury Bank - take home walkthrough", "Mercury Bank", "take_home_review"),
        ("Ravenstone final rd", "Ravenstone", "final"),
        ("Proefdag bakkerij Vermeer", "bakkerij Vermeer", None),
    ],
)
def test_rounds_named_by_their_exercise_or_format(
    summary: str, company: str, stage: str | None, make_event: EventMaker
) -> None:
    result = recognise(make_event(summary), OWNER)
    assert result.is_interview
    assert (result.company, result.stage) == (company, stage)


def test_a_title_that_only_names_the_company_with_a_job_description(
    make_event: EventMaker,
) -> None:
    event = make_event("Northgate Capital", "1st interview, quant researcher seat")
    assert recognise(event, OWNER).is_interview
    assert not recognise(make_event("Standup", "#interviewprep later"), OWNER).is_interview
