"""End to end, on Radicale and on Xandikos: interviews put into a real CalDAV calendar, the real
``nextsteps run --once`` (private nats-server, ingest and planner as processes), and what ends
up in the calendar read back over plain HTTP."""

from __future__ import annotations

from tests.e2e.installation import CalendarUnderTest, Installation
from tests.e2e.interview_events import hours_from_now, onsite, ordinary, screen
from tests.e2e.owner_calendar import Stored

CHASING = {"follow_up", "follow_up_again"}


def _kinds(followups: list[Stored]) -> set[str]:
    return {f.kind for f in followups}


def _snapshot(calendar: CalendarUnderTest) -> dict[str, tuple[str, str]]:
    """Every follow-up's UID with its object's etag and start (a rewrite changes the etag)."""
    return {f.uid: (f.etag, f.start.isoformat()) for f in calendar.followups()}


def test_followups_appear_without_attendees_and_are_never_interviews(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    yesterday = screen(
        "cand-7731-screen@northwind-freight.com",
        "Northwind Freight",
        "northwind-freight.com",
        hours_from_now(-27),
        "Spoke with Priya about the routing team.\nNext steps: hiring manager call, "
        "they will get back to me within a week.",
    )
    tomorrow = onsite(
        "0f3c2b9e-panel@quillworks.io",
        "Quillworks",
        "quillworks.io",
        "Platform Engineer",
        hours_from_now(21),
        "Bring the system design notes. Ask about on-call.",
    )
    calendar.put("screen.ics", yesterday.ics())
    calendar.put("panel.ics", tomorrow.ics())
    calendar.put(
        "dentist.ics", ordinary("dentist-0412@smile.example", "Dentist", hours_from_now(30))
    )

    nextsteps.run_once()
    followups = calendar.followups()
    assert {f.interview for f in followups} == {yesterday.uid, tomorrow.uid}
    for interview in (yesterday, tomorrow):
        chain = calendar.followups_of(interview.uid)
        assert {"next_steps_note", "thank_you", "follow_up"} <= _kinds(chain), interview.uid
        assert min(f.start for f in chain) >= interview.start
    for followup in followups:
        assert "ATTENDEE" not in followup.event and "ORGANIZER" not in followup.event
        assert followup.name == followup.uid.removesuffix("@nextsteps") + ".ics"
    assert any(f.summary.startswith("Follow up now: Northwind Freight") for f in followups)
    assert len(calendar.events()) == 3 + len(followups)

    before = _snapshot(calendar)
    nextsteps.run_once()  # the follow-ups it wrote are read back now: none is an interview
    assert _snapshot(calendar) == before  # nothing added, nothing rewritten
    assert not any(f.interview.endswith("@nextsteps") for f in calendar.followups())


def test_rescheduled_moves_cancelled_and_deleted_remove(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    moved = screen(
        "rs-5512@ledgerline.finance", "Ledgerline", "ledgerline.finance", hours_from_now(-22)
    )
    cancelled = onsite(
        "cx-88@tidepool.bio",
        "Tidepool Bio",
        "tidepool.bio",
        "Lab Automation Engineer",
        hours_from_now(26),
        "Parking at the north gate.",
    )
    deleted = screen(
        "del-301@orbitforge.space", "Orbitforge", "orbitforge.space", hours_from_now(-5)
    )
    for name, interview in (("a.ics", moved), ("b.ics", cancelled), ("c.ics", deleted)):
        calendar.put(name, interview.ics())
    nextsteps.run_once()
    first = {i.uid: calendar.followups_of(i.uid) for i in (moved, cancelled, deleted)}
    assert all(len(chain) >= 3 for chain in first.values()), first

    later = moved.moved(hours=48)
    calendar.put("a.ics", later.ics())
    calendar.put("b.ics", cancelled.cancelled().ics())
    calendar.delete("c.ics")
    nextsteps.run_once()

    assert calendar.followups_of(cancelled.uid) == []
    assert calendar.followups_of(deleted.uid) == []
    chain = calendar.followups_of(later.uid)
    assert {f.uid for f in chain} == {f.uid for f in first[moved.uid]}  # moved, not duplicated
    assert min(f.start for f in chain) >= later.end > moved.end  # after it, where it is now
    assert [f.start for f in chain] != [f.start for f in first[moved.uid]]
    assert len(calendar.followups()) == len(chain)


def test_an_outcome_or_a_later_interview_closes_the_chain(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    offer = onsite(
        "final-2207@quillworks.io",
        "Quillworks",
        "quillworks.io",
        "Staff Engineer",
        hours_from_now(-28),
        "Final round with the CTO.\nNext steps: they decide by the end of next week.",
    )
    first_round = screen(
        "hf-screen-19@harborfinch.com", "Harbor & Finch", "harborfinch.com", hours_from_now(-30)
    )
    calendar.put("offer.ics", offer.ics())
    calendar.put("screen.ics", first_round.ics())
    nextsteps.run_once()
    assert CHASING & _kinds(calendar.followups_of(offer.uid))
    assert "follow_up" in _kinds(calendar.followups_of(first_round.uid))

    calendar.put("offer.ics", offer.noted("Call from Dana: #offer, paperwork on Monday").ics())
    second_round = onsite(
        "hf-panel-20@harborfinch.com",
        "Harbor & Finch",
        "harborfinch.com",
        "Logistics Analyst",
        hours_from_now(20),
        "Panel with the operations leads.",
    )
    calendar.put("panel.ics", second_round.ics())
    nextsteps.run_once()

    closed = calendar.followups_of(offer.uid)
    assert not CHASING & _kinds(closed)  # no more asking once they made an offer
    assert "thank_you" in _kinds(closed)  # a thank-you is still good form
    answered = calendar.followups_of(first_round.uid)
    assert "follow_up" not in _kinds(answered)  # the next round was booked: they answered
    assert all(f.start < second_round.start for f in answered)
    assert "follow_up" in _kinds(calendar.followups_of(second_round.uid))
