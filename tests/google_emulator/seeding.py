"""Putting data into the emulator straight from Python, without HTTP: fast and exact.

A benchmark needs 10,000 events in a calendar before it starts timing; sending them one by one
through events.insert would take minutes and fill the request log. Seeding builds the same
stored resources an insert would (same defaults, same checks, one revision each) under the
store's lock, and wakes the calendar's watch channels once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tests.google_emulator.event_changes import EventWriter
from tests.google_emulator.state import EmulatorState


def seed_events(
    state: EmulatorState,
    calendar_id: str,
    bodies: Iterable[dict[str, Any]],
    user: str | None = None,
) -> list[str]:
    """Insert ``bodies`` (Event resources; ``id`` optional) into a calendar; their ids.

    Each body is checked against the discovery document's Event schema first, so seeded data is
    data a client could have written. ``user`` (default: the calendar's owner) must be allowed
    to write there. Raises :class:`~tests.google_emulator.errors.ApiError` for a bad body.
    """
    store = state.store
    event_schema = {"$ref": "Event"}
    with store.lock:
        calendar = store.calendars[calendar_id]
        writer = EventWriter(store, calendar, user or calendar.owner)
        ids = []
        for body in bodies:
            state.discovery.check_value(body, event_schema, "resource")
            ids.append(str(writer.insert(body)["id"]))
    state.channels.changed(calendar_id)
    return ids
