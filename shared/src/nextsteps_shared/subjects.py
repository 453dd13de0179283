"""Queue names: the stream and subjects both services agree on."""

from __future__ import annotations

STREAM = "NEXTSTEPS"
SUBJECT_PREFIX = "nextsteps"
INTERVIEW_SEEN = f"{SUBJECT_PREFIX}.interview.seen"
INTERVIEW_GONE = f"{SUBJECT_PREFIX}.interview.gone"
FOLLOWUP_CHANGED = f"{SUBJECT_PREFIX}.followup.changed"
DEAD_LETTER = f"{SUBJECT_PREFIX}.dead"
ALL_SUBJECTS = (INTERVIEW_SEEN, INTERVIEW_GONE, FOLLOWUP_CHANGED)
