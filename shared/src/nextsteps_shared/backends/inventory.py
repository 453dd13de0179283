"""What a backend knows of a calendar's objects, and the change set it builds from a sync.

Every backend reports the objects a sync saw (href, etag, and iCalendar data or the events
it read itself) and the hrefs that vanished; :class:`Inventory` turns that into upserts,
removals of event keys, skipped events and the next :class:`SyncState`. A key that left one
object but lives on in another is not a removal.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from nextsteps_shared.backends.protocol import ChangeSet, EventRef, StoredObject, SyncState
from nextsteps_shared.errors import CalendarDataError
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.ical.reader import read_calendar

_log = logging.getLogger(__name__)


class Inventory:
    """Collects one sync's findings over the previous state (or from scratch when ``full``)."""

    def __init__(
        self, calendar: str, previous: SyncState | None, *, full: bool, default_tz: str = "UTC"
    ) -> None:
        self._calendar = calendar
        self._default_tz = default_tz
        self._full = full
        known = previous.objects if previous is not None else ()
        self._before = {key for stored in known for key in stored.keys}
        self._objects = {} if full else {stored.href: stored for stored in known}
        self._upserts: dict[str, CalendarEvent] = {}
        self._refs: dict[str, EventRef] = {}
        self._gone: set[str] = set(self._before) if full else set()
        self._skipped = 0

    def etag_of(self, href: str) -> str | None:
        """The etag last seen for ``href`` (None when unknown)."""
        stored = self._objects.get(href)
        return stored.etag if stored is not None else None

    @property
    def hrefs(self) -> frozenset[str]:
        """Every object currently known."""
        return frozenset(self._objects)

    def saw(self, href: str, etag: str | None, data: bytes | str) -> None:
        """Object ``href`` exists with this etag and data: its events are upserts."""
        self.record(href, etag, self._read(href, data))

    def record(
        self, href: str, etag: str | None, events: Sequence[CalendarEvent], *, skipped: int = 0
    ) -> None:
        """Object ``href`` exists with this etag and holds ``events``, already read (a backend
        whose objects are not iCalendar text, e.g. Google's JSON); ``skipped`` counts the events
        of it that could not be read."""
        self._skipped += skipped
        keys = tuple(event.key for event in events)
        self._forget(href)
        self._objects[href] = StoredObject(href=href, etag=etag, keys=keys)
        ref = EventRef(calendar=self._calendar, object_id=href, etag=etag)
        for event in events:
            self._upserts[event.key] = event
            self._refs[event.key] = ref

    def gone(self, href: str) -> None:
        """Object ``href`` no longer exists: its events are removals."""
        self._forget(href)
        self._objects.pop(href, None)

    def change_set(self, token: str | None = None, ctag: str | None = None) -> ChangeSet:
        """The change set of this sync, and the state to store once it has been handled."""
        living = {key for stored in self._objects.values() for key in stored.keys}
        state = SyncState(
            token=token, ctag=ctag, objects=tuple(sorted(self._objects.values(), key=_href))
        )
        return ChangeSet(
            upserts=tuple(self._upserts.values()),
            removals=tuple(sorted(self._gone - living)),
            next_state=state,
            full_resync=self._full,
            skipped=self._skipped,
            refs=tuple(self._refs.items()),
        )

    def _forget(self, href: str) -> None:
        stored = self._objects.get(href)
        if stored is None:
            return
        for key in stored.keys:
            ref = self._refs.get(key)
            if ref is not None and ref.object_id == href:
                del self._upserts[key], self._refs[key]
            self._gone.add(key)

    def _read(self, href: str, data: bytes | str) -> tuple[CalendarEvent, ...]:
        try:
            result = read_calendar(data, self._default_tz, source=href)
        except CalendarDataError as err:
            _log.warning("skipped unreadable calendar object %s: %s", href, err)
            self._skipped += 1
            return ()
        for skipped in result.skipped:
            _log.warning("skipped event %s in %s: %s", skipped.uid, href, skipped.reason)
        for value in result.skipped_values:
            _log.warning("skipped a value of event %s in %s: %s", value.uid, href, value.reason)
        self._skipped += len(result.skipped)
        return result.events


def _href(stored: StoredObject) -> str:
    return stored.href
