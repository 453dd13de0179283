"""The dry run plans a recurring interview as the planner does: from its anchor occurrence,
with the instances the file writes out on their own left out of the series."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from nextsteps_shared.dry_run import dry_run
from nextsteps_shared.followup import FollowUpKind
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy import FollowUpPolicy

BERLIN = ZoneInfo("Europe/Berlin")
OWNER = Owner.build(["maya.okafor@fastmail.com"], timezone="Europe/Berlin")
PEOPLE = (
    "ORGANIZER;CN=Lena Hoff:mailto:lena.hoff@brightwave.io",
    "ATTENDEE;CN=Maya Okafor;PARTSTAT=ACCEPTED:mailto:maya.okafor@fastmail.com",
)


def _calendar(*events: tuple[str, ...]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN"]
    for event in events:
        lines += ["BEGIN:VEVENT", "DTSTAMP:20260220T090000Z", *event, *PEOPLE, "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""]).encode()


SERIES = (
    "UID:pairing@brightwave.io",
    "SUMMARY:Interview: Maya Okafor <> Brightwave - Staff Data Engineer (trial week pairing)",
    "DTSTART;TZID=Europe/Berlin:20260302T100000",
    "DTEND;TZID=Europe/Berlin:20260302T110000",
    "RRULE:FREQ=WEEKLY;COUNT=5",
    "EXDATE;TZID=Europe/Berlin:20260316T100000",
)
CANCELLED = (
    "UID:pairing@brightwave.io",
    "RECURRENCE-ID;TZID=Europe/Berlin:20260323T100000",
    "STATUS:CANCELLED",
    "SUMMARY:Interview: Maya Okafor <> Brightwave - Staff Data Engineer (trial week pairing)",
    "DTSTART;TZID=Europe/Berlin:20260323T100000",
    "DTEND;TZID=Europe/Berlin:20260323T110000",
)


def _master(now: datetime) -> tuple[datetime | None, dict[FollowUpKind, datetime]]:
    run = dry_run(_calendar(SERIES, CANCELLED), OWNER, FollowUpPolicy(), now, source="t.ics")
    master = next(p for p in run.events if p.event.recurrence_id is None)
    assert master.recognition.is_interview
    return master.anchor, {f.kind: f.start for f in master.followups}


def test_the_dry_run_anchors_a_series_at_its_newest_occurrence() -> None:
    anchor, chain = _master(datetime(2026, 3, 9, 12, tzinfo=BERLIN))
    assert anchor == datetime(2026, 3, 9, 10, tzinfo=BERLIN)
    assert chain[FollowUpKind.NEXT_STEPS_NOTE] == datetime(2026, 3, 9, 11, tzinfo=BERLIN)
    # the 16th is excluded and the 23rd cancelled: the 30th is the next session
    assert FollowUpKind.FOLLOW_UP in chain
    assert chain[FollowUpKind.FOLLOW_UP] < datetime(2026, 3, 30, 10, tzinfo=BERLIN)


def test_the_dry_run_never_anchors_at_an_instance_taken_out() -> None:
    anchor, _ = _master(datetime(2026, 3, 24, 12, tzinfo=BERLIN))
    assert anchor == datetime(2026, 3, 9, 10, tzinfo=BERLIN)
    anchor, chain = _master(datetime(2026, 3, 30, 12, tzinfo=BERLIN))
    assert anchor == datetime(2026, 3, 30, 10, tzinfo=BERLIN)
    assert chain[FollowUpKind.NEXT_STEPS_NOTE] == datetime(2026, 3, 30, 11, tzinfo=BERLIN)
