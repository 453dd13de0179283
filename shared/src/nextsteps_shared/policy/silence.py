"""Why employers go quiet after an interview (DESIGN.md §1), one line per follow-up.

The line is picked deterministically from the interview and the step, and moves on by one at
each step of a chain, so the owner reads a different reason each time.
"""

from __future__ import annotations

import zlib

SILENCE_REASONS: tuple[str, ...] = (
    "Silence is common: they may be stalling while they wait on another candidate or a long "
    "slate. A polite nudge keeps you in view.",
    "Some employers find saying no uncomfortable and say nothing instead; a friendly, direct "
    "question gets you an answer either way.",
    "Hiring is often disorganised: your message may be the reminder that moves your "
    "application along.",
    "The person who interviewed you may have left or changed teams; the recruiter can tell you "
    "who owns your application now.",
    "They are probably swamped. Silence says more about their inbox than about you.",
)


def silence_reason(interview_key: str, step: int) -> str:
    """The reason shown at ``step`` (0, 1, 2, …) of the chain of ``interview_key``."""
    start = zlib.crc32(interview_key.encode())
    return SILENCE_REASONS[(start + step) % len(SILENCE_REASONS)]
