"""Google Event bodies and follow-ups the Google backend tests share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from nextsteps_shared.followup import FollowUp, FollowUpKind

SERIES_UID = "weekly-sync-44@northwind.example"


def meeting(n: int, **fields: Any) -> dict[str, Any]:
    """An hour on day ``n`` after 1 March 2031 (UTC)."""
    start = datetime(2031, 3, 1, 9, tzinfo=UTC) + timedelta(days=n)
    body = {
        "iCalUID": f"meeting-{n}@example.org",
        "summary": f"Meeting {n}",
        "start": {"dateTime": start.isoformat()},
        "end": {"dateTime": (start + timedelta(hours=1)).isoformat()},
    }
    return body | fields


def weekly() -> dict[str, Any]:
    return {
        "iCalUID": SERIES_UID,
        "summary": "Interview loop: Northwind",
        "start": {"dateTime": "2031-03-03T10:00:00+01:00", "timeZone": "Europe/Berlin"},
        "end": {"dateTime": "2031-03-03T11:00:00+01:00", "timeZone": "Europe/Berlin"},
        "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=4"],
    }


def followup(uid: str = "0f0f0f0f0f", hour: int = 10) -> FollowUp:
    start = datetime(2031, 3, 20, hour, tzinfo=UTC)
    return FollowUp(
        uid=uid,
        kind=FollowUpKind.FOLLOW_UP,
        interview_key="onsite@quillworks.example",
        start=start,
        end=start + timedelta(minutes=30),
        timezone="Europe/Berlin",
        summary="Follow up now: Quillworks",
        description="Write to dana@quillworks.example",
    )
