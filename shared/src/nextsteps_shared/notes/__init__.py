"""What the owner wrote into an interview's notes: the next-steps timing and the outcome."""

from __future__ import annotations

from nextsteps_shared.notes.outcome import find_outcome
from nextsteps_shared.notes.reader import read_notes
from nextsteps_shared.notes.reading import NotesReading, Outcome
from nextsteps_shared.notes.timing import next_steps_due

__all__ = ["NotesReading", "Outcome", "find_outcome", "next_steps_due", "read_notes"]
