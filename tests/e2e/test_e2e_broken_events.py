"""End to end: broken objects on the server (whatever each server lets a client store) are
skipped; every other interview still gets its follow-ups, then and on later passes. A sloppy
but recoverable event (DTEND before DTSTART) is kept at its start and followed up."""

from __future__ import annotations

import pytest
from tests.e2e.installation import CalendarUnderTest, Installation
from tests.e2e.interview_events import ends_before_it_starts, hours_from_now, onsite, screen

_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hand edited//EN\r\nBEGIN:VEVENT\r\n"
_TAIL = "SUMMARY:Interview with Saltmarsh Robotics\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
# Both servers store an event in a zone nobody knows, with no VTIMEZONE: it has no instant.
_BROKEN = {
    "unknown-zone.ics": "UID:uz-1@saltmarsh.example\r\nDTSTAMP:20261101T080000Z\r\n"
    "DTSTART;TZID=Mars/Olympus_Mons:20261127T100000\r\n",
}
# Only Xandikos stores this (Radicale answers 400): a date-time in the wrong format. (An
# unreadable RRULE is not skipped: the event is read as its first instance, which is fine.)
_XANDIKOS_ONLY = {
    "wrong-date.ics": "UID:wd-1@saltmarsh.example\r\nDTSTAMP:20261101T080000Z\r\n"
    "DTSTART:2026-11-27 10:00\r\nDTEND:20261127T110000Z\r\n",
}


def test_a_broken_event_is_skipped_and_the_rest_synced(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    if calendar.kind == "google":
        pytest.skip("Google refuses both (an unknown zone, an end before the start) at write")
    calendar.put(
        "backwards.ics", ends_before_it_starts("bw-77@brightwater-labs.io", hours_from_now(-20))
    )
    broken = {**_BROKEN, **(_XANDIKOS_ONLY if calendar.kind == "xandikos" else {})}
    for name, lines in broken.items():
        calendar.put(name, _HEAD + lines + _TAIL)
    good = screen(
        "vh-12@vantage-hydro.com", "Vantage Hydro", "vantage-hydro.com", hours_from_now(-26)
    )
    calendar.put("good.ics", good.ics())
    nextsteps.run_once()
    assert {f.interview for f in calendar.followups()} == {good.uid, "bw-77@brightwater-labs.io"}

    later = onsite(
        "vh-13@vantage-hydro.com",
        "Vantage Hydro",
        "vantage-hydro.com",
        "Hydrologist",
        hours_from_now(44),
        "Field visit to the pumping station. Boots!",
    )
    calendar.put("later.ics", later.ics())  # the broken objects do not hold later syncs back
    nextsteps.run_once()
    followed = {f.interview for f in calendar.followups()}
    assert followed == {good.uid, later.uid, "bw-77@brightwater-labs.io"}
    (account,) = nextsteps.accounts()
    assert account["last_error"] is None, account
