"""``<data dir>/followups/<account>.ics``: an account's current follow-ups as one calendar file.

Written whole and atomically (a temporary file renamed over the old one), so a reader or a
calendar subscribing to the file never sees half of it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from nextsteps_shared.data_layout import followup_file
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.followup_writer import render_calendar


def write_followup_file(
    data_dir: Path,
    account: str,
    followups: Sequence[FollowUp],
    now: datetime,
    alarm_minutes_before: int = 0,
) -> Path:
    """Replace the account's file with ``followups``; returns its path."""
    path = followup_file(data_dir, account)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = render_calendar(
        followups,
        now,
        f"nextsteps follow-ups ({account})",
        alarm_minutes_before=alarm_minutes_before,
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(text.encode("utf-8"))
    os.replace(temporary, path)
    return path
