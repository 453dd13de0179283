"""An in-memory calendar: the reference for the backend contract and for pipeline tests.

It keeps iCalendar text per object like a CalDAV collection does: every change gets a new
etag and moves the sync token; a token from before :meth:`MemoryCalendar.expire_tokens`, or
older than ``token_lifetime`` changes, is refused and answered with a full resync.
``store`` and ``remove`` are what the calendar's owner (or a test) does; ``put`` and
``delete`` are nextsteps' conditional writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from nextsteps_shared.backends.inventory import Inventory
from nextsteps_shared.backends.protocol import ChangeSet, EventRef, Precondition, SyncState
from nextsteps_shared.errors import PreconditionFailedError
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.followup_writer import render_followup


@dataclass(frozen=True)
class _Object:
    data: str
    etag: str


def _now() -> datetime:
    return datetime.now(UTC)


class MemoryCalendar:
    """One calendar held in memory; implements CalendarReader and CalendarWriter."""

    read_only = False

    def __init__(
        self,
        name: str = "memory",
        *,
        default_tz: str = "UTC",
        token_lifetime: int | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.name = name
        self._default_tz = default_tz
        self._token_lifetime = token_lifetime
        self._clock = clock
        self._objects: dict[str, _Object] = {}
        self._changed_at: dict[str, int] = {}  # href -> revision of its last change or removal
        self._revision = 0
        self._epoch = 0
        self._oldest_valid = 0

    # -- the owner's side ---------------------------------------------------------------

    def href(self, object_name: str) -> str:
        """The href of an object name (``<uid>.ics``)."""
        return f"/{self.name}/{object_name}"

    def store(self, object_name: str, data: str) -> EventRef:
        """Create or replace an object without any precondition (the owner editing)."""
        return self._write(self.href(object_name), data)

    def remove(self, object_name: str) -> None:
        """Delete an object without any precondition (the owner deleting)."""
        self._drop(self.href(object_name))

    def data(self, href: str) -> str | None:
        """The iCalendar text stored at ``href``, if any."""
        stored = self._objects.get(href)
        return stored.data if stored is not None else None

    def expire_tokens(self) -> None:
        """Make every sync token handed out so far invalid (a server forgetting its history)."""
        self._epoch += 1

    # -- CalendarReader -------------------------------------------------------------------

    async def changes(self, since: SyncState | None) -> ChangeSet:
        """Objects changed since the state's token; a full listing for none or a stale one."""
        revision = self._valid_revision(since.token if since is not None else None)
        if revision is None:
            inventory = Inventory(self.name, since, full=True, default_tz=self._default_tz)
            hrefs = list(self._objects)
        else:
            inventory = Inventory(self.name, since, full=False, default_tz=self._default_tz)
            hrefs = [href for href, at in self._changed_at.items() if at > revision]
        for href in hrefs:
            stored = self._objects.get(href)
            if stored is None:
                inventory.gone(href)
            else:
                inventory.saw(href, stored.etag, stored.data)
        return inventory.change_set(token=f"{self._epoch}:{self._revision}")

    def _valid_revision(self, token: str | None) -> int | None:
        epoch, _, revision = (token or "").partition(":")
        if epoch != str(self._epoch) or not revision.isdigit():
            return None
        number = int(revision)
        if number > self._revision or number < self._oldest_valid:
            return None
        return number

    # -- CalendarWriter -------------------------------------------------------------------

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        """Write the follow-up at ``<uid>.ics`` if the precondition holds."""
        href = self.href(f"{followup.uid}.ics")
        self._check(href, precondition)
        return self._write(href, render_followup(followup, self._clock()))

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        """Delete a written object if the precondition holds (nothing to do when gone)."""
        self._check(ref.object_id, precondition)
        self._drop(ref.object_id)

    def _check(self, href: str, precondition: Precondition) -> None:
        stored = self._objects.get(href)
        if precondition.if_none_match and stored is not None:
            raise PreconditionFailedError(f"{href} already exists")
        if precondition.if_match is not None and (
            stored is None or stored.etag != precondition.if_match
        ):
            raise PreconditionFailedError(f"{href} is not at etag {precondition.if_match}")

    def _write(self, href: str, data: str) -> EventRef:
        revision = self._advance(href)
        digest = hashlib.sha256(data.encode()).hexdigest()[:16]
        stored = _Object(data=data, etag=f'"{digest}-{revision}"')
        self._objects[href] = stored
        return EventRef(calendar=self.name, object_id=href, etag=stored.etag)

    def _drop(self, href: str) -> None:
        if self._objects.pop(href, None) is not None:
            self._advance(href)

    def _advance(self, href: str) -> int:
        self._revision += 1
        self._changed_at[href] = self._revision
        if self._token_lifetime is not None:
            self._oldest_valid = max(0, self._revision - self._token_lifetime)
        return self._revision
