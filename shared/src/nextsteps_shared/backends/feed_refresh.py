"""How often a feed may be fetched: what the feed asks for, within sane bounds.

A feed says how often it changes with ``REFRESH-INTERVAL`` (RFC 7986) or Microsoft's
``X-PUBLISHED-TTL``, both durations on the VCALENDAR. They are calendar properties, which the
event reader does not return, so the two lines are looked up in the document's head (before
its first VEVENT) and the value read with icalendar's duration parser. The interval is kept
between the ``feeds.min_refresh_seconds`` and ``feeds.max_refresh_seconds`` settings; a feed
that asks for nothing (or something unreadable or negative) gets the minimum.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from icalendar.prop import vDuration

from nextsteps_shared.settings import FeedSettings

_HINT: Final = re.compile(
    rb"^(REFRESH-INTERVAL|X-PUBLISHED-TTL)(?:;[^:\r\n]*)?:[ \t]*([^\r\n]*?)[ \t]*\r?$",
    re.I | re.M,
)
_FIRST_EVENT: Final = re.compile(rb"^BEGIN:VEVENT", re.I | re.M)


def refresh_hint(document: bytes) -> timedelta | None:
    """The interval the feed asks for (REFRESH-INTERVAL first, else X-PUBLISHED-TTL)."""
    first_event = _FIRST_EVENT.search(document)
    head = document[: first_event.start()] if first_event else document
    found = {name.upper(): value for name, value in _HINT.findall(head)}
    value = found.get(b"REFRESH-INTERVAL") or found.get(b"X-PUBLISHED-TTL")
    if not value:
        return None
    try:
        hint = vDuration.from_ical(value.decode("ascii", "replace"))  # type: ignore[no-untyped-call]
    except Exception:  # an unreadable hint is no hint
        return None
    return hint if isinstance(hint, timedelta) and hint > timedelta(0) else None


def refresh_seconds(hint: timedelta | None, limits: FeedSettings) -> int:
    """Seconds until the next fetch: the hint within the bounds, else the minimum."""
    wanted = int(hint.total_seconds()) if hint is not None else limits.min_refresh_seconds
    return max(limits.min_refresh_seconds, min(wanted, limits.max_refresh_seconds))
