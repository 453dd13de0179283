"""A large synthetic calendar for the benchmarks: ordinary life with a share of interviews.

Deterministic for a seed. Produces the events both as CalendarEvent objects (already parsed)
and as iCalendar text (for end-to-end runs of the whole ``plan``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.people import Person

OWNER = "sam.rivera@example.net"
ZONE = "Europe/Berlin"
# A thousand employers: a few interviews each, as a job search spreads over many companies.
_FIRST = ("Lumen", "Nordwind", "Oporto", "Fernwood", "Kestrel", "Brightline", "Vireo", "Tamarind",
          "Quill", "Harbor", "Cobalt", "Juniper", "Meridian", "Saffron", "Granite", "Halcyon",
          "Ivory", "Larch", "Mosaic", "Nimbus", "Orchid", "Pylon", "Quarry", "Rowan", "Sable",
          "Tundra", "Umber", "Vesper", "Willow", "Yarrow", "Zephyr", "Alder", "Birch", "Cedar",
          "Delta", "Ember", "Fjord", "Gale", "Heron", "Iris")  # fmt: skip
_SECOND = ("Analytics", "Logistik", "Robotics", "Health", "Pay", "Studio", "Labs", "Foods",
           "Systems", "Energy", "Capital", "Bio", "Mobility", "Media", "Works", "Cloud",
           "Security", "Retail", "Games", "Insurance", "Freight", "Learning", "Textiles",
           "Travel", "Software")  # fmt: skip
COMPANIES = [f"{first} {second}" for first in _FIRST for second in _SECOND]
ROLES = ["Senior Data Engineer", "Backend Engineer", "Product Analyst", "Engineering Manager"]
INTERVIEWS = [
    (
        "Interview: Sam Rivera <> {c} - {r}",
        "Recruiter screen with the talent team.\n\n"
        "Next steps: hiring manager call, decision by Friday.",
    ),
    (
        "{c} | {r} | Technical interview",
        "Live coding, 60 min.\nNS: feedback within 5 business days",
    ),
    ("Vorstellungsgespräch bei {c} ({r})", "Notizen: Rückmeldung bis Ende nächster Woche."),
    ("Entretien d'embauche - {c}", "Poste : {r}. Réponse d'ici vendredi."),
    ("Final round – {c}", "Onsite loop: system design, coding, hiring manager."),
    ("一次面接（{c}）", "来週中に連絡があるとのこと。"),
]
ORDINARY = [
    ("Team standup", "Daily sync"),
    ("1:1 with Alex", "Weekly check-in"),
    ("Sprint planning", "Planning for sprint 42"),
    ("Dentist", ""),
    ("Gym", ""),
    ("Lunch with Maria", "At the usual place"),
    ("Mock interview with Jo", "Practice run"),
    ("Interview with candidate John Smith", "Scorecard due after the call"),
    ("Podcast interview recording", "Episode 12"),
    ("Webinar: Kubernetes at scale", ""),
    ("Career fair", "Booth 14"),
    ("Birthday party", "Bring a cake"),
]


def _domain(company: str) -> str:
    return company.lower().replace(" ", "-") + ".com"


def _event(n: int, rng: random.Random, start: datetime, share: float) -> CalendarEvent:
    interview = rng.random() < share
    if interview:
        company, role = rng.choice(COMPANIES), rng.choice(ROLES)
        title, notes = rng.choice(INTERVIEWS)
        summary, description = title.format(c=company, r=role), notes.format(c=company, r=role)
        organizer = Person(email=f"recruiting@{_domain(company)}", name="Recruiting")
    else:
        summary, description = rng.choice(ORDINARY)
        organizer = Person(email="alex@example.org", name="Alex")
    return CalendarEvent(
        uid=f"synthetic-{n}@bench",
        summary=summary,
        description=description,
        start=start,
        end=start + timedelta(minutes=rng.choice((30, 45, 60))),
        timezone=ZONE,
        organizer=organizer,
        attendees=(organizer, Person(email=OWNER)),
    )


def events(count: int, share: float = 0.05, seed: int = 7) -> list[CalendarEvent]:
    """``count`` events over the past year and a half, about ``share`` of them interviews."""
    rng = random.Random(seed)
    zone = ZoneInfo(ZONE)
    first = datetime(2025, 6, 2, 8, 0, tzinfo=zone)
    return [
        _event(n, rng, first + timedelta(minutes=37 * n - (37 * n) % 30), share)
        for n in range(count)
    ]


def to_ical(items: list[CalendarEvent]) -> str:
    """The events as one VCALENDAR (TZID references, folded lines are not needed here)."""
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//nextsteps//bench//EN",
            *(_vevent_lines(e) for e in items),
            "END:VCALENDAR",
            "",
        ]
    )


def _vevent_lines(event: CalendarEvent) -> str:
    return "\r\n".join(_vevent(event))


def _vevent(event: CalendarEvent) -> Iterator[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:{event.uid}"
    yield "DTSTAMP:20260101T000000Z"
    yield f"DTSTART;TZID={event.timezone}:{event.start:%Y%m%dT%H%M%S}"
    yield f"DTEND;TZID={event.timezone}:{event.end:%Y%m%dT%H%M%S}"
    yield f"SUMMARY:{_text(event.summary)}"
    if event.description:
        yield f"DESCRIPTION:{_text(event.description)}"
    if event.organizer:
        yield f"ORGANIZER;CN={event.organizer.name}:mailto:{event.organizer.email}"
    for person in event.attendees:
        yield f"ATTENDEE:mailto:{person.email}"
    yield "END:VEVENT"


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
