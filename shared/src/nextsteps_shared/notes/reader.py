"""Reading an interview's notes as a whole."""

from __future__ import annotations

from datetime import date

from nextsteps_shared.notes.outcome import find_outcome
from nextsteps_shared.notes.reading import NotesReading
from nextsteps_shared.notes.timing import next_steps_due


def read_notes(text: str, interview_date: date, timezone: str) -> NotesReading:
    """The next-steps due date and the noted outcome of one interview's notes."""
    return NotesReading(
        due=next_steps_due(text, interview_date, timezone),
        outcome=find_outcome(text),
    )
