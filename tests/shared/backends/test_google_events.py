"""Google Event JSON read as CalendarEvent: zones, all-day days, people, HTML notes, recurrence."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nextsteps_shared.backends.google_events import (
    calendar_zone,
    cancelled_instance,
    plain_text,
    to_calendar_event,
)
from nextsteps_shared.errors import EventDataError
from nextsteps_shared.event import EventStatus

BERLIN = calendar_zone("Europe/Berlin", "UTC")
UID = "loop-9@quillworks.example"


def event(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "abc123def",
        "status": "confirmed",
        "summary": "Interview: Staff Engineer",
        "start": {"dateTime": "2031-05-06T14:00:00Z"},
        "end": {"dateTime": "2031-05-06T15:00:00Z"},
    }
    return body | fields


def test_a_time_is_shown_in_the_events_zone_else_the_calendars() -> None:
    own = to_calendar_event(
        event(start={"dateTime": "2031-05-06T16:00:00+02:00", "timeZone": "America/New_York"}),
        UID,
        BERLIN,
    )
    assert own.timezone == "America/New_York"
    assert own.start == datetime(2031, 5, 6, 14, tzinfo=UTC)
    assert own.start.tzinfo == ZoneInfo("America/New_York")
    plain = to_calendar_event(event(), UID, BERLIN)
    assert (plain.timezone, plain.start.hour, plain.floating) == ("Europe/Berlin", 16, False)


def test_an_all_day_event_is_midnight_in_the_calendars_zone() -> None:
    day = to_calendar_event(
        event(start={"date": "2031-05-06"}, end={"date": "2031-05-07"}), UID, BERLIN
    )
    assert day.all_day
    assert day.start == datetime(2031, 5, 6, tzinfo=ZoneInfo("Europe/Berlin"))
    assert day.end == datetime(2031, 5, 7, tzinfo=ZoneInfo("Europe/Berlin"))


def test_a_missing_or_backwards_end_keeps_the_start() -> None:
    backwards = event(end={"dateTime": "2031-05-06T13:00:00Z"})
    assert to_calendar_event(backwards, UID, BERLIN).end == datetime(2031, 5, 6, 14, tzinfo=UTC)
    missing = {k: v for k, v in event().items() if k != "end"}
    assert to_calendar_event(missing, UID, BERLIN).end == datetime(2031, 5, 6, 14, tzinfo=UTC)


def test_an_unreadable_start_is_an_event_data_error() -> None:
    with pytest.raises(EventDataError, match="start"):
        to_calendar_event(event(start={"dateTime": "next tuesday"}), UID, BERLIN)


def test_people_with_names_and_answers_and_no_rooms() -> None:
    read = to_calendar_event(
        event(
            organizer={"email": "Dana@Quillworks.example", "displayName": "Dana Ortiz"},
            attendees=[
                {"email": "me@example.net", "self": True, "responseStatus": "accepted"},
                {"email": "lee@quillworks.example", "optional": True, "displayName": "Lee"},
                {"email": "c_room@resource.calendar.google.com", "resource": True},
            ],
        ),
        UID,
        BERLIN,
    )
    assert read.organizer is not None
    assert (read.organizer.email, read.organizer.name) == ("dana@quillworks.example", "Dana Ortiz")
    assert [(p.email, p.partstat, p.role) for p in read.attendees] == [
        ("me@example.net", "ACCEPTED", None),
        ("lee@quillworks.example", None, "OPT-PARTICIPANT"),
    ]


def test_the_calendar_as_organizer_of_a_personal_event_is_no_organizer() -> None:
    mine = event(organizer={"email": "me@example.net", "self": True})
    assert to_calendar_event(mine, UID, BERLIN).organizer is None
    invited = mine | {"attendees": [{"email": "kim@example.org"}]}
    assert to_calendar_event(invited, UID, BERLIN).organizer is not None


def test_an_html_description_is_read_as_text() -> None:
    html = "Great chat.<br>Next steps: <b>decision</b> by Friday &amp; a call<br/><br><br>Bye"
    assert plain_text(html) == "Great chat.\nNext steps: decision by Friday & a call\n\nBye"
    link = "Join: <https://meet.example/abc> now"
    assert plain_text(link) == link


def test_an_instance_has_its_original_start_as_recurrence_id() -> None:
    moved = event(
        recurringEventId="series1",
        originalStartTime={"dateTime": "2031-05-05T14:00:00Z", "timeZone": "Europe/Berlin"},
    )
    read = to_calendar_event(moved, UID, BERLIN)
    assert read.key == f"{UID}#20310505T140000Z"
    tombstone = {"id": "series1_20310512T140000Z", "status": "cancelled"} | {
        "recurringEventId": "series1",
        "originalStartTime": {"dateTime": "2031-05-12T16:00:00+02:00"},
    }
    gone = cancelled_instance(tombstone, UID, BERLIN)
    assert (gone.key, gone.status) == (f"{UID}#20310512T140000Z", EventStatus.CANCELLED)


def test_all_day_recurrence_dates_and_an_unknown_zone_name() -> None:
    series = event(
        start={"date": "2031-05-05"},
        end={"date": "2031-05-06"},
        recurrence=["RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20310506"],
    )
    read = to_calendar_event(series, UID, calendar_zone("Not/AZone", "Europe/Berlin"))
    assert read.timezone == "Europe/Berlin"
    assert read.exdates == (datetime(2031, 5, 6, tzinfo=ZoneInfo("Europe/Berlin")),)
