"""Hypothesis: whatever bytes come in, read_calendar answers or raises CalendarDataError."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nextsteps_shared.errors import CalendarDataError
from nextsteps_shared.ical import ReadResult, read_calendar

SAMPLE = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Fuzz Sample//EN\r\n"
    "X-WR-TIMEZONE:Europe/Oslo\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Romance Standard Time\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:16011028T030000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "END:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "DTSTART:16010325T020000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "END:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:fuzz-1@example.org\r\n"
    "DTSTAMP:20240102T080000Z\r\n"
    "DTSTART;TZID=Romance Standard Time:20240410T140000\r\n"
    "DTEND;TZID=Romance Standard Time:20240410T150000\r\n"
    "SUMMARY:Entretien technique – Lumière SAS\r\n"
    "DESCRIPTION:Prochaines étapes : retour d'ici vendredi.\\nContact: RH\r\n"
    'ORGANIZER;CN="Claire, RH":mailto:claire@lumiere.example\r\n'
    "ATTENDEE;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:me@example.net\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=3\r\n"
    "BEGIN:VALARM\r\n"
    "ACTION:DISPLAY\r\n"
    "TRIGGER:-PT15M\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:fuzz-1@example.org\r\n"
    "RECURRENCE-ID;TZID=Romance Standard Time:20240417T140000\r\n"
    "DTSTART:20240417T130000Z\r\n"
    "DURATION:PT90M\r\n"
    "SUMMARY:Moved\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;VALUE=DATE:20240420\r\n"
    "SUMMARY:Day off, with a rather long line that goes on past seventy-five octets for sure\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:floating\r\n"
    "DTSTART:20240421T100000\r\n"
    "DTEND;TZID=/mozilla.org/20070129_1/Europe/Berlin:20240421T110000\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"read_calendar took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_safely(data: bytes) -> ReadResult | None:
    """The reader's answer; None for CalendarDataError. Anything else fails the test."""
    try:
        with deadline(5):
            result = read_calendar(data, "Pacific/Auckland", source="fuzz.ics")
    except CalendarDataError as error:
        refusal: str | None = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal.startswith("fuzz.ics: ")
        assert "\n" not in refusal
        return None
    for event in result.events:
        assert event.end >= event.start
        assert event.start.utcoffset() is not None
    for skipped in result.skipped:
        assert skipped.reason
    indexes = [s.index for s in result.skipped]
    assert indexes == sorted(set(indexes))
    return result


def test_the_sample_itself_reads_completely() -> None:
    result = read_safely(SAMPLE)
    assert result is not None
    assert len(result.events) == 4
    assert result.skipped == ()


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    read_safely(data)


@pytest.mark.slow
@FUZZ
@given(st.binary(max_size=512))
def test_arbitrary_bytes_after_a_calendar_header(data: bytes) -> None:
    read_safely(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + data)


@st.composite
def mutated_sample(draw: st.DrawFn) -> bytes:
    lines = SAMPLE.split(b"\r\n")
    for _ in range(draw(st.integers(1, 8))):
        operation = draw(st.sampled_from(["delete", "duplicate", "flip", "swap", "insert", "cut"]))
        at = draw(st.integers(0, len(lines) - 1))
        if operation == "delete" and len(lines) > 1:
            del lines[at]
        elif operation == "duplicate":
            lines.insert(at, lines[at])
        elif operation == "flip" and lines[at]:
            position = draw(st.integers(0, len(lines[at]) - 1))
            byte = draw(st.integers(0, 255))
            lines[at] = lines[at][:position] + bytes([byte]) + lines[at][position + 1 :]
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif operation == "insert":
            lines.insert(at, draw(st.binary(max_size=80)))
        elif operation == "cut":
            lines = lines[: max(at, 1)]
    separator = draw(st.sampled_from([b"\r\n", b"\n", b"\r"]))
    return separator.join(lines)


@pytest.mark.slow
@FUZZ
@given(mutated_sample())
def test_mutated_calendars(data: bytes) -> None:
    read_safely(data)


@pytest.mark.slow
@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "BEGIN:VCALENDAR",
                "END:VCALENDAR",
                "BEGIN:VEVENT",
                "END:VEVENT",
                "BEGIN:VTIMEZONE",
                "END:VTIMEZONE",
                "BEGIN:VALARM",
                "END:VALARM",
                "DTSTART:20240101T100000Z",
                "DTSTART;TZID=Nowhere:20240101T100000",
                "DTSTART;VALUE=DATE:20240101",
                "DTSTART;TZID=W. Europe Standard Time:20240101",
                "DTEND:20231231T100000Z",
                "DURATION:-P1D",
                "DURATION:P999999999999W",
                "RECURRENCE-ID:20240101T100000Z",
                "RRULE:FREQ=DAILY;UNTL=2024",
                "TZID:Nowhere",
                "TZOFFSETFROM:+9999",
                "TZOFFSETTO:-0000",
                "X-WR-TIMEZONE:Mars/Base",
                "UID:",
                'ATTENDEE;CN="unterminated:mailto:x@y',
                " folded continuation",
                "",
            ]
        ),
        max_size=40,
    )
)
def test_shuffled_calendar_lines(lines: list[str]) -> None:
    read_safely("\r\n".join(lines).encode())


@pytest.mark.slow
@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text_after_a_calendar_header(text: str) -> None:
    try:
        with deadline(5):
            read_calendar("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20240101\n" + text)
    except CalendarDataError:
        pass
