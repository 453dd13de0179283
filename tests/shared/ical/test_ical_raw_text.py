"""Decoding, unfolding and repairing the raw text of calendar files."""

from __future__ import annotations

from nextsteps_shared.ical.raw_text import (
    count_event_begins,
    dates_without_tzid,
    decode,
    looks_like_calendar,
    repair,
    split_calendars,
    unfold,
)


def test_decode_prefers_utf8_then_windows_1252_then_latin1() -> None:
    assert decode("Zoë".encode()) == "Zoë"
    assert decode("Zoë – “quoted”".encode("cp1252")) == "Zoë – “quoted”"
    assert decode(b"\x81\x8d") == "\x81\x8d"
    assert decode(b"\xef\xbb\xbfBEGIN") == "BEGIN"
    assert decode("\ufeffBEGIN") == "BEGIN"


def test_unfold_joins_continuations_with_space_or_tab() -> None:
    assert (
        unfold("SUMMARY:Hello\r\n  world\r\n\tagain\r\nX:1\r\n")
        == "SUMMARY:Hello worldagain\nX:1\n"
    )


def test_calendar_marks_and_event_counts() -> None:
    text = "begin:vcalendar\nBEGIN:VEVENT\nEND:VEVENT\n BEGIN : VEVENT\nBEGIN:VEVENT \n"
    assert looks_like_calendar(text)
    assert count_event_begins(text) == 2
    assert not looks_like_calendar("<html>BEGIN:VCALENDAR is mentioned here</html>")


def test_repair_drops_what_cannot_be_placed_and_closes_what_was_left_open() -> None:
    text = unfold(
        "stray: before anything\n"
        "END:VEVENT\n"
        "BEGIN:VCALENDAR\n"
        "no colon here\n"
        "BEGIN:VEVENT\n"
        "UID:1\n"
        "BEGIN:VALARM\n"
        "ACTION:DISPLAY\n"
        "END:VEVENT\n"
        "BEGIN:VE@NT\n"
        "BEGIN:VEVENT\n"
        "UID:2\n"
    )
    assert repair(text).split("\r\n") == [
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "UID:1",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "END:VALARM",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:2",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]


def test_repair_puts_bare_components_in_a_calendar_and_never_nests_calendars() -> None:
    text = "BEGIN:VEVENT\nUID:1\nEND:VEVENT\nBEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:2\n"
    calendars = split_calendars(repair(text))
    assert len(calendars) == 2
    assert [c.children for c in calendars] == [
        ["BEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\n"],
        ["BEGIN:VEVENT\r\nUID:2\r\nEND:VEVENT\r\n"],
    ]


def test_split_calendars_keeps_calendar_properties_apart_from_children() -> None:
    text = repair(
        "BEGIN:VCALENDAR\nX-WR-TIMEZONE:Europe/Rome\nBEGIN:VTIMEZONE\nTZID:X\n"
        "BEGIN:STANDARD\nEND:STANDARD\nEND:VTIMEZONE\nMETHOD:PUBLISH\nEND:VCALENDAR\n"
    )
    (calendar,) = split_calendars(text)
    assert calendar.properties == ["X-WR-TIMEZONE:Europe/Rome", "METHOD:PUBLISH"]
    assert calendar.children == [
        "BEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    ]


def test_dates_lose_their_tzid_and_date_times_keep_it() -> None:
    text = (
        "DTSTART;TZID=US/Eastern:20060102\n"
        'DTEND;VALUE=DATE;TZID="Japan":20060103\n'
        "DTSTART;TZID=US/Eastern:20060102T090000\n"
        "SUMMARY;TZID=X:20060102\n"
    )
    assert dates_without_tzid(text) == (
        "DTSTART:20060102\n"
        "DTEND;VALUE=DATE:20060103\n"
        "DTSTART;TZID=US/Eastern:20060102T090000\n"
        "SUMMARY;TZID=X:20060102\n"
    )
    plain = "DTSTART;VALUE=DATE:20240101\n"
    assert dates_without_tzid(plain) is plain
