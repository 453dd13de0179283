"""iCalendar texts the owner's calendar holds in the ingest tests (written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.ical.followup_writer import render_followup
from nextsteps_shared.policy import followup_uid

_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fastmail//Calendar 1.0//EN\r\n"
_TAIL = "END:VCALENDAR\r\n"


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def soon(days: int = 3, hour: int = 14) -> datetime:
    """A day ``days`` from now at ``hour`` UTC (whole minutes, like a real invitation)."""
    base = datetime.now(UTC) + timedelta(days=days)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


def interview(
    uid: str,
    start: datetime,
    *,
    description: str = "Video call with Jonas Weber (Head of Data).\\nZoom: https://zoom.us/j/9384",
    status: str | None = None,
    rrule: str | None = None,
    extra: str = "",
) -> str:
    """A recruiter's invitation to an interview with Brightwave, the owner as attendee."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp(start - timedelta(days=7))}",
        f"DTSTART:{stamp(start)}",
        f"DTEND:{stamp(start + timedelta(minutes=45))}",
        "SUMMARY:Interview: Maya Okafor <> Brightwave - Staff Data Engineer",
        f"DESCRIPTION:{description}",
        "ORGANIZER;CN=Lena Hoff:mailto:lena.hoff@brightwave.io",
        "ATTENDEE;CN=Maya Okafor;PARTSTAT=ACCEPTED:mailto:maya.okafor@fastmail.com",
        "ATTENDEE;CN=Jonas Weber;PARTSTAT=ACCEPTED:mailto:jonas.weber@brightwave.io",
    ]
    if status:
        lines.append(f"STATUS:{status}")
    if rrule:
        lines.append(f"RRULE:{rrule}")
    return _HEAD + "\r\n".join(lines) + "\r\n" + extra + "END:VEVENT\r\n" + _TAIL


def ordinary(uid: str, start: datetime, summary: str = "Dentist (Dr. Aydin)") -> str:
    """An event that is no interview."""
    return (
        _HEAD
        + "BEGIN:VEVENT\r\n"
        + f"UID:{uid}\r\nDTSTAMP:{stamp(start)}\r\nDTSTART:{stamp(start)}\r\n"
        + f"DTEND:{stamp(start + timedelta(hours=1))}\r\nSUMMARY:{summary}\r\n"
        + "LOCATION:Praxis am Ring\\, Köln\r\nEND:VEVENT\r\n"
        + _TAIL
    )


def override(uid: str, original: datetime, start: datetime, status: str | None = None) -> str:
    """A moved (or cancelled) instance of the series ``uid``, as its own VEVENT block."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"RECURRENCE-ID:{stamp(original)}",
        f"DTSTAMP:{stamp(original - timedelta(days=7))}",
        f"DTSTART:{stamp(start)}",
        f"DTEND:{stamp(start + timedelta(minutes=45))}",
        "SUMMARY:Interview: Maya Okafor <> Brightwave - Staff Data Engineer",
        "DESCRIPTION:Weekly pairing session with the data team (part of the trial week).",
        "ORGANIZER;CN=Lena Hoff:mailto:lena.hoff@brightwave.io",
        "ATTENDEE;CN=Maya Okafor;PARTSTAT=ACCEPTED:mailto:maya.okafor@fastmail.com",
    ]
    if status:
        lines.append(f"STATUS:{status}")
    return "\r\n".join(lines) + "\r\nEND:VEVENT\r\n"


def series(uid: str, start: datetime, *blocks: str) -> str:
    """A weekly interview series (four sessions) with override blocks in the same object."""
    master = interview(uid, start, rrule="FREQ=WEEKLY;COUNT=4")
    return master.removesuffix(_TAIL) + "".join(blocks) + _TAIL


def followup(interview_key: str, start: datetime) -> FollowUp:
    """The "Follow up now" nextsteps would have written for an interview."""
    return FollowUp(
        uid=followup_uid(interview_key, FollowUpKind.FOLLOW_UP, 0),
        kind=FollowUpKind.FOLLOW_UP,
        interview_key=interview_key,
        start=start,
        end=start + timedelta(minutes=15),
        timezone="Europe/Berlin",
        summary="Follow up now: Brightwave - Staff Data Engineer interview",
        description="Your interview with Brightwave was a week ago. Write to Lena Hoff.",
        contacts=("lena.hoff@brightwave.io",),
        mailto="mailto:lena.hoff@brightwave.io?subject=Staff%20Data%20Engineer",
    )


def written(item: FollowUp) -> str:
    """The follow-up as nextsteps writes it (UID ``...@nextsteps``)."""
    return render_followup(item, datetime.now(UTC))
