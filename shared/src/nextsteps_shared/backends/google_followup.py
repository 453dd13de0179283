"""A follow-up as a Google Calendar event: its id, its body, and how nextsteps knows it again.

The body carries what the iCalendar writer (``ical.followup_writer``) puts in a VEVENT:
``iCalUID`` = ``<followup.uid>@nextsteps`` (so the follow-up is the same event wherever it
is read), summary, description (with the ``mailto:`` draft), start and end in UTC, one popup
reminder, ``transparency: transparent`` (never shown as busy) and ``visibility: private``, and
the ``X-NEXTSTEPS-*`` tags as ``extendedProperties.private`` (seen by this app's copy only).
Never attendees and never an organizer: Google would e-mail the recruiter. Writes go with
``sendUpdates=none`` as well (see ``google_calendar``), so nobody but the owner hears of them.

The event id is chosen by nextsteps, so a retried insert answers 409 instead of making a
second event: Google takes 5 to 1024 characters of base32hex (``a-v``, ``0-9``). A follow-up's
uid already is such a string (40 hex digits, see ``policy.identity``) and is used as it is;
any other uid is hashed into one (blake2b, 160 bits, base32hex).

An event that carries the follow-up tag is nextsteps' own: :func:`written_uid` gives its
follow-up uid when the event is the one nextsteps wrote (its id is the id of that uid), and
:func:`is_tagged` tells a copy the owner made of one (Google gives a copy a new id and a new
iCalUID, and keeps the extended properties): that copy is neither a follow-up nor an interview.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.followup_writer import ical_uid

FOLLOWUP_TAG: Final = "nextstepsFollowup"
KIND_TAG: Final = "nextstepsKind"
INTERVIEW_TAG: Final = "nextstepsInterview"
ATTEMPT_TAG: Final = "nextstepsAttempt"
_EVENT_ID: Final = re.compile(r"[a-v0-9]{5,1024}")
_VALUE_LIMIT: Final = 1024  # Google's limit on an extended property's value (in characters)
_ID_BYTES: Final = 20


def event_id(uid: str) -> str:
    """The Google event id of the follow-up with ``uid``: the uid itself when Google takes
    it, else a base32hex hash of it."""
    if _EVENT_ID.fullmatch(uid):
        return uid
    digest = hashlib.blake2b(uid.encode(), digest_size=_ID_BYTES).digest()
    return base64.b32hexencode(digest).decode().rstrip("=").lower()


def followup_body(followup: FollowUp, alarm_minutes_before: int = 0) -> dict[str, Any]:
    """The Event resource nextsteps writes for ``followup``."""
    return {
        "id": event_id(followup.uid),
        "iCalUID": ical_uid(followup),
        "status": "confirmed",
        "summary": followup.summary,
        "description": followup.description,
        "start": {"dateTime": _utc(followup.start)},
        "end": {"dateTime": _utc(followup.end)},
        "reminders": {
            "useDefault": False,
            "overrides": [{"method": "popup", "minutes": alarm_minutes_before}],
        },
        "transparency": "transparent",
        "visibility": "private",
        "extendedProperties": {"private": _tags(followup)},
    }


def _tags(followup: FollowUp) -> dict[str, str]:
    return {
        FOLLOWUP_TAG: followup.uid,
        KIND_TAG: followup.kind.value,
        INTERVIEW_TAG: followup.interview_key[:_VALUE_LIMIT],
        ATTEMPT_TAG: str(followup.attempt),
    }


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tagged_uid(item: Mapping[str, Any]) -> str | None:
    """The follow-up uid in an event's private extended properties (None when untagged)."""
    properties = item.get("extendedProperties")
    private = properties.get("private") if isinstance(properties, Mapping) else None
    found = private.get(FOLLOWUP_TAG) if isinstance(private, Mapping) else None
    return found if isinstance(found, str) and found else None


def is_tagged(item: Mapping[str, Any]) -> bool:
    """The event carries nextsteps' follow-up tag (written by nextsteps, or a copy of one)."""
    return tagged_uid(item) is not None


def written_uid(item: Mapping[str, Any]) -> str | None:
    """The follow-up uid of an event nextsteps wrote (None for any other event, copies of
    follow-ups included)."""
    found = tagged_uid(item)
    return found if found is not None and item.get("id") == event_id(found) else None
