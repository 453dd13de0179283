"""Which events of a feed are the ones seen last time, and which of them changed.

A feed is fetched whole, so what changed is found by comparing it with the last fetch, kept
as one :class:`FeedEntry` per UID: the hash of what identifies its events (``identity``:
RECURRENCE-ID, start, end, summary, organiser and location of each VEVENT; never DTSTAMP or
UID), the hash of everything read from them (``content``: all but the UID and
LAST-MODIFIED, which generated feeds stamp with the time of the request) and their keys.

Events are the same as before by UID, as everywhere else. But some feeds invent new UIDs on
every fetch (exports generated on request that number or randomise them). A UID is judged
re-invented when it was not in the last fetch while a UID of the last fetch that is gone now
had events of the same identity: the events then take the old UID (and so keep their event
keys, records, snapshots and follow-ups). In a feed that re-invents all of them, none of the
last fetch's UIDs recur while the identities do, and every event keeps the UID it had when
first seen; gone UIDs of equal identity are handed out in order, one each. An event that is
changed and renamed in the same fetch cannot be told from a new one: it is a removal and a
new event.

Upserts are the events of new UIDs and of UIDs whose content hash changed; removals are the
keys of the last fetch that are in no UID now (a vanished override included).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nextsteps_shared.backends.protocol import FeedEntry
from nextsteps_shared.event import CalendarEvent

_VOLATILE = frozenset({"uid", "last_modified"})


@dataclass(frozen=True)
class FeedComparison:
    """This fetch against the last one."""

    upserts: tuple[CalendarEvent, ...]
    removals: tuple[str, ...]
    entries: tuple[FeedEntry, ...]


def compare(events: Iterable[CalendarEvent], previous: Sequence[FeedEntry]) -> FeedComparison:
    """The upserts, removals and entries of a fetch that read ``events``."""
    groups = _grouped(events)
    before = {entry.uid: entry for entry in previous}
    renamed = _reinvented(groups, before)
    entries: list[FeedEntry] = []
    upserts: dict[str, CalendarEvent] = {}
    for uid, group in groups.items():
        final = renamed.get(uid, uid)
        members = group if final == uid else [_renamed(event, final) for event in group]
        entry = _entry(final, group, members)
        entries.append(entry)
        old = before.get(final)
        if old is None or old.content != entry.content:
            upserts.update((event.key, event) for event in members)
    living = {key for entry in entries for key in entry.keys}
    known = {key for entry in previous for key in entry.keys}
    return FeedComparison(tuple(upserts.values()), tuple(sorted(known - living)), tuple(entries))


def identity(group: Sequence[CalendarEvent]) -> str:
    """What identifies one UID's events when the UID cannot be trusted."""
    lines = sorted(_identity_line(event) for event in group)
    return _digest(lines)


def content(group: Sequence[CalendarEvent]) -> str:
    """Everything read from one UID's events, but the UID and LAST-MODIFIED."""
    return _digest(sorted(event.model_dump_json(exclude=set(_VOLATILE)) for event in group))


def _grouped(events: Iterable[CalendarEvent]) -> dict[str, list[CalendarEvent]]:
    groups: dict[str, list[CalendarEvent]] = {}
    for event in events:
        groups.setdefault(event.uid, []).append(event)
    return groups


def _reinvented(
    groups: dict[str, list[CalendarEvent]], before: dict[str, FeedEntry]
) -> dict[str, str]:
    """New UID -> the gone UID whose events it holds (see the module's docstring)."""
    gone: dict[str, list[str]] = {}
    for uid, entry in before.items():
        if uid not in groups:
            gone.setdefault(entry.identity, []).append(uid)
    renamed: dict[str, str] = {}
    for uid, group in groups.items():
        if uid in before or not gone:
            continue
        candidates = gone.get(identity(group))
        if candidates:
            renamed[uid] = candidates.pop(0)
    return renamed


def _entry(uid: str, group: Sequence[CalendarEvent], members: Sequence[CalendarEvent]) -> FeedEntry:
    keys = tuple(dict.fromkeys(event.key for event in members))
    return FeedEntry(uid=uid, identity=identity(group), content=content(group), keys=keys)


def _renamed(event: CalendarEvent, uid: str) -> CalendarEvent:
    """The event under the UID it had before (validated anew: its key is derived)."""
    return CalendarEvent.model_validate({**event.model_dump(), "uid": uid})


def _identity_line(event: CalendarEvent) -> str:
    organizer = event.organizer.email if event.organizer else ""
    recurrence = event.recurrence_id.isoformat() if event.recurrence_id else ""
    parts = (recurrence, event.start.isoformat(), event.end.isoformat())
    return "\x1f".join((*parts, event.summary, organizer, event.location))


def _digest(lines: Iterable[str]) -> str:
    return hashlib.sha256("\x1e".join(lines).encode()).hexdigest()[:32]
