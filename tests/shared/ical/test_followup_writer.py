"""Follow-ups rendered with ``ics``, checked with icalendar's parser."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.ical.followup_writer import (
    INTERVIEW_PROPERTY,
    KIND_PROPERTY,
    followup_uid,
    ical_uid,
    render_calendar,
    render_followup,
)
from nextsteps_shared.interview import Interview
from nextsteps_shared.notes.reading import NotesReading
from nextsteps_shared.owner import Owner
from nextsteps_shared.people import Person
from nextsteps_shared.policy import FollowUpPolicy, plan_followups

LISBON = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 5, 4, 18, 5, tzinfo=LISBON)


def chain(uid: str = "040000008200E00074C5B7101A82E008;part,2\\x") -> tuple[FollowUp, ...]:
    start = datetime(2026, 5, 4, 15, 30, tzinfo=LISBON)  # Monday
    event = CalendarEvent(
        uid=uid,
        summary="Entrevista técnica — Farfetch, Engenheira de Dados",
        start=start,
        end=start + timedelta(minutes=45),
        timezone="Europe/Lisbon",
        organizer=Person(email="ines.moura@farfetch-example.com", name="Inês Moura"),
        attendees=(
            Person(email="joana.reis@sapo.pt", name="Joana Reis"),
            Person(email="rui.pinto@farfetch-example.com", name="Rui Pinto"),
        ),
    )
    interview = Interview(event=event, company="Farfetch", role="Engenheira de Dados; ML, 2")
    owner = Owner.build(["joana.reis@sapo.pt"], timezone="Europe/Lisbon")
    notes = NotesReading(due=date(2026, 5, 8))
    return plan_followups(interview, notes, [], owner, FollowUpPolicy(), NOW)


def parsed_events(text: str) -> list[icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(text)
    assert not [c.errors for c in calendar.walk() if c.errors]
    return list(calendar.walk("VEVENT"))


def unescaped(value: object) -> str:
    """A TEXT value of an X- property, which icalendar hands back as written (escaped)."""
    assert isinstance(value, icalendar.vUnknown)
    raw = value.to_ical().decode()
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def test_single_followup_has_every_property() -> None:
    for followup in chain():
        text = render_followup(followup, NOW)
        calendar = icalendar.Calendar.from_ical(text)
        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["PRODID"]) == "-//nextsteps//follow-ups//EN"
        [event] = parsed_events(text)
        assert str(event["UID"]) == f"{followup.uid}@nextsteps" == ical_uid(followup)
        assert event.decoded("DTSTAMP") == NOW.astimezone(UTC)
        assert event.decoded("DTSTART") == followup.start
        assert event.decoded("DTEND") == followup.end
        assert str(event["SUMMARY"]) == followup.summary
        assert str(event["DESCRIPTION"]) == followup.description
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert str(event["CLASS"]) == "PRIVATE"
        assert str(event[KIND_PROPERTY]) == followup.kind.value
        assert unescaped(event[INTERVIEW_PROPERTY]) == followup.interview_key
        assert str(event["X-NEXTSTEPS-ATTEMPT"]) == str(followup.attempt)
        if followup.mailto:
            assert str(event["URL"]) == followup.mailto
        for forbidden in ("ATTENDEE", "ORGANIZER", "METHOD"):
            assert forbidden not in event
            assert forbidden not in calendar
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"])
        assert alarm.decoded("TRIGGER") == timedelta(0)
        assert "TRIGGER:PT0S\r\n" in text


def test_text_is_crlf_and_folded_at_75_octets() -> None:
    text = render_calendar(chain(), NOW)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert max(len(line.encode()) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)  # long descriptions were folded
    for line in lines:
        line.encode().decode("utf-8")  # no character was cut in half


def test_alarm_minutes_before() -> None:
    followup = chain()[2]
    [event] = parsed_events(render_followup(followup, NOW, alarm_minutes_before=15))
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)


def test_calendar_orders_events_and_names_itself() -> None:
    followups = chain()
    text = render_calendar(reversed(followups), NOW, name="Job search, follow-ups; 2026")
    calendar = icalendar.Calendar.from_ical(text)
    assert unescaped(calendar["X-WR-CALNAME"]) == "Job search, follow-ups; 2026"
    events = parsed_events(text)
    assert [str(e["UID"]) for e in events] == [f"{f.uid}@nextsteps" for f in followups]
    assert [str(e[KIND_PROPERTY]) for e in events] == [k.value for k in FollowUpKind] + [
        "follow_up_again"
    ]
    assert len(re.findall(r"^BEGIN:VCALENDAR\r$", text, flags=re.M)) == 1


def test_output_is_deterministic() -> None:
    assert render_calendar(chain(), NOW) == render_calendar(chain(), NOW)
    assert render_followup(chain()[0], NOW) == render_followup(chain()[0], NOW)


def test_empty_calendar_is_valid() -> None:
    text = render_calendar([], NOW)
    assert parsed_events(text) == []
    assert text.startswith("BEGIN:VCALENDAR\r\n")


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        render_followup(chain()[0], datetime(2026, 5, 4, 18, 0))


def test_uid_is_a_google_event_id() -> None:
    for followup in chain():
        assert re.fullmatch(r"[0-9a-v]{26,1024}", followup.uid)
        assert followup.uid == followup_uid(followup.interview_key, followup.kind, followup.attempt)


def test_sequence_is_written_as_given() -> None:
    followup = chain()[2]
    [first] = parsed_events(render_followup(followup, NOW))
    [third] = parsed_events(render_followup(followup.model_copy(update={"sequence": 2}), NOW))
    assert (first["SEQUENCE"], third["SEQUENCE"]) == (0, 2)
    assert first["UID"] == third["UID"]
    assert followup.same_content(followup.model_copy(update={"sequence": 2}))
    assert not followup.same_content(followup.model_copy(update={"summary": "Another"}))


def test_a_feed_says_how_often_to_fetch_it_again() -> None:
    hourly = icalendar.Calendar.from_ical(render_calendar(chain(), NOW, refresh=timedelta(hours=1)))
    odd = render_calendar([], NOW, refresh=timedelta(days=1, minutes=30))
    assert hourly.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert hourly["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(hourly["X-PUBLISHED-TTL"]) == "PT1H"
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1DT30M\r\n" in odd
    assert "REFRESH-INTERVAL" not in render_calendar(chain(), NOW)
