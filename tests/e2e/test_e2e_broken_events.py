"""End to end: broken objects on the server (whatever each server lets a client store) are
skipped; every other interview still gets its follow-ups, then and on later passes."""

from __future__ import annotations

from tests.e2e.installation import Installation
from tests.e2e.interview_events import ends_before_it_starts, hours_from_now, onsite, screen
from tests.e2e.owner_calendar import OwnerCalendar

_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hand edited//EN\r\nBEGIN:VEVENT\r\n"
_TAIL = "SUMMARY:Interview with Saltmarsh Robotics\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
# Only Xandikos stores this (Radicale answers 400): a date-time in the wrong format. (An
# unreadable RRULE is not skipped: the event is read as its first instance, which is fine.)
_XANDIKOS_ONLY = {
    "wrong-date.ics": "UID:wd-1@saltmarsh.example\r\nDTSTAMP:20261101T080000Z\r\n"
    "DTSTART:2026-11-27 10:00\r\nDTEND:20261127T110000Z\r\n",
}


def test_a_broken_event_is_skipped_and_the_rest_synced(
    nextsteps: Installation, calendar: OwnerCalendar
) -> None:
    calendar.put(
        "backwards.ics", ends_before_it_starts("bw-77@brightwater-labs.io", hours_from_now(-20))
    )
    if calendar.server.name == "xandikos":
        for name, lines in _XANDIKOS_ONLY.items():
            calendar.put(name, _HEAD + lines + _TAIL)
    good = screen(
        "vh-12@vantage-hydro.com", "Vantage Hydro", "vantage-hydro.com", hours_from_now(-26)
    )
    calendar.put("good.ics", good.ics())
    nextsteps.run_once()
    assert {f.interview for f in calendar.followups()} == {good.uid}

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
    assert {f.interview for f in calendar.followups()} == {good.uid, later.uid}
    (account,) = nextsteps.accounts()
    assert account["last_error"] is None, account
