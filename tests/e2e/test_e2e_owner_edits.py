"""End to end: what the owner does to the follow-ups in their own calendar wins. A follow-up
the owner deleted is never recreated, one the owner moved keeps the owner's time, even when
the interview changes afterwards and its chain is planned again."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar
from tests.e2e.installation import CalendarUnderTest, Installation
from tests.e2e.interview_events import hours_from_now, onsite
from tests.e2e.owner_calendar import Stored


def _moved_text(followup: Stored, start: datetime) -> str:
    """The follow-up's object as the owner's client writes it after a drag to ``start``."""
    calendar = Calendar.from_ical(followup.text)
    event = calendar.walk("VEVENT")[0]
    length = followup.end - followup.start
    for name, value in (("DTSTART", start), ("DTEND", start + length)):
        event.pop(name)
        event.add(name, value)
    return str(calendar.to_ical().decode())


def test_deleted_stays_deleted_and_moved_keeps_the_owners_time(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    interview = onsite(
        "loop-4471@cobaltmesa.dev",
        "Cobalt Mesa",
        "cobaltmesa.dev",
        "Site Reliability Engineer",
        hours_from_now(-25),
        "Systems round went well, whiteboard on incident review.",
    )
    calendar.put("loop.ics", interview.ics())
    nextsteps.run_once()
    chain = {f.kind: f for f in calendar.followups_of(interview.uid)}
    assert {"thank_you", "follow_up", "follow_up_again"} <= chain.keys()

    thank_you, follow_up = chain["thank_you"], chain["follow_up"]
    calendar.delete(thank_you.name)  # sent it from the phone already
    owners_time = follow_up.start + timedelta(days=1, hours=3)
    calendar.put(follow_up.name, _moved_text(follow_up, owners_time), If_Match=follow_up.etag)
    nextsteps.run_once()
    nextsteps.run_once()
    _assert_owner_wins(calendar, interview.uid, thank_you.uid, follow_up.uid, owners_time)

    # the interview changes (notes with a stated window): the chain is planned again
    again = {f.uid: f.start for f in calendar.followups_of(interview.uid)}
    calendar.put(
        "loop.ics", interview.noted("Next steps: they will decide within two weeks.").ics()
    )
    nextsteps.run_once()
    replanned = {f.uid: f.start for f in calendar.followups_of(interview.uid)}
    assert replanned != again, "the new notes did not replan the chain"
    _assert_owner_wins(calendar, interview.uid, thank_you.uid, follow_up.uid, owners_time)


def _assert_owner_wins(
    calendar: CalendarUnderTest, interview: str, deleted: str, moved: str, owners_time: datetime
) -> None:
    now = {f.uid: f for f in calendar.followups_of(interview)}
    assert deleted not in now, "a follow-up the owner deleted came back"
    assert moved in now, "the follow-up the owner moved is gone"
    assert now[moved].start == owners_time, "the owner's time was overwritten"
    assert "next_steps_note" in {f.kind for f in now.values()}  # the rest of the chain stays
