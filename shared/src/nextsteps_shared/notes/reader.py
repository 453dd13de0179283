"""Reading an interview's notes as a whole.

The reading is a pure function of its arguments and a frozen value, so it is remembered for
the most recent notes: the planner reads the same interview's notes to plan its chain, to
decide whether it is still active, and again at every sweep.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from nextsteps_shared.notes.outcome import find_outcome
from nextsteps_shared.notes.reading import NotesReading
from nextsteps_shared.notes.timing import next_steps_due


@lru_cache(maxsize=4096)
def read_notes(text: str, interview_date: date, timezone: str) -> NotesReading:
    """The next-steps due date and the noted outcome of one interview's notes."""
    return NotesReading(
        due=next_steps_due(text, interview_date, timezone),
        outcome=find_outcome(text),
    )
