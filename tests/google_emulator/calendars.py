"""Calendars and the user's calendar list: calendarList.list/get, calendars.get/insert/delete.

``calendarList.list`` pages (default 100 entries, never more than 250 on a page), filters by
``minAccessRole``, leaves hidden entries out unless ``showHidden``, deleted ones unless
``showDeleted``, and syncs incrementally with ``syncToken`` (then hidden and deleted entries
are always sent, and ``minAccessRole`` is refused, as documented). ``calendars.insert`` makes
a secondary calendar owned by the caller (id ``c_<hex>@group.calendar.google.com``) and lists
it with ``accessRole: owner``. The primary calendar cannot be deleted (Google says to clear
it instead).
"""

from __future__ import annotations

from typing import Any

from tests.google_emulator import errors
from tests.google_emulator.discovery import Query
from tests.google_emulator.event_time import zone as time_zone
from tests.google_emulator.paging import Scope, cut_page, open_window
from tests.google_emulator.store import ListEntry, Store, User, role_rank

PAGE_DEFAULT, PAGE_MAX = 100, 250


def list_entries(store: Store, user: User, query: Query) -> dict[str, Any]:
    """The CalendarList answer."""
    incremental = bool(query.text("syncToken"))
    if incremental and "minAccessRole" in query:
        message = "The parameter minAccessRole cannot be used together with syncToken."
        raise errors.bad_parameter("minAccessRole", message, reason="invalid")
    scope = Scope(f"calendarList:{user.email}", user.list_generation)
    window = open_window(query, scope, store.clock.last)
    entries = [
        entry
        for entry in user.entries.values()
        if (window.since is None or entry.revision > window.since)
        and _shown(store, user, entry, query, window.incremental)
    ]
    size = min(query.number("maxResults") or PAGE_DEFAULT, PAGE_MAX)
    page, token = cut_page(entries, lambda e: [e.calendar_id], size, window)
    items = [store.entry_resource(user, entry) for entry in page]
    latest = max([0, *(e.revision for e in user.entries.values())])
    return {"kind": "calendar#calendarList", "etag": f'"{latest}"', "items": items} | token


def _shown(store: Store, user: User, entry: ListEntry, query: Query, incremental: bool) -> bool:
    if incremental:
        return True
    if entry.deleted:
        return query.flag("showDeleted")
    if entry.hidden and not query.flag("showHidden"):
        return False
    wanted = query.text("minAccessRole")
    role = store.calendars[entry.calendar_id].acl.get(user.email, "none")
    return wanted is None or role_rank(role) >= role_rank(wanted)


def get_entry(store: Store, user: User, calendar_id: str) -> dict[str, Any]:
    calendar = store.reach(user, calendar_id)
    entry = user.entries.get(calendar.id)
    if entry is None or entry.deleted:
        raise errors.not_found()
    return store.entry_resource(user, entry)


def get_calendar(store: Store, user: User, calendar_id: str) -> dict[str, Any]:
    return store.reach(user, calendar_id).resource()


def insert_calendar(store: Store, user: User, body: dict[str, Any]) -> dict[str, Any]:
    """A new secondary calendar owned by ``user``."""
    summary = body.get("summary")
    if not summary:
        raise errors.required("Missing title.", "summary")
    zone = str(body.get("timeZone") or user.time_zone)
    try:
        time_zone(zone)
    except ValueError:
        raise errors.invalid(f"Invalid time zone: {zone!r}.", "timeZone") from None
    calendar = store.add_calendar(
        user.email, str(summary), time_zone=zone, description=body.get("description")
    )
    calendar.location = body.get("location")
    return calendar.resource()


def delete_calendar(store: Store, user: User, calendar_id: str) -> None:
    """Delete a secondary calendar the user owns; it leaves every calendar list."""
    calendar = store.reach(user, calendar_id)
    if calendar.id == user.email:
        raise errors.bad_request(
            "The primary calendar cannot be deleted; clear it instead.",
            reason="cannotDeletePrimaryCalendar",
        )
    if calendar.acl.get(user.email) != "owner":
        raise errors.forbidden_write()
    del store.calendars[calendar.id]
    for member in store.users.values():
        entry = member.entries.get(calendar.id)
        if entry is not None:
            entry.deleted, entry.revision = True, store.clock.tick()
