"""One Google calendar over the Calendar v3 API: reading changes and writing follow-ups.

Reading (Google's sync guide): ``events.list`` with the stored ``syncToken``, every page, the
largest page Google serves (2,500): a calendar where nothing changed costs one request. No
token, or one Google refuses (410 ``fullSyncRequired``), means a full listing
(``showDeleted=false``, ``singleEvents=false``: a series is one event with its rule, a moved
or cancelled instance an event of its own) marked ``full_resync``. Google reports a deleted
event as a tombstone with its id only, so ``SyncState.objects`` remembers each event id's keys
(as CalDAV remembers hrefs'). A cancelled instance of a series becomes a cancelled event of
that instance's key (see ``google_events.cancelled_instance``); any other cancelled entry, a
removal of the keys its id held.

Own events: follow-ups are read like any event (their ``iCalUID`` ends in ``@nextsteps``,
which ingest recognises), and are also known by their extended-property tag, so a follow-up
reads as nextsteps' own whatever its ``iCalUID`` became; a copy the owner made of one is
neither a follow-up nor an interview and is left out (see ``google_followup``).

Writing: client-chosen event ids (``google_followup.event_id``) and ``sendUpdates=none``.
``if_none_match``: ``events.insert`` (409: an event with that id was deleted earlier, and is
restored with ``events.update``, or it exists, which is a failed precondition); ``if_match``:
``events.update`` with ``If-Match`` (412 or a vanished event: a failed precondition); neither:
update, insert when there is nothing to update. ``delete``: ``events.delete`` with ``If-Match``;
an event already deleted (410) or unknown (404) is done, unless ``if_match`` asked for a
version of it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from nextsteps_shared.backends.google_client import GoogleClient, RequestOf
from nextsteps_shared.backends.google_events import (
    calendar_zone,
    cancelled_instance,
    to_calendar_event,
)
from nextsteps_shared.backends.google_failure import GoogleRefusedError
from nextsteps_shared.backends.google_followup import followup_body, is_tagged, written_uid
from nextsteps_shared.backends.inventory import Inventory
from nextsteps_shared.backends.protocol import ChangeSet, EventRef, Precondition, SyncState
from nextsteps_shared.errors import (
    EventDataError,
    PermanentError,
    PreconditionFailedError,
    SyncStateInvalidError,
)
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.followup_writer import UID_SUFFIX
from nextsteps_shared.ical.zone_book import Zone

_log = logging.getLogger(__name__)

PAGE_SIZE: Final = 2500  # the most Google returns in one page of events.list
MAX_PAGES: Final = 2000  # five million events: past that, something is wrong
_CONFLICT: Final = 409
_GONE: Final = frozenset({404, 410})
_CANCELLED: Final = "cancelled"


@dataclass
class Listing:
    """Every item of one listing (all pages), its sync token and the calendar's zone name."""

    items: list[dict[str, Any]] = field(default_factory=list)
    sync_token: str | None = None
    zone: str | None = None
    pages: int = 0


