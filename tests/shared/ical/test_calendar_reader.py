"""read_calendar on small calendars written for these tests, one case each."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import x_wr_timezone
from icalendar import Calendar

from nextsteps_shared.errors import CalendarDataError
from nextsteps_shared.event import CalendarEvent, EventStatus
from nextsteps_shared.ical import ReadResult, read_calendar


def ics(*lines: str, newline: str = "\r\n") -> str:
    return newline.join(lines) + newline


def calendar(*event_lines: str, header: tuple[str, ...] = ()) -> str:
    return ics(
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//nextsteps tests//EN",
        *header,
        *event_lines,
        "END:VCALENDAR",
    )


def event(*lines: str, uid: str = "ev-1@example.org") -> tuple[str, ...]:
    return ("BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20240301T090000Z", *lines, "END:VEVENT")


def only(result: ReadResult) -> CalendarEvent:
    assert result.skipped == ()
    assert len(result.events) == 1
    return result.events[0]


def test_a_plain_utc_event_keeps_every_field() -> None:
    text = calendar(
        *event(
            "SUMMARY:Interview with Brightwave\\, round 2",
            "DESCRIPTION:Panel with Dana and Luis.\\nNext steps: decision by Friday",
            "LOCATION:Brightwave HQ\\; 4th floor",
            "DTSTART:20240312T140000Z",
            "DTEND:20240312T150000Z",
            "SEQUENCE:3",
            "STATUS:TENTATIVE",
            "ORGANIZER;CN=Dana Whit:mailto:Dana.Whit@Brightwave.io",
            'ATTENDEE;CN="Luis, Ortega";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:'
            "mailto:luis@brightwave.io",
            "ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION:MAILTO:me@example.net",
            "CATEGORIES:Jobs,Interviews",
            "URL:https://meet.example.org/abc",
            "LAST-MODIFIED:20240305T101500Z",
        )
    )
    ev = read_calendar(text).events[0]
    assert ev.uid == "ev-1@example.org"
    assert ev.summary == "Interview with Brightwave, round 2"
    assert ev.description == "Panel with Dana and Luis.\nNext steps: decision by Friday"
    assert ev.location == "Brightwave HQ; 4th floor"
    assert ev.start == datetime(2024, 3, 12, 14, tzinfo=UTC)
    assert ev.end == datetime(2024, 3, 12, 15, tzinfo=UTC)
    assert (ev.timezone, ev.all_day, ev.floating) == ("UTC", False, False)
    assert ev.sequence == 3
    assert ev.status is EventStatus.TENTATIVE
    assert ev.organizer is not None
    assert (ev.organizer.email, ev.organizer.name) == ("dana.whit@brightwave.io", "Dana Whit")
    assert [(p.email, p.name, p.role, p.partstat) for p in ev.attendees] == [
        ("luis@brightwave.io", "Luis, Ortega", "REQ-PARTICIPANT", "ACCEPTED"),
        ("me@example.net", None, "OPT-PARTICIPANT", "NEEDS-ACTION"),
    ]
    assert ev.categories == ("Jobs", "Interviews")
    assert ev.url == "https://meet.example.org/abc"
    assert ev.last_modified == datetime(2024, 3, 5, 10, 15, tzinfo=UTC)
    assert ev.recurrence_id is None
    assert ev.rrule is None


def test_several_calendars_in_one_file_are_all_read_in_order() -> None:
    first = calendar(*event("SUMMARY:one", "DTSTART:20240101T100000Z", uid="a"))
    second = calendar(
        *event("SUMMARY:two", "DTSTART:20240102T100000Z", uid="b"),
        *event("SUMMARY:three", "DTSTART:20240103T100000Z", uid="c"),
    )
    result = read_calendar(first + "\r\n\r\n" + second)
    assert [e.uid for e in result.events] == ["a", "b", "c"]
    assert result.skipped == ()


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("AUS Eastern Standard Time", "Australia/Sydney"),
        ("India Standard Time", "Asia/Calcutta"),
        ("/mozilla.org/20070129_1/Europe/Berlin", "Europe/Berlin"),
        ("/citadel.org/20190914_1/America/New_York", "America/New_York"),
        (
            "/softwarestudio.org/Tzfile/America/Argentina/Buenos_Aires",
            "America/Argentina/Buenos_Aires",
        ),
        ("/Europe/Stockholm", "Europe/Stockholm"),
        ("(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Amsterdam"),
        ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
        ("GMT+0100", "Etc/GMT-1"),
        ("UTC-03:00", "Etc/GMT+3"),
        ("America/Chicago", "America/Chicago"),
        ("europe/paris", "Europe/Paris"),
    ],
)
def test_a_tzid_without_vtimezone_is_resolved_by_name(tzid: str, zone: str) -> None:
    text = calendar(*event(f'DTSTART;TZID="{tzid}":20240715T093000', "DURATION:PT45M"))
    ev = read_calendar(text).events[0]
    expected = datetime(2024, 7, 15, 9, 30, tzinfo=ZoneInfo(zone))
    assert ev.start == expected
    assert ev.start.utcoffset() == expected.utcoffset()
    assert ev.timezone == zone
    assert ev.end - ev.start == timedelta(minutes=45)
    assert not ev.floating


BERLIN_LIKE = (
    "BEGIN:VTIMEZONE",
    "TZID:{tzid}",
    "BEGIN:STANDARD",
    "DTSTART:16011028T030000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010325T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
)


def berlin_like(tzid: str) -> tuple[str, ...]:
    return tuple(line.format(tzid=tzid) for line in BERLIN_LIKE)


def test_an_outlook_vtimezone_with_a_windows_name_gets_the_iana_name() -> None:
    text = calendar(
        *berlin_like("W. Europe Standard Time"),
        *event(
            "DTSTART;TZID=W. Europe Standard Time:20240115T100000",
            "DTEND;TZID=W. Europe Standard Time:20240115T110000",
        ),
    )
    ev = read_calendar(text).events[0]
    assert ev.timezone == "Europe/Berlin"
    assert ev.start.astimezone(UTC) == datetime(2024, 1, 15, 9, tzinfo=UTC)


def test_a_custom_vtimezone_with_an_unknown_name_uses_its_own_rules() -> None:
    text = calendar(
        *berlin_like("Customized Time Zone 7"),
        *event("DTSTART;TZID=Customized Time Zone 7:20240710T100000", uid="summer"),
        *event("DTSTART;TZID=Customized Time Zone 7:20241210T100000", uid="winter"),
    )
    summer, winter = read_calendar(text).events
    assert summer.start.astimezone(UTC) == datetime(2024, 7, 10, 8, tzinfo=UTC)
    assert winter.start.astimezone(UTC) == datetime(2024, 12, 10, 9, tzinfo=UTC)
    # reported under an IANA zone with the very same offsets, local wall time kept
    assert ZoneInfo(summer.timezone).utcoffset(datetime(2024, 7, 10)) == timedelta(hours=2)
    assert (summer.start.hour, winter.start.hour) == (10, 10)


def test_an_iana_tzid_means_that_zone_even_with_a_wrong_vtimezone() -> None:
    wrong = (  # as Apple writes Europe/Moscow: the local mean time of 1880
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Moscow",
        "BEGIN:STANDARD",
        "DTSTART:20010101T000000",
        "TZOFFSETFROM:+023017",
        "TZOFFSETTO:+023017",
        "END:STANDARD",
        "END:VTIMEZONE",
    )
    text = calendar(*wrong, *event("DTSTART;TZID=Europe/Moscow:20240115T100000"))
    ev = read_calendar(text).events[0]
    assert ev.start.astimezone(UTC) == datetime(2024, 1, 15, 7, tzinfo=UTC)
    assert ev.timezone == "Europe/Moscow"


def test_a_windows_tzid_follows_the_files_vtimezone_not_its_name() -> None:
    fixed = (
        "BEGIN:VTIMEZONE",
        "TZID:Tokyo Standard Time",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "END:STANDARD",
        "END:VTIMEZONE",
    )
    text = calendar(*fixed, *event("DTSTART;TZID=Tokyo Standard Time:20240115T100000"))
    ev = read_calendar(text).events[0]
    assert ev.start.astimezone(UTC) == datetime(2024, 1, 15, 2, tzinfo=UTC)
    assert ev.start.utcoffset() == timedelta(hours=8)
    assert ev.timezone != "Asia/Tokyo"


def test_before_a_truncated_vtimezone_begins_the_name_decides() -> None:
    recent_only = (  # only this year's two transitions, no RRULE
        "BEGIN:VTIMEZONE",
        "TZID:Romance Standard Time",
        "BEGIN:DAYLIGHT",
        "DTSTART:20240331T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20241027T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
    )
    text = calendar(
        *recent_only,
        *event("DTSTART;TZID=Romance Standard Time:20220615T100000", uid="old"),
        *event("DTSTART;TZID=Romance Standard Time:20240615T100000", uid="new"),
    )
    old, new = read_calendar(text).events
    assert old.start.astimezone(UTC) == datetime(2022, 6, 15, 8, tzinfo=UTC)
    assert new.start.astimezone(UTC) == datetime(2024, 6, 15, 8, tzinfo=UTC)
    assert old.timezone == new.timezone == "Europe/Paris"


def test_a_custom_zone_no_iana_zone_matches_is_reported_in_utc_at_the_right_instant() -> None:
    odd = (
        "BEGIN:VTIMEZONE",
        "TZID:Nowhere/Middle",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:-0741",
        "TZOFFSETTO:-0741",
        "END:STANDARD",
        "END:VTIMEZONE",
    )
    text = calendar(*odd, *event("DTSTART;TZID=Nowhere/Middle:20240301T120000"))
    ev = read_calendar(text).events[0]
    assert ev.start == datetime(2024, 3, 1, 19, 41, tzinfo=UTC)
    assert ev.timezone == "UTC"


def test_x_wr_timezone_places_floating_and_utc_times_in_the_calendar_zone() -> None:
    text = calendar(
        *event("DTSTART:20240605T090000", "DTEND:20240605T100000", uid="floating"),
        *event("DTSTART:20240605T070000Z", uid="utc"),
        *event("DTSTART;VALUE=DATE:20240606", uid="day"),
        *event("DTSTART;TZID=Asia/Tokyo:20240605T090000", uid="zoned"),
        header=("X-WR-TIMEZONE:Europe/Madrid", "X-WR-CALNAME:Jobs"),
    )
    floating, utc, day, zoned = read_calendar(text).events
    madrid = ZoneInfo("Europe/Madrid")
    assert floating.start == datetime(2024, 6, 5, 9, tzinfo=madrid)
    assert (floating.timezone, floating.floating) == ("Europe/Madrid", False)
    assert utc.start == datetime(2024, 6, 5, 9, tzinfo=madrid)
    assert utc.timezone == "Europe/Madrid"
    assert day.start == datetime(2024, 6, 6, tzinfo=madrid)
    assert day.all_day
    assert zoned.timezone == "Asia/Tokyo"


def test_x_wr_timezone_may_be_a_windows_name() -> None:
    text = calendar(
        *event("DTSTART:20240605T090000"), header=("X-WR-TIMEZONE:Eastern Standard Time",)
    )
    ev = read_calendar(text).events[0]
    assert ev.timezone == "America/New_York"
    assert ev.start.astimezone(UTC) == datetime(2024, 6, 5, 13, tzinfo=UTC)


def test_floating_times_go_to_the_default_zone_and_say_so() -> None:
    text = calendar(*event("DTSTART:20241104T083000", "DTEND:20241104T091500"))
    ev = read_calendar(text, default_tz="America/Denver").events[0]
    assert ev.start == datetime(2024, 11, 4, 8, 30, tzinfo=ZoneInfo("America/Denver"))
    assert (ev.timezone, ev.floating, ev.all_day) == ("America/Denver", True, False)
    assert ev.end - ev.start == timedelta(minutes=45)


@pytest.mark.parametrize(
    ("end_lines", "days"),
    [
        (("DTEND;VALUE=DATE:20240503",), 2),
        (("DTEND;VALUE=DATE:20240501",), 1),  # DTEND == DTSTART: one day
        ((), 1),
        (("DURATION:P3D",), 3),
    ],
)
def test_all_day_events(end_lines: tuple[str, ...], days: int) -> None:
    text = calendar(*event("DTSTART;VALUE=DATE:20240501", *end_lines))
    ev = read_calendar(text, default_tz="Europe/Warsaw").events[0]
    warsaw = ZoneInfo("Europe/Warsaw")
    assert ev.start == datetime(2024, 5, 1, tzinfo=warsaw)
    assert ev.end == datetime.combine(
        date(2024, 5, 1) + timedelta(days=days), datetime.min.time(), warsaw
    )
    assert (ev.all_day, ev.floating, ev.timezone) == (True, True, "Europe/Warsaw")


def test_a_timed_event_without_end_or_duration_ends_when_it_starts() -> None:
    ev = read_calendar(calendar(*event("DTSTART:20240501T100000Z"))).events[0]
    assert ev.end == ev.start


def test_line_endings_bom_and_folding_do_not_change_the_result() -> None:
    lines = (
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "UID:fold-1",
        "DTSTART:20240801T120000Z",
        "SUMMARY:Final round with the VP of Engineering at Nordlicht Analytics",
        " GmbH — bring the take-home",
        "END:VEVENT",
        "END:VCALENDAR",
    )
    crlf = ics(*lines).encode()
    lf = ics(*lines, newline="\n").encode()
    bom = b"\xef\xbb\xbf" + crlf
    summaries = {read_calendar(data).events[0].summary for data in (crlf, lf, bom)}
    expected = (
        "Final round with the VP of Engineering at Nordlicht AnalyticsGmbH — bring the take-home"
    )
    assert summaries == {expected}


def test_long_lines_blank_lines_and_lowercase_names_are_tolerated() -> None:
    long_description = "Notes: " + "talked about the team, the stack and the on-call rotation; " * 5
    text = ics(
        "",
        "begin:vcalendar",
        "version:2.0",
        "",
        "begin:vevent",
        "uid:lower-1",
        "dtstart;tzid=Europe/Lisbon:20240910T150000",
        "dtend;tzid=Europe/Lisbon:20240910T160000",
        f"description:{long_description}",
        "summary:Coffee chat",
        "end:vevent",
        "end:vcalendar",
        "",
        "",
    )
    ev = only(read_calendar(text))
    assert ev.summary == "Coffee chat"
    assert ev.description == long_description.strip()
    assert ev.start.astimezone(UTC) == datetime(2024, 9, 10, 14, tzinfo=UTC)


def test_text_that_is_not_utf8_is_decoded_as_windows_1252() -> None:
    text = calendar(*event("SUMMARY:Entretien café – équipe", "DTSTART:20240201T100000Z"))
    ev = read_calendar(text.encode("cp1252")).events[0]
    assert ev.summary == "Entretien café – équipe"


def test_bytes_that_cp1252_leaves_undefined_fall_back_to_latin1() -> None:
    data = calendar(*event("SUMMARY:Gr\x81n", "DTSTART:20240201T100000Z")).encode("latin-1")
    assert read_calendar(data).events[0].summary == "Gr\x81n"


def test_a_recurring_master_and_its_overrides_are_each_kept_in_file_order() -> None:
    text = calendar(
        *event(
            "SUMMARY:Moved standup",
            "RECURRENCE-ID;TZID=America/New_York:20240306T093000",
            "DTSTART;TZID=America/New_York:20240306T113000",
            "DTEND;TZID=America/New_York:20240306T114500",
            "SEQUENCE:1",
            uid="series-1",
        ),
        *event(
            "SUMMARY:Standup",
            "DTSTART;TZID=America/New_York:20240304T093000",
            "DTEND;TZID=America/New_York:20240304T094500",
            "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20240531T235959Z",
            "EXDATE;TZID=America/New_York:20240308T093000",
            uid="series-1",
        ),
        *event(
            "RECURRENCE-ID;TZID=America/New_York:20240311T093000",
            "STATUS:CANCELLED",
            uid="series-1",
        ),
    )
    moved, master, cancelled = only_events(read_calendar(text))
    new_york = ZoneInfo("America/New_York")
    assert master.rrule == "FREQ=WEEKLY;UNTIL=20240531T235959Z;BYDAY=MO,WE,FR"
    assert master.recurrence_id is None
    assert moved.recurrence_id == datetime(2024, 3, 6, 9, 30, tzinfo=new_york)
    assert moved.start == datetime(2024, 3, 6, 11, 30, tzinfo=new_york)
    assert moved.key == "series-1#20240306T143000Z"
    # an override that leaves out DTSTART keeps the start of the instance it overrides
    assert cancelled.start == datetime(2024, 3, 11, 9, 30, tzinfo=new_york)
    assert cancelled.status is EventStatus.CANCELLED


def only_events(result: ReadResult) -> tuple[CalendarEvent, ...]:
    assert result.skipped == ()
    return result.events


def test_exdates_and_rdates_are_placed_like_dtstart_from_every_line_and_list() -> None:
    text = calendar(
        "X-WR-TIMEZONE:Europe/Berlin",
        *event(
            "SUMMARY:Trial week pairing",
            "DTSTART;TZID=America/New_York:20240304T093000",
            "DTEND;TZID=America/New_York:20240304T103000",
            "RRULE:FREQ=WEEKLY;COUNT=6",
            "EXDATE;TZID=America/New_York:20240311T093000,20240318T093000",
            "EXDATE:20240325T133000Z",
            "EXDATE:20240401T093000",  # floating: in the calendar's zone
            "RDATE;VALUE=PERIOD:20240402T150000Z/20240402T160000Z",
            "RDATE;TZID=America/New_York:20240405T090000",
            uid="pairing",
        ),
    )
    ev = only(read_calendar(text, default_tz="Asia/Tokyo"))
    new_york, berlin = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")
    assert ev.exdates == (
        datetime(2024, 3, 11, 9, 30, tzinfo=new_york),
        datetime(2024, 3, 18, 9, 30, tzinfo=new_york),
        datetime(2024, 3, 25, 13, 30, tzinfo=UTC),
        datetime(2024, 4, 1, 9, 30, tzinfo=berlin),
    )
    assert ev.rdates == (
        datetime(2024, 4, 2, 15, tzinfo=UTC),  # a period counts by its start
        datetime(2024, 4, 5, 9, tzinfo=new_york),
    )
    assert ev.is_series


def test_a_broken_exdate_value_is_skipped_and_reported_and_the_event_kept() -> None:
    text = calendar(
        *event(
            "DTSTART:20240304T093000Z",
            "RRULE:FREQ=WEEKLY;COUNT=6",
            "EXDATE:20240311T093000Z,next-tuesday",
            "EXDATE:2024-03-18",
            "EXDATE;TZID=Mars/Olympus:20240325T093000",
            "EXDATE:20240401T093000Z",
            uid="pairing",
        ),
    )
    result = read_calendar(text, source="feed.ics")
    ev = only(result)
    assert ev.exdates == (
        datetime(2024, 3, 11, 9, 30, tzinfo=UTC),
        datetime(2024, 4, 1, 9, 30, tzinfo=UTC),
    )
    reasons = [value.reason for value in result.skipped_values]
    assert len(reasons) == 3
    assert all("VEVENT #1 in feed.ics, UID pairing" in reason for reason in reasons)
    assert '"next-tuesday"' in reasons[0] and '"2024-03-18"' in reasons[1]
    assert 'TZID "Mars/Olympus"' in reasons[2]


def test_an_event_without_recurrence_dates_serialises_as_before() -> None:
    ev = only(read_calendar(calendar(*event("DTSTART:20240304T093000Z"))))
    assert (ev.exdates, ev.rdates, ev.is_series) == ((), (), False)
    assert "exdates" not in ev.model_dump_json() and "rdates" not in ev.model_dump_json()


def test_a_broken_event_is_skipped_with_what_and_where_and_the_rest_kept() -> None:
    text = calendar(
        *event("SUMMARY:fine", "DTSTART:20240101T100000Z", uid="ok-1"),
        *event("SUMMARY:bad", "DTSTART:2023-13-45", uid="abc"),
        *event("SUMMARY:fine too", "DTSTART:20240103T100000Z", uid="ok-2"),
    )
    result = read_calendar(text, source="jobs.ics")
    assert [e.uid for e in result.events] == ["ok-1", "ok-2"]
    (skipped,) = result.skipped
    assert (skipped.index, skipped.uid) == (1, "abc")
    assert '"2023-13-45"' in skipped.reason
    assert "DTSTART" in skipped.reason
    assert "VEVENT #2 in jobs.ics" in skipped.reason
    assert "UID abc" in skipped.reason


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (("DTSTART;TZID=Mars/Olympus_Mons:20240101T100000",), 'TZID "Mars/Olympus_Mons"'),
        (("SUMMARY:no start at all",), "no DTSTART"),
    ],
)
def test_malformed_events_are_skipped(lines: tuple[str, ...], reason: str) -> None:
    text = calendar(*event(*lines, uid="bad"), *event("DTSTART:20240101T100000Z", uid="good"))
    result = read_calendar(text)
    assert [e.uid for e in result.events] == ["good"]
    assert reason in result.skipped[0].reason


@pytest.mark.parametrize(
    ("lines", "start", "end"),
    [
        (("DTSTART:20240101T100000Z", "DTEND:20240101T090000Z"), "2024-01-01T10:00:00+00:00",
         "2024-01-01T10:00:00+00:00"),
        (("DTSTART;VALUE=DATE:20240101", "DTEND:20240101T090000Z"), "2024-01-01T00:00:00+00:00",
         "2024-01-02T00:00:00+00:00"),
    ],
)  # fmt: skip
def test_an_unusable_end_keeps_the_event_at_its_start(
    lines: tuple[str, ...], start: str, end: str
) -> None:
    """An end before the start lasts no time; an end of the other value type counts as absent."""
    result = read_calendar(calendar(*event(*lines, uid="odd")))
    assert result.skipped == ()
    (kept,) = result.events
    assert (kept.start.isoformat(), kept.end.isoformat()) == (start, end)


def test_a_missing_uid_gets_a_stable_made_up_one() -> None:
    def without_uid(summary: str) -> str:
        return ics(
            "BEGIN:VCALENDAR",
            "BEGIN:VEVENT",
            f"SUMMARY:{summary}",
            "DTSTART:20240101T100000Z",
            "END:VEVENT",
            "END:VCALENDAR",
        )

    first = read_calendar(without_uid("Screen with Acme")).events[0].uid
    again = read_calendar(without_uid("Screen with Acme")).events[0].uid
    other = read_calendar(without_uid("Screen with Globex")).events[0].uid
    assert first.startswith("nextsteps-missing-uid-")
    assert first == again
    assert first != other


def test_an_unreadable_end_counts_as_absent() -> None:
    text = calendar(*event("DTSTART:20240101T100000Z", "DTEND:20240101T10300Z"))
    ev = only(read_calendar(text))
    assert ev.end == ev.start


def test_a_missing_end_vcalendar_and_a_stray_line_lose_nothing() -> None:
    text = ics(
        "BEGIN:VCALENDAR",
        "this line has no colon",
        *event("DTSTART:20240101T100000Z", uid="one"),
        "END:VTODO",
        *event("DTSTART:20240102T100000Z", uid="two"),
    )
    assert [e.uid for e in only_events(read_calendar(text))] == ["one", "two"]


def test_a_broken_alarm_costs_only_its_own_event() -> None:
    text = calendar(
        *event("DTSTART:20240101T100000Z", uid="one"),
        "BEGIN:VEVENT",
        "UID:with-bad-alarm",
        "DTSTART:20240102T100000Z",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:PT-2H",
        "END:VALARM",
        "END:VEVENT",
        *event("DTSTART:20240103T100000Z", uid="three"),
        "BEGIN:VTIMEZONE",
        "TZID:Broken",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+5744",
        "TZOFFSETTO:+5744",
        "END:STANDARD",
        "END:VTIMEZONE",
    )
    result = read_calendar(text)
    assert [e.uid for e in result.events] == ["one", "three"]
    assert [(s.index, s.uid) for s in result.skipped] == [(1, "with-bad-alarm")]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \r\n\r\n",
        b"<!DOCTYPE html><html><head><title>Calendar</title></head><body>Not found</body></html>",
        bytes(range(256)) * 4,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Whit\r\nEND:VCARD\r\n",
    ],
)
def test_input_that_is_not_a_calendar_raises_one_clear_line(data: bytes | str) -> None:
    with pytest.raises(CalendarDataError) as raised:
        read_calendar(data, source="feed.ics")
    message = str(raised.value)
    assert message.startswith("feed.ics: ")
    assert "\n" not in message


def test_an_empty_calendar_reads_as_no_events() -> None:
    result = read_calendar(calendar())
    assert result.events == ()
    assert result.skipped == ()


def test_x_wr_timezone_reads_as_the_x_wr_timezone_library_converts_it() -> None:
    text = calendar(
        *event("DTSTART:20240105T090000", "DTEND:20240105T093000", uid="winter-floating"),
        *event("DTSTART:20240705T090000", uid="summer-floating"),
        *event("DTSTART:20240331T013000Z", uid="utc-near-dst"),
        *event("DTSTART;TZID=America/Chicago:20240705T090000", uid="zoned"),
        header=("X-WR-TIMEZONE:Europe/Amsterdam",),
    )
    standard = x_wr_timezone.to_standard(Calendar.from_ical(text))
    oracle = {str(e["UID"]): e["DTSTART"].dt for e in standard.walk("VEVENT")}
    for ev in read_calendar(text, default_tz="Asia/Kolkata").events:
        assert ev.start == oracle[ev.uid]
        assert ev.start.utcoffset() == oracle[ev.uid].utcoffset()
