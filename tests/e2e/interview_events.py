"""Interview events as a candidate's calendar holds them, with times relative to now (so no
chain is ever stale), written the way calendar clients and schedulers write them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

OWNER = "alice@example.net"


def hours_from_now(hours: float) -> datetime:
    """A whole-hour moment ``hours`` from now (UTC)."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return now + timedelta(hours=hours)


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@dataclass(frozen=True)
class Interview:
    """One interview VEVENT (the owner, ``OWNER``, is the candidate among the attendees)."""

    uid: str
    summary: str
    start: datetime
    organizer: tuple[str, str]  # (name, address)
    minutes: int = 60
    description: str = ""
    location: str = ""
    interviewers: tuple[tuple[str, str], ...] = ()
    status: str = "CONFIRMED"
    sequence: int = 0
    extra: tuple[str, ...] = field(default=())

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    def ics(self) -> str:
        """The object a client would PUT."""
        name, address = self.organizer
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Example Corp.//Calendar Client 4.2//EN",
            "BEGIN:VEVENT",
            f"UID:{self.uid}",
            f"DTSTAMP:{_stamp(datetime.now(UTC))}",
            f"DTSTART:{_stamp(self.start)}",
            f"DTEND:{_stamp(self.end)}",
            f"SEQUENCE:{self.sequence}",
            f"SUMMARY:{_text(self.summary)}",
            f"STATUS:{self.status}",
            f"ORGANIZER;CN={name}:mailto:{address}",
            f"ATTENDEE;CN=Alice Moreau;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:{OWNER}",
            *(f"ATTENDEE;CN={n};PARTSTAT=ACCEPTED:mailto:{a}" for n, a in self.interviewers),
            *([f"LOCATION:{_text(self.location)}"] if self.location else []),
            *([f"DESCRIPTION:{_text(self.description)}"] if self.description else []),
            *self.extra,
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        return "\r\n".join(lines) + "\r\n"

    def moved(self, hours: float) -> Interview:
        """The same interview rescheduled by ``hours`` (the organiser bumps SEQUENCE)."""
        start = self.start + timedelta(hours=hours)
        return replace(self, start=start, sequence=self.sequence + 1)

    def cancelled(self) -> Interview:
        return replace(self, status="CANCELLED", sequence=self.sequence + 1)

    def noted(self, line: str) -> Interview:
        """The owner adds a line to the interview's notes."""
        description = f"{self.description}\n{line}" if self.description else line
        return replace(self, description=description)


def screen(uid: str, company: str, domain: str, start: datetime, notes: str = "") -> Interview:
    """A recruiter phone screen."""
    return Interview(
        uid=uid,
        summary=f"Phone screen with {company} (Talent team)",
        start=start,
        minutes=30,
        organizer=("Priya Natarajan", f"priya.natarajan@{domain}"),
        description=notes or "Dial-in details in the invite. Have the portfolio link ready.",
    )


def onsite(  # noqa: PLR0917 - in the order an invitation reads
    uid: str, company: str, domain: str, role: str, start: datetime, notes: str
) -> Interview:
    """A panel interview with two interviewers."""
    return Interview(
        uid=uid,
        summary=f"Interview: {role} at {company} - panel",
        start=start,
        minutes=90,
        organizer=("Marcus Oyelaran", f"marcus.oyelaran@{domain}"),
        interviewers=(("Hanne Lindqvist", f"hanne.lindqvist@{domain}"),),
        location=f"{company}, 3rd floor, room Kestrel",
        description=notes,
    )


def ordinary(uid: str, summary: str, start: datetime) -> str:
    """An event that is no interview (a dentist's appointment, a dinner)."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp.//Calendar Client 4.2//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{_stamp(datetime.now(UTC))}\r\n"
        f"DTSTART:{_stamp(start)}\r\nDTEND:{_stamp(start + timedelta(hours=1))}\r\n"
        f"SUMMARY:{_text(summary)}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def ends_before_it_starts(uid: str, start: datetime) -> str:
    """A sloppy interview: an export wrote DTEND before DTSTART (servers store it; nextsteps
    keeps it at its start)."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sloppy Export//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{_stamp(datetime.now(UTC))}\r\n"
        f"DTSTART:{_stamp(start)}\r\nDTEND:{_stamp(start - timedelta(hours=2))}\r\n"
        "SUMMARY:Interview with Brightwater Labs - Data Engineer\r\n"
        f"ORGANIZER:mailto:jobs@brightwater-labs.io\r\nATTENDEE:mailto:{OWNER}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
