"""The two interfaces every calendar backend implements (DESIGN.md §4).

Reading: ``changes(since)`` returns what changed since a sync state. Writing: ``put`` and
``delete`` with preconditions, so that a retried write can never duplicate or clobber.
Capabilities are attributes (an ICS feed is ``read_only``).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import AwareDatetime, BaseModel, ConfigDict

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.followup import FollowUp


class StoredObject(BaseModel):
    """One calendar object (a CalDAV href, a memory object) as last seen: its etag and the
    keys of the events it held. A backend remembers these so that a removed or rewritten
    object can be reported as removals of event keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    href: str
    etag: str | None = None
    keys: tuple[str, ...] = ()  # event keys; empty for an object that could not be read


class FeedEntry(BaseModel):
    """One UID of an ICS feed as last fetched: the hash of what identifies its events when
    the feed re-invents UIDs (``identity``), the hash of everything read from them
    (``content``, to upsert only what changed) and their event keys (for removals)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    uid: str
    identity: str
    content: str
    keys: tuple[str, ...] = ()


class SyncState(BaseModel):
    """Opaque per-calendar position: a sync token or ctag, and every object with its etag.

    ``objects`` serves both the ctag/etag fallback (compare etags) and removals (map a
    vanished href to the event keys it held). Store it as a whole; never edit it.

    An ICS feed (one document, fetched whole) keeps the document's HTTP validators
    (``etag``, ``last_modified``), when it may be fetched again (``not_before``, every
    ``refresh_seconds``), how many fetches in a row came back empty (``empty_fetches``) and
    one :class:`FeedEntry` per UID. All have defaults, so states stored before them load.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    token: str | None = None  # RFC 6578 sync token (or the memory backend's)
    ctag: str | None = None  # collection tag, for servers without sync tokens
    objects: tuple[StoredObject, ...] = ()
    etag: str | None = None  # a feed's HTTP ETag
    last_modified: str | None = None  # a feed's HTTP Last-Modified, as the server wrote it
    not_before: AwareDatetime | None = None
    refresh_seconds: int | None = None
    empty_fetches: int = 0
    entries: tuple[FeedEntry, ...] = ()


class EventRef(BaseModel):
    """Where a written event lives: calendar, object id (href or Google id) and its etag."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    calendar: str
    object_id: str
    etag: str | None = None


class ChangeSet(BaseModel):
    """What changed since a state. ``full_resync`` means: upserts hold the whole calendar, and
    anything not in it is gone (used after an invalid token, or on first sync); removals then
    still list the keys of ``since`` that are gone, when ``since`` knew its objects.
    A key both removed from one object and present in another is an upsert, never a removal.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    upserts: tuple[CalendarEvent, ...] = ()
    removals: tuple[str, ...] = ()  # event keys no longer in the calendar
    next_state: SyncState
    full_resync: bool = False
    skipped: int = 0  # events that could not be read (counted and logged, never fatal)
    refs: tuple[tuple[str, EventRef], ...] = ()  # event key -> object holding it (with etag)

    def ref_of(self, key: str) -> EventRef | None:
        """Where the upserted event ``key`` lives, e.g. to notice an edited follow-up."""
        return dict(self.refs).get(key)


class Precondition(BaseModel):
    """``if_none_match``: create only; ``if_match``: change only that version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    if_match: str | None = None
    if_none_match: bool = False


@runtime_checkable
class CalendarReader(Protocol):
    """Reads one calendar's changes."""

    read_only: bool

    async def changes(self, since: SyncState | None) -> ChangeSet:
        """What changed since ``since`` (``None``: everything, as a full resync)."""
        ...


@runtime_checkable
class CalendarWriter(Protocol):
    """Writes follow-ups into one calendar."""

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        """Create or replace the follow-up; raises PreconditionFailedError when the check fails."""
        ...

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        """Delete a written follow-up; raises PreconditionFailedError when the check fails."""
        ...
