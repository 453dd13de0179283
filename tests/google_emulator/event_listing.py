"""events.list and events.instances, with the Calendar API's documented rules.

- Paging: ``maxResults`` (default 250; a page is never larger than 2500, larger asks are cut
  to that, as the parameter's description says), ``pageToken``; ``nextSyncToken`` only on the
  last page.
- Incremental sync: with ``syncToken`` only what changed after it, deleted events included
  (as tombstones); ``iCalUID``, ``orderBy``, ``privateExtendedProperty``, ``q``,
  ``sharedExtendedProperty``, ``timeMin``, ``timeMax`` and ``updatedMin`` are refused with it,
  and so is ``showDeleted=false``; a stale token is 410 ``fullSyncRequired``.
- ``showDeleted`` (cancelled instances of a recurring event are shown even without it when
  ``singleEvents`` is false, as documented), ``singleEvents`` (series expanded into instances,
  the series themselves left out), ``orderBy`` (``startTime`` only with ``singleEvents``, else
  400 "The requested ordering is not available for the particular query."), ``timeMin``
  (exclusive bound on the end) / ``timeMax`` (exclusive bound on the start), ``updatedMin``,
  ``iCalUID``, ``q`` (words in summary, description, location, attendees, organizer) and
  ``private``/``sharedExtendedProperty`` (``key=value``, all must match).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tests.google_emulator import errors
from tests.google_emulator.clock import etag, stamp
from tests.google_emulator.discovery import Query, parse_rfc3339
from tests.google_emulator.event_resource import instance_of, tombstone
from tests.google_emulator.event_time import read_span
from tests.google_emulator.paging import Scope, Window, cut_page, open_window
from tests.google_emulator.recurrence import instance_id, series_of
from tests.google_emulator.store import Calendar, StoredEvent

PAGE_DEFAULT, PAGE_MAX = 250, 2500
NOT_WITH_SYNC = (
    "iCalUID",
    "orderBy",
    "privateExtendedProperty",
    "q",
    "sharedExtendedProperty",
    "timeMin",
    "timeMax",
    "updatedMin",
)


@dataclass(frozen=True)
class Row:
    """One candidate item of a listing: the resource, when it was written, and its span."""

    resource: dict[str, Any]
    revision: int

    @property
    def cancelled(self) -> bool:
        return self.resource.get("status") == "cancelled"

    def span(self, zone: str) -> tuple[datetime, datetime] | None:
        if "start" not in self.resource:
            return None
        start, end = read_span(self.resource)
        return start.instant(zone), end.instant(zone)

    def shown(self) -> dict[str, Any]:
        return tombstone(self.resource) if self.cancelled else self.resource


@dataclass(frozen=True)
class Listing:
    """What one list request asks for, read from its query."""

    window: Window
    single: bool
    show_deleted: bool
    time_min: datetime | None
    time_max: datetime | None
    horizon: datetime | None  # timeMax; None: each series' own default horizon
    size: int


def list_events(calendar: Calendar, access_role: str, query: Query, latest: int) -> dict[str, Any]:
    """The Events answer of events.list for ``calendar``."""
    _refuse_combinations(query)
    listing = _listing(calendar, query, latest)
    rows = [row for row in _rows(calendar, listing) if _wanted(row, listing, query, calendar)]
    page, token = cut_page(rows, _order(query, calendar), listing.size, listing.window)
    return _answer(calendar, access_role, [row.shown() for row in page], token)


def list_instances(
    calendar: Calendar, access_role: str, series: StoredEvent, query: Query, latest: int
) -> dict[str, Any]:
    """The Events answer of events.instances for one recurring event."""
    if series.cancelled:
        raise errors.deleted()
    listing = _listing(calendar, query, latest, single=True)
    if series.recurring:
        rows = list(_instances(calendar, series, listing.horizon, None))
        rows += [Row(e.resource, e.revision) for e in _exceptions(calendar, series.id)]
    else:
        rows = [Row(series.resource, series.revision)]
    wanted = [row for row in rows if _wanted(row, listing, query, calendar)]
    original = query.text("originalStart")
    if original is not None:
        wanted = [r for r in wanted if _original_matches(r, original)]
    page, token = cut_page(wanted, _order(query, calendar), listing.size, listing.window)
    token.pop("nextSyncToken", None)  # instances cannot be synced incrementally
    return _answer(calendar, access_role, [row.shown() for row in page], token)


def _refuse_combinations(query: Query) -> None:
    if query.text("syncToken"):
        for name in NOT_WITH_SYNC:
            if name in query:
                message = f"The parameter {name} cannot be used together with syncToken."
                raise errors.bad_parameter(name, message, reason="invalid")
        if "showDeleted" in query and not query.flag("showDeleted"):
            message = "showDeleted cannot be false with syncToken: deleted events are always sent."
            raise errors.bad_parameter("showDeleted", message, reason="invalid")
    if query.text("orderBy") == "startTime" and not query.flag("singleEvents"):
        message = "The requested ordering is not available for the particular query."
        raise errors.bad_parameter("orderBy", message, reason="invalid")


def _exceptions(calendar: Calendar, series_id: str) -> list[StoredEvent]:
    return [e for e in calendar.events.values() if e.series_id == series_id]


def _listing(calendar: Calendar, query: Query, latest: int, single: bool = False) -> Listing:
    time_min, time_max = query.moment("timeMin"), query.moment("timeMax")
    if time_min is not None and time_max is not None and time_min >= time_max:
        raise errors.time_range_empty("timeMax")
    scope = Scope(f"events:{calendar.id}", calendar.generation)
    return Listing(
        window=open_window(query, scope, latest),
        single=single or query.flag("singleEvents"),
        show_deleted=query.flag("showDeleted"),
        time_min=time_min,
        time_max=time_max,
        horizon=time_max,
        size=min(query.number("maxResults") or PAGE_DEFAULT, PAGE_MAX),
    )


def _rows(calendar: Calendar, listing: Listing) -> Iterator[Row]:
    since = listing.window.since
    for stored in calendar.events.values():
        if listing.single and stored.recurring:
            yield from _instances(calendar, stored, listing.horizon, since)
        elif since is None or stored.revision > since:
            yield Row(stored.resource, stored.revision)


def _instances(
    calendar: Calendar, series: StoredEvent, horizon: datetime | None, since: int | None
) -> Iterator[Row]:
    """The generated instances of ``series`` (exceptions are stored rows of their own)."""
    if since is not None and series.revision <= since:
        return
    rules = series_of(series.resource)
    for start in rules.starts(until=horizon):
        made_id = instance_id(series.id, start)
        if made_id in calendar.events:
            continue
        made = instance_of(series.resource, start, rules.end_of(start), made_id)
        yield Row(made, series.revision)


def _wanted(row: Row, listing: Listing, query: Query, calendar: Calendar) -> bool:
    if listing.single and row.resource.get("recurrence"):
        return False
    if row.cancelled and not _show_cancelled(row, listing, query, calendar):
        return False
    return _in_time(row, listing, calendar) and _matches(row.resource, query)


def _show_cancelled(row: Row, listing: Listing, query: Query, calendar: Calendar) -> bool:
    if listing.window.incremental or listing.show_deleted:
        return True
    updated_min = query.moment("updatedMin")
    if updated_min is not None:
        return True  # "entries deleted since this time will always be included"
    series_id = row.resource.get("recurringEventId")
    if listing.single or not series_id:
        return False
    series = calendar.events.get(str(series_id))
    return series is not None and not series.cancelled


def _in_time(row: Row, listing: Listing, calendar: Calendar) -> bool:
    if listing.time_min is None and listing.time_max is None:
        return True
    if row.resource.get("recurrence") and not row.cancelled:
        return _series_in_time(row, listing, calendar.time_zone)
    span = row.span(calendar.time_zone)
    if span is None:
        return True
    after_min = listing.time_min is None or span[1] > listing.time_min
    return after_min and (listing.time_max is None or span[0] < listing.time_max)


def _series_in_time(row: Row, listing: Listing, zone: str) -> bool:
    rules = series_of(row.resource)
    for start in rules.starts(until=listing.horizon):
        end = rules.end_of(start)
        if listing.time_min is None or end.instant(zone) > listing.time_min:
            return True
    return False


def _matches(resource: dict[str, Any], query: Query) -> bool:
    updated_min = query.moment("updatedMin")
    if updated_min is not None and _updated(resource) < updated_min:
        return False
    uid = query.text("iCalUID")
    if uid is not None and resource.get("iCalUID") != uid:
        return False
    words = query.text("q")
    if words and not _has_words(resource, words):
        return False
    return _has_properties(resource, query, "private") and _has_properties(
        resource, query, "shared"
    )


def _updated(resource: dict[str, Any]) -> datetime:
    return parse_rfc3339(str(resource["updated"])) or datetime.min.replace(tzinfo=UTC)


def _has_properties(resource: dict[str, Any], query: Query, kind: str) -> bool:
    held = resource.get("extendedProperties", {}).get(kind, {})
    for constraint in query.texts(f"{kind}ExtendedProperty"):
        key, found, value = constraint.partition("=")
        if not found:
            name = f"{kind}ExtendedProperty"
            raise errors.bad_parameter(name, f"Invalid {name} value: {constraint!r}.", "invalid")
        if held.get(key) != value:
            return False
    return True


def _has_words(resource: dict[str, Any], words: str) -> bool:
    people = [*resource.get("attendees", []), resource.get("organizer", {})]
    texts = [str(resource.get(k, "")) for k in ("summary", "description", "location")]
    texts += [str(p.get(k, "")) for p in people for k in ("email", "displayName")]
    haystack = " ".join(texts).lower()
    return all(word in haystack for word in words.lower().split())


def _original_matches(row: Row, original: str) -> bool:
    given = parse_rfc3339(original)
    shown = row.resource.get("originalStartTime", {})
    if given is None or "dateTime" not in shown:
        return bool(shown.get("date") == original)
    found = parse_rfc3339(str(shown["dateTime"]))
    return found == given


def _order(query: Query, calendar: Calendar) -> Callable[[Row], list[Any]]:
    order = query.text("orderBy")
    if order == "updated":
        return lambda row: [str(row.resource.get("updated", "")), row.resource["id"]]
    if order == "startTime":
        return lambda row: [_start_key(row, calendar.time_zone), row.resource["id"]]
    return lambda row: [row.resource["id"]]


def _start_key(row: Row, zone: str) -> str:
    span = row.span(zone)
    return "" if span is None else f"{span[0].astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}"


def _default_reminders(calendar: Calendar) -> list[dict[str, Any]]:
    return [{"method": "popup", "minutes": 10}] if calendar.id == calendar.owner else []


def _answer(
    calendar: Calendar, access_role: str, items: list[dict[str, Any]], token: dict[str, str]
) -> dict[str, Any]:
    latest = calendar.latest_revision()
    found: dict[str, Any] = {
        "kind": "calendar#events",
        "etag": etag(latest),
        "summary": calendar.summary,
        "updated": stamp(latest),
        "timeZone": calendar.time_zone,
        "accessRole": access_role,
        "defaultReminders": _default_reminders(calendar),
        "items": items,
    }
    if calendar.description:
        found["description"] = calendar.description
    return found | token
