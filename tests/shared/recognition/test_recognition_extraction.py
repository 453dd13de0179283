"""Company, role and stage extraction."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.owner import Owner
from nextsteps_shared.recognition import STAGES, recognise

OWNER = Owner.build(["sam@gmail.com"], ["northwind.io"])
NAMES = {"sam@gmail.com": "Sam Rivera"}


@pytest.mark.parametrize(
    ("summary", "company", "role"),
    [
        (
            "Interview: Sam Rivera <> Acme - Senior Backend Engineer",
            "Acme",
            "Senior Backend Engineer",
        ),
        ("Acme | Senior Engineer | Phone Screen", "Acme", "Senior Engineer"),
        ("Interview with Acme for Product Designer", "Acme", "Product Designer"),
        ("Acme - Interview (Backend Engineer)", "Acme", "Backend Engineer"),
        ("Vorstellungsgespräch bei Acme als Data Scientist", "Acme", "Data Scientist"),
        (
            "Entretien technique - BlaBlaCar (Développeur Back-end)",
            "BlaBlaCar",
            "Développeur Back-end",
        ),
        ("Entrevista con RR.HH. (Cabify) – Analista de Datos", "Cabify", "Analista de Datos"),
        ("Phone screen - Stripe", "Stripe", None),
        ("final round @ datadog 🤞", "datadog", None),
        ("一次面接（株式会社メルカリ）", "株式会社メルカリ", None),
        ("Sollicitatiegesprek bij Coolblue", "Coolblue", None),
    ],
)
def test_company_and_role_from_the_title(
    summary: str, company: str, role: str | None, make_event: Callable[..., CalendarEvent]
) -> None:
    event = make_event(summary, attendees=("sam@gmail.com",), names=NAMES)
    result = recognise(event, OWNER)
    assert result.is_interview
    assert result.company == company
    assert result.role == role


def test_title_wins_over_the_domain(make_event: Callable[..., CalendarEvent]) -> None:
    event = make_event("Interview with Acme", organizer="jo@acme-holdings.com")
    assert recognise(event, OWNER).company == "Acme"


def test_company_from_a_hyphenated_domain_made_readable(
    make_event: Callable[..., CalendarEvent],
) -> None:
    event = make_event("Technical interview", organizer="jo@acme-corp.com")
    assert recognise(event, OWNER).company == "Acme Corp"


def test_company_as_the_description_writes_it(make_event: Callable[..., CalendarEvent]) -> None:
    event = make_event(
        "Screening call",
        "Thanks for applying to the Customer Success Manager role at Lumen Path.",
        organizer="careers@lumenpath.com",
    )
    result = recognise(event, OWNER)
    assert result.company == "Lumen Path"
    assert result.role == "Customer Success Manager"


@pytest.mark.parametrize(
    "organizer",
    ["recruiter@gmail.com", "no-reply@greenhouse.io", "x@us.greenhouse-mail.io", "a@northwind.io"],
)
def test_free_mail_ats_and_own_employer_domains_name_no_company(
    organizer: str, make_event: Callable[..., CalendarEvent]
) -> None:
    event = make_event("Interview #interview", organizer=organizer)
    assert recognise(event, OWNER).company is None


def test_company_and_role_from_the_description_alone(
    make_event: Callable[..., CalendarEvent],
) -> None:
    event = make_event(
        "Acme",
        "We're excited to speak with you about the Data Analyst position.",
        organizer="jordan@acmeanalytics.com",
    )
    result = recognise(event, OWNER)
    assert result.is_interview
    assert (result.company, result.role) == ("Acme", "Data Analyst")


@pytest.mark.parametrize(
    ("summary", "stage"),
    [
        ("Phone screen - Stripe", "recruiter_screen"),
        ("HM chat - Plaid", "hiring_manager"),
        ("Technical interview - Mollie", "technical"),
        ("System design interview - Cloudflare", "system_design"),
        ("Take-home review w/ Vercel", "take_home_review"),
        ("Panel interview - Orbital", "panel"),
        ("Virtual onsite - Figma", "onsite"),
        ("Final round @ Datadog", "final"),
        ("Culture fit interview - Marigold", "other"),
        ("最終面接 - LINEヤフー", "final"),
        ("Interview with Acme", None),
    ],
)
def test_stage(summary: str, stage: str | None, make_event: Callable[..., CalendarEvent]) -> None:
    result = recognise(make_event(summary), OWNER)
    assert result.is_interview
    assert result.stage == stage
    assert stage is None or stage in STAGES


def test_a_person_at_a_tool_makers_domain_names_the_employer(
    make_event: Callable[..., CalendarEvent],
) -> None:
    event = make_event("Technical interview", organizer="jo.recruiter@google.com")
    assert recognise(event, OWNER).company == "Google"
    robot = make_event("Technical interview", organizer="calendar-notification@google.com")
    assert recognise(robot, OWNER).company is None


def test_tool_written_pair_with_the_owners_first_name(
    make_event: Callable[..., CalendarEvent],
) -> None:
    event = make_event(
        "Sam x Notion - Software Engineer, Infrastructure",
        "Scheduled via Ashby",
        organizer="no-reply@ashbyhq.com",
        attendees=("sam@gmail.com", "jen@makenotion.com"),
        names=NAMES,
    )
    result = recognise(event, OWNER)
    assert result.is_interview
    assert (result.company, result.role) == ("Notion", "Software Engineer, Infrastructure")
