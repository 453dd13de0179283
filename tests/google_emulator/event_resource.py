"""Event resources: what the server makes of a client's body, and how it shows them back.

Google owns some fields (``kind``, ``etag``, ``created``, ``updated``, ``htmlLink``, ``creator``,
``organizer``): whatever a client sends there is replaced. It fills defaults the way the real
API does (``status: confirmed``, ``iCalUID: <id>@google.com``, ``sequence``, ``reminders:
{useDefault: true}``, ``eventType: default``), keeps ``iCalUID`` and ``created`` across updates,
and raises ``sequence`` when the time or the rule changes. A client-chosen ``id`` must be
base32hex (a-v, 0-9) and 5 to 1024 characters long. ``patch`` merges objects field by field,
replaces arrays, and clears a field sent as ``null``. A deleted event is shown to sync clients
as a tombstone: ``kind``, ``etag``, ``id``, ``status: cancelled`` (and, for an instance of a
recurring event, ``recurringEventId`` and ``originalStartTime``).
"""

from __future__ import annotations

import base64
import copy
import re
from typing import Any

from tests.google_emulator import errors
from tests.google_emulator.clock import etag, stamp
from tests.google_emulator.event_time import When, read_span
from tests.google_emulator.recurrence import series_of
from tests.google_emulator.store import Calendar

SERVER_OWNED = frozenset({"kind", "etag", "htmlLink", "created", "updated", "creator", "organizer"})
SERIES_FIELDS = ("recurringEventId", "originalStartTime")
STATUSES = ("confirmed", "tentative", "cancelled")
_ID = re.compile(r"[a-v0-9]{5,1024}")
_HEAD = ("kind", "etag", "id", "status", "htmlLink", "created", "updated", "summary")


def check_event_id(event_id: str) -> None:
    """Refuse a client-chosen id that Google would refuse."""
    if not _ID.fullmatch(event_id):
        raise errors.invalid("Invalid resource id value.", "id")


def build_event(
    body: dict[str, Any],
    calendar: Calendar,
    author: str,
    revision: int,
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The stored resource for ``body`` written at ``revision`` (over ``previous``, if any)."""
    fields = {k: v for k, v in body.items() if k not in SERVER_OWNED and v is not None}
    _check(fields)
    event_id = str(previous["id"] if previous else fields["id"])
    base = previous or {}
    made: dict[str, Any] = {
        "kind": "calendar#event",
        "etag": etag(revision),
        "id": event_id,
        "status": fields.pop("status", "confirmed"),
        "htmlLink": _link(event_id, calendar.id),
        "created": base.get("created", stamp(revision)),
        "updated": stamp(revision),
        "creator": base.get("creator", {"email": author, "self": True}),
        "organizer": base.get("organizer", _organizer(calendar)),
    }
    made |= {k: v for k, v in fields.items() if k != "id"}
    made["iCalUID"] = base.get("iCalUID") or fields.get("iCalUID") or f"{event_id}@google.com"
    made["sequence"] = fields.get("sequence", _sequence(base, made))
    made.setdefault("reminders", {"useDefault": True})
    made.setdefault("eventType", "default")
    for name in SERIES_FIELDS:
        if name in base:
            made[name] = base[name]
    return _ordered(made)


def _check(fields: dict[str, Any]) -> None:
    if fields.get("status", "confirmed") not in STATUSES:
        raise errors.invalid(f"Invalid value for status: {fields['status']!r}.", "status")
    if fields.get("status") == "cancelled" and "start" not in fields:
        return
    start, end = read_span(fields)
    fields["start"], fields["end"] = start.render(), end.render()
    if fields.get("recurrence"):
        series_of(fields)


def _organizer(calendar: Calendar) -> dict[str, Any]:
    if calendar.id == calendar.owner:
        return {"email": calendar.id, "self": True}
    return {"email": calendar.id, "displayName": calendar.summary, "self": True}


def _link(event_id: str, calendar_id: str) -> str:
    eid = base64.urlsafe_b64encode(f"{event_id} {calendar_id}".encode()).decode().rstrip("=")
    return f"https://www.google.com/calendar/event?eid={eid}"


def _sequence(previous: dict[str, Any], made: dict[str, Any]) -> int:
    before = int(previous.get("sequence", 0))
    if not previous:
        return before
    moved = any(previous.get(k) != made.get(k) for k in ("start", "end", "recurrence"))
    return before + 1 if moved else before


def _ordered(resource: dict[str, Any]) -> dict[str, Any]:
    head = {k: resource[k] for k in _HEAD if k in resource}
    return head | {k: v for k, v in resource.items() if k not in head}


def client_view(resource: dict[str, Any]) -> dict[str, Any]:
    """The fields a client may write, from a stored resource (what patch merges into)."""
    return {k: copy.deepcopy(v) for k, v in resource.items() if k not in SERVER_OWNED}


def merged(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """``patch`` applied to ``base``: objects merge, arrays and values replace, null clears."""
    result = dict(base)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def tombstone(resource: dict[str, Any]) -> dict[str, Any]:
    """How a deleted event appears in a listing."""
    shown = {
        "kind": "calendar#event",
        "etag": resource["etag"],
        "id": resource["id"],
        "status": "cancelled",
    }
    return shown | {k: resource[k] for k in SERIES_FIELDS if k in resource}


def instance_of(series: dict[str, Any], start: When, end: When, instance_id: str) -> dict[str, Any]:
    """The generated instance of a recurring event that originally starts at ``start``."""
    made = {k: copy.deepcopy(v) for k, v in series.items() if k != "recurrence"}
    made |= {
        "id": instance_id,
        "start": start.render(),
        "end": end.render(),
        "recurringEventId": series["id"],
        "originalStartTime": start.render(),
    }
    return _ordered(made)
