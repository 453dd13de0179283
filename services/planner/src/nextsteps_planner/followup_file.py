"""``<data dir>/followups/<account>.ics``: an account's current follow-ups as one calendar file.

Written whole and atomically (a temporary file renamed over the old one), so a reader or a
calendar subscribing to the file never sees half of it. What goes in it is rendered once by
:mod:`publication`, which serves the very same text as the account's feed.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from nextsteps_shared.data_layout import followup_file


def write_followup_file(data_dir: Path, account: str, text: str, changed: datetime) -> Path:
    """Replace the account's file with ``text``, its modification time ``changed`` (what the
    feed says as Last-Modified, read back after a restart); returns its path."""
    path = followup_file(data_dir, account)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(text.encode("utf-8"))
    stamp = changed.timestamp()
    os.utime(temporary, (stamp, stamp))
    os.replace(temporary, path)
    return path


def read_followup_file(data_dir: Path, account: str) -> tuple[str, datetime] | None:
    """The account's file as left by an earlier run and when it was written; None when there
    is none or it cannot be read (it is then simply written again)."""
    path = followup_file(data_dir, account)
    try:
        text = path.read_bytes().decode("utf-8")
        written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except (OSError, UnicodeDecodeError):
        return None
    return text, written