class GoogleCalendar:
    """One calendar (by Google calendar id); implements CalendarReader and CalendarWriter.

    The client belongs to the caller. ``read_only`` refuses writes before sending anything;
    ``alarm_minutes_before`` is the follow-ups' popup reminder.
    """

    def __init__(
        self,
        client: GoogleClient,
        calendar_id: str,
        *,
        default_tz: str = "UTC",
        read_only: bool = False,
        alarm_minutes_before: int = 0,
    ) -> None:
        self.read_only = read_only
        self.calendar_id = calendar_id
        self._client = client
        self._default_tz = default_tz
        self._alarm = alarm_minutes_before

    # -- CalendarReader -------------------------------------------------------------------

    async def changes(self, since: SyncState | None) -> ChangeSet:
        """What changed since ``since``: by sync token, or everything as a full resync."""
        token = since.token if since is not None else None
        if token is not None:
            try:
                return self._change_set(since, await self._listing(token), full=False)
            except SyncStateInvalidError:
                _log.info("Google refused the sync token of %s; listing it all", self.calendar_id)
        return self._change_set(since, await self._listing(None), full=True)

    async def _listing(self, sync_token: str | None) -> Listing:
        query: dict[str, Any] = {"calendarId": self.calendar_id, "maxResults": PAGE_SIZE}
        if sync_token is not None:
            query["syncToken"] = sync_token
        else:
            query |= {"showDeleted": False, "singleEvents": False}
        listing = Listing()
        while listing.pages < MAX_PAGES:
            answer = await self._call(_list_page(query), f"list the events of {self.calendar_id}")
            listing.pages += 1
            listing.items += answer.get("items", [])
            listing.zone = listing.zone or answer.get("timeZone")
            if not answer.get("nextPageToken"):
                listing.sync_token = answer.get("nextSyncToken")
                return listing
            query["pageToken"] = answer["nextPageToken"]
        raise PermanentError(f"{self.calendar_id}: more than {MAX_PAGES} pages of events")

    def _change_set(self, since: SyncState | None, listing: Listing, *, full: bool) -> ChangeSet:
        inventory = Inventory(self.calendar_id, since, full=full, default_tz=self._default_tz)
        zone = calendar_zone(listing.zone, self._default_tz)
        series = _series_uids(since, listing.items)
        for item in sorted(listing.items, key=_tombstones_last):
            if item.get("status") == _CANCELLED:
                self._cancelled(item, inventory, series, zone)
            else:
                self._seen(item, inventory, zone)
        return inventory.change_set(token=listing.sync_token)

    def _seen(self, item: dict[str, Any], inventory: Inventory, zone: Zone) -> None:
        event_id, etag = str(item["id"]), item.get("etag")
        uid = _uid_of(item)
        if uid is None:  # the owner's copy of a follow-up: neither interview nor follow-up
            inventory.record(event_id, etag, ())
            return
        try:
            event = to_calendar_event(item, uid, zone)
        except (EventDataError, ValueError) as err:
            _log.warning("skipped event %s (%s) of %s: %s", event_id, uid, self.calendar_id, err)
            inventory.record(event_id, etag, (), skipped=1)
            return
        inventory.record(event_id, etag, (event,))

    def _cancelled(
        self, item: dict[str, Any], inventory: Inventory, series: Mapping[str, str], zone: Zone
    ) -> None:
        event_id = str(item["id"])
        uid = series.get(str(item.get("recurringEventId") or ""))
        if uid is None or "originalStartTime" not in item:
            inventory.gone(event_id)
            return
        try:
            event = cancelled_instance(item, uid, zone)
        except (EventDataError, ValueError) as err:
            _log.warning("cancelled instance %s of %s: %s", event_id, self.calendar_id, err)
            inventory.gone(event_id)
            return
        inventory.record(event_id, item.get("etag"), (event,))

    # -- CalendarWriter -------------------------------------------------------------------

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        """Write the follow-up's event under the precondition (see the module docstring)."""
        body = followup_body(followup, self._alarm)
        what = f"write event {body['id']} into {self.calendar_id}"
        self._check_writable(what)
        if precondition.if_none_match:
            answer = await self._insert(body, what)
        elif precondition.if_match is not None:
            answer = await self._replace(body, precondition.if_match, what)
        else:
            answer = await self._upsert(body, what)
        return self._ref(answer)

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        """Delete the event under the precondition; one already gone is done unless
        ``if_match`` asked for a version of it."""
        what = f"delete event {ref.object_id} from {self.calendar_id}"
        self._check_writable(what)
        request = self._events("delete", eventId=ref.object_id)
        try:
            await self._call(request, what, if_match=precondition.if_match)
        except GoogleRefusedError as err:
            if err.status not in _GONE:
                raise
            if precondition.if_match is not None:
                raise PreconditionFailedError(f"{what}: it is gone") from err

    async def _insert(self, body: dict[str, Any], what: str) -> Any:
        try:
            return await self._call(self._events("insert", body=body), what)
        except GoogleRefusedError as err:
            if err.status != _CONFLICT:
                raise
        existing = await self._call(self._events("get", eventId=body["id"]), what)
        if existing.get("status") != _CANCELLED:
            raise PreconditionFailedError(f"{what}: it exists already")
        _log.info("restoring event %s, deleted earlier, in %s", body["id"], self.calendar_id)
        return await self._replace(body, str(existing["etag"]), what)

    async def _replace(self, body: dict[str, Any], etag: str, what: str) -> Any:
        request = self._events("update", eventId=body["id"], body=body)
        try:
            return await self._call(request, what, if_match=etag)
        except GoogleRefusedError as err:
            if err.status in _GONE:
                raise PreconditionFailedError(f"{what}: it is gone") from err
            raise

    async def _upsert(self, body: dict[str, Any], what: str) -> Any:
        try:
            return await self._call(self._events("update", eventId=body["id"], body=body), what)
        except GoogleRefusedError as err:
            if err.status not in _GONE:
                raise
        return await self._call(self._events("insert", body=body), what)

    def _check_writable(self, what: str) -> None:
        if self.read_only:
            raise PermanentError(f"{what}: {self.calendar_id} is read-only")

    def _ref(self, answer: Mapping[str, Any]) -> EventRef:
        etag = answer.get("etag")
        return EventRef(
            calendar=self.calendar_id,
            object_id=str(answer["id"]),
            etag=str(etag) if etag is not None else None,
        )

    # -- requests -------------------------------------------------------------------------

    def _events(self, method: str, **params: Any) -> RequestOf:
        """A builder of one ``events.<method>`` request of this calendar."""
        if method != "get":
            params["sendUpdates"] = "none"

        def request_of(service: Any) -> Any:
            return getattr(service.events(), method)(calendarId=self.calendar_id, **params)

        return request_of

    async def _call(self, request_of: RequestOf, what: str, if_match: str | None = None) -> Any:
        return await self._client.call(request_of, what, if_match=if_match)


def _list_page(query: Mapping[str, Any]) -> RequestOf:
    """The events.list request for ``query`` as it is now (the page token changes)."""
    frozen = dict(query)
    return lambda service: service.events().list(**frozen)


def _uid_of(item: Mapping[str, Any]) -> str | None:
    """The event's UID: its follow-up's for nextsteps' own, None for a copy of one."""
    followup = written_uid(item)
    if followup is not None:
        return followup + UID_SUFFIX
    if is_tagged(item):
        return None
    return str(item.get("iCalUID") or item["id"])


def _series_uids(since: SyncState | None, items: list[dict[str, Any]]) -> dict[str, str]:
    """The UID of every live series (by event id) this listing or the last state knows; a
    series deleted in this listing is left out, so its instances are removals too."""
    known = {
        stored.href: key
        for stored in (since.objects if since is not None else ())
        for key in stored.keys
        if "#" not in key
    }
    for item in items:
        if item.get("recurrence") and item.get("status") != _CANCELLED:
            uid = _uid_of(item)
            if uid is not None:
                known[str(item["id"])] = uid
        elif item.get("status") == _CANCELLED:
            known.pop(str(item["id"]), None)
    return known


def _tombstones_last(item: Mapping[str, Any]) -> bool:
    return item.get("status") == _CANCELLED
