"""events.import: a private copy of an event that comes from elsewhere (an invitation, a file).

How it differs from insert (Google's reference for Events: import, and the Event schema, whose
``organizer`` is "Read-only, except when importing an event"):

- ``iCalUID`` is required, and the ``organizer`` is kept as given (``self`` when it is the
  calendar), so an imported interview is organised by the recruiter, not by the owner.
- An event of the calendar with that iCalUID is changed in place (same id; a deleted one comes
  back), never duplicated. A body with ``originalStartTime`` and the iCalUID of a recurring
  event of the calendar changes that instance: the exception ``<seriesId>_<start>``, moved or,
  with ``status: cancelled``, cancelled, as an updated invitation does.
- Otherwise a new event, with the body's ``id`` (checked as insert checks it) or a new one.

Emulator limit: conference data and attachments are not imported.
"""

from __future__ import annotations

from typing import Any

from tests.google_emulator import errors
from tests.google_emulator.event_changes import EventWriter
from tests.google_emulator.event_resource import SERIES_FIELDS
from tests.google_emulator.event_time import read_when
from tests.google_emulator.recurrence import instance_id
from tests.google_emulator.store import Calendar, Store, StoredEvent


def import_event(
    store: Store, calendar: Calendar, author: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Import ``body`` into ``calendar`` (under the store's lock); the stored resource."""
    uid = body.get("iCalUID")
    if not uid:
        raise errors.required("Missing iCalUID.", "iCalUID")
    writer = EventWriter(store, calendar, author)
    fields = {k: v for k, v in body.items() if k not in SERIES_FIELDS}
    target = _target(calendar, str(uid), body)
    if target is None:
        made = writer.insert(fields)
    else:
        made = writer.update(target, {k: v for k, v in fields.items() if k != "id"}, None)
    return _organised(calendar, made, body.get("organizer"))


def _target(calendar: Calendar, uid: str, body: dict[str, Any]) -> str | None:
    """The id of the event the import changes (None: a new event)."""
    if body.get("originalStartTime") is None:
        same = [e for e in _with_uid(calendar, uid) if e.series_id is None]
        return same[0].id if same else None
    series = [e for e in _with_uid(calendar, uid) if e.recurring and e.series_id is None]
    if not series:
        raise errors.not_found("The recurring event of this instance is not in the calendar.")
    start = read_when(body["originalStartTime"], "originalStartTime")
    return instance_id(series[0].id, start)


def _with_uid(calendar: Calendar, uid: str) -> list[StoredEvent]:
    return [e for e in calendar.events.values() if e.resource.get("iCalUID") == uid]


def _organised(calendar: Calendar, made: dict[str, Any], organizer: object) -> dict[str, Any]:
    """The stored event with the imported organizer in place of the calendar."""
    if not isinstance(organizer, dict) or not organizer.get("email"):
        return made
    kept = {k: organizer[k] for k in ("email", "displayName") if organizer.get(k)}
    made = {**made, "organizer": kept | ({"self": True} if kept["email"] == calendar.id else {})}
    calendar.events[str(made["id"])].resource = made
    return made
