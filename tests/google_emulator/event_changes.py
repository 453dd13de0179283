"""Reading and writing single events: get, insert, update, patch, delete.

The rules are Google's: an insert with an id that exists (even deleted) is a 409 ``duplicate``;
update and patch of an unknown id are 404, and they revive a deleted event; deleting a deleted
event is 410 ``deleted``; ``If-Match`` with another etag is 412 ``conditionNotMet`` (``*``
matches any). An instance of a recurring event (``<seriesId>_<start>``) can be read, changed
and deleted although it is not stored: the first change stores it as an exception, and
deleting the series cancels its exceptions too. Every write takes a new revision, so the
etag and ``updated`` change each time.
"""

from __future__ import annotations

from typing import Any

from tests.google_emulator import errors
from tests.google_emulator.event_resource import (
    build_event,
    check_event_id,
    client_view,
    instance_of,
    merged,
)
from tests.google_emulator.event_time import When
from tests.google_emulator.recurrence import instance_id, original_start, series_of
from tests.google_emulator.store import Calendar, Store, StoredEvent, new_event_id


class EventWriter:
    """Single-event operations on one calendar, as one user, under the store's lock."""

    def __init__(self, store: Store, calendar: Calendar, author: str) -> None:
        self.store = store
        self.calendar = calendar
        self.author = author

    def get(self, event_id: str) -> dict[str, Any]:
        """The event (a deleted one too, with ``status: cancelled``, as Google does)."""
        return self._current(event_id)

    def insert(self, body: dict[str, Any]) -> dict[str, Any]:
        event_id = body.get("id")
        if event_id is None:
            event_id = new_event_id()
        check_event_id(str(event_id))
        if self._known(str(event_id)) is not None:
            raise errors.duplicate()
        return self._write({**body, "id": event_id}, None)

    def update(self, event_id: str, body: dict[str, Any], if_match: str | None) -> dict[str, Any]:
        previous = self._checked(event_id, if_match)
        return self._write(body, previous)

    def patch(self, event_id: str, body: dict[str, Any], if_match: str | None) -> dict[str, Any]:
        previous = self._checked(event_id, if_match)
        return self._write(merged(client_view(previous), body), previous)

    def delete(self, event_id: str, if_match: str | None) -> None:
        previous = self._checked(event_id, if_match)
        if previous.get("status") == "cancelled":
            raise errors.deleted()
        revision = self.store.clock.tick()
        self._cancel(previous, revision)
        if previous.get("recurrence"):
            for exception in self._exceptions_of(event_id):
                self._cancel(exception.resource, revision)

    def _cancel(self, resource: dict[str, Any], revision: int) -> None:
        body = {**client_view(resource), "status": "cancelled"}
        gone = build_event(body, *self._at(revision), resource)
        self.store.write_event(self.calendar, gone, revision)

    def _at(self, revision: int) -> tuple[Calendar, str, int]:
        return self.calendar, self.author, revision

    def _write(self, body: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
        revision = self.store.clock.tick()
        made = build_event(body, *self._at(revision), previous)
        self.store.write_event(self.calendar, made, revision)
        return made

    def _checked(self, event_id: str, if_match: str | None) -> dict[str, Any]:
        current = self._current(event_id)
        if if_match is not None and if_match.strip() not in ("*", current["etag"]):
            raise errors.condition_not_met()
        return current

    def _current(self, event_id: str) -> dict[str, Any]:
        found = self._known(event_id)
        if found is None:
            raise errors.not_found()
        return found

    def _known(self, event_id: str) -> dict[str, Any] | None:
        stored = self.calendar.events.get(event_id)
        if stored is not None:
            return stored.resource
        return self._generated_instance(event_id)

    def _generated_instance(self, event_id: str) -> dict[str, Any] | None:
        named = original_start(event_id)
        series = self.calendar.events.get(named[0]) if named else None
        if named is None or series is None or not series.recurring:
            return None
        rules = series_of(series.resource)
        start = named[1]
        if not rules.has_start(start) or instance_id(series.id, start) != event_id:
            return None
        start = When(start.value, rules.first.zone)
        resource = instance_of(series.resource, start, rules.end_of(start), event_id)
        return resource if not series.cancelled else {**resource, "status": "cancelled"}

    def _exceptions_of(self, series_id: str) -> list[StoredEvent]:
        return [e for e in self.calendar.events.values() if e.series_id == series_id]
