"""Properties of the notes reader on arbitrary text (Hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from nextsteps_shared.notes import NotesReading, next_steps_due, read_notes

ZONES = st.sampled_from(
    ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "America/Sao_Paulo", "UTC"]
)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1))
WORDS = st.sampled_from(
    [
        "by", "next", "Friday", "vendredi", "EOW", "end of", "week", "month", "mid-", "early",
        "2/20", "27.02.", "20th", "3-5", "business days", "weeks", "tomorrow", "today",
        "Update 3/4:", "\n", "maybe", "decision", "feedback", "Rückmeldung", "来週中に連絡",
        "2月30日までに", "31", "31.02.", "13/13", "0/0", "99 weeks", "999999 days", "March",
        "another week", "start date", "#offer", "no offer yet", "week of 2/30", ":", ",",
    ]
)
NOTES = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=25).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(NOTES, DAYS, ZONES)
def test_never_raises_and_never_before_the_interview(text: str, day: date, zone: str) -> None:
    due = next_steps_due(text, day, zone)
    assert due is None or due >= day


@settings(max_examples=200, deadline=None)
@given(NOTES, DAYS, ZONES)
def test_read_notes_agrees_with_its_parts(text: str, day: date, zone: str) -> None:
    reading = read_notes(text, day, zone)
    assert isinstance(reading, NotesReading)
    assert reading.due == next_steps_due(text, day, zone)
