"""Where things live in the data directory (shared by the services and the operator CLI)."""

from __future__ import annotations

from pathlib import Path

FOLLOWUPS_FOLDER = "followups"


def followup_file(data_dir: Path, account: str) -> Path:
    """The planner's file of an account's current follow-ups: ``followups/<account>.ics``."""
    return data_dir / FOLLOWUPS_FOLDER / f"{account}.ics"
