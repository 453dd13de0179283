"""One CalDAV calendar over caldav's async client: reading changes and writing follow-ups.

Reading (RFC 6578): a sync-collection REPORT with the stored token, asking for etags and
calendar data; objects that come back without data (Xandikos) are fetched with one
calendar-multiget per batch, never one GET each. No token, or a token the server refuses
(Radicale 403, Xandikos 412, both with ``DAV:valid-sync-token``), means a full listing with
``full_resync``. caldav's own sync helpers are not used: they silently re-fetch everything.
Servers that do not list sync-collection in their supported-report-set get the fallback: the
collection's ctag (unchanged: one request, nothing new), else a PROPFIND of every etag
compared with the stored ones, and a multiget of the changed objects.

Writing: PUT ``<calendar>/<followup.uid>.ics`` with ``If-None-Match: *`` or ``If-Match``,
DELETE with ``If-Match``; 412 raises PreconditionFailedError.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Final
from urllib.parse import unquote, urljoin, urlsplit

from caldav.aio import AsyncDAVClient, DAVResponse

from nextsteps_shared.backends.caldav_request import raise_for, send, xml_tree
from nextsteps_shared.backends.inventory import Inventory
from nextsteps_shared.backends.multistatus import (
    CALDAV,
    CALSERVER,
    DAV,
    DavResponse,
    XmlNode,
    multiget_body,
    propfind_body,
    responses,
    sync_collection_body,
    sync_token,
)
from nextsteps_shared.backends.protocol import ChangeSet, EventRef, Precondition, SyncState
from nextsteps_shared.errors import PermanentError, PreconditionFailedError, SyncStateInvalidError
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.followup_writer import render_followup

_log = logging.getLogger(__name__)

_ICAL: Final = {"Content-Type": "text/calendar; charset=utf-8"}
_MAX_PAGES: Final = 100  # truncated sync-collection answers followed at most this often
_NOT_FOUND: Final = 404
_TRUNCATED: Final = 507
_CALENDAR_DATA: Final = f"{CALDAV}calendar-data"
_GETETAG: Final = f"{DAV}getetag"


def _now() -> datetime:
    return datetime.now(UTC)


def _path(href: str) -> str:
    return urlsplit(href).path


def _same_path(one: str, other: str) -> bool:
    return unquote(_path(one)).rstrip("/") == unquote(_path(other)).rstrip("/")


class CaldavCalendar:
    """One calendar collection at ``url``; implements CalendarReader and CalendarWriter.

    ``sync_tokens=False`` forces the ctag/etag fallback; otherwise the first sync without a
    token asks the server's ``supported-report-set`` whether it offers sync-collection.
    ``read_only`` (a calendar the account may only read, see ``CalendarInfo``) refuses writes
    before sending anything. The client belongs to the caller.
    """

    def __init__(
        self,
        client: AsyncDAVClient,
        url: str,
        *,
        default_tz: str = "UTC",
        sync_tokens: bool = True,
        multiget_batch: int = 500,
        clock: Callable[[], datetime] = _now,
        read_only: bool = False,
    ) -> None:
        self.read_only = read_only
        self._client = client
        self.url = url if url.endswith("/") else url + "/"
        self._path = _path(self.url)
        self._default_tz = default_tz
        self._sync_tokens: bool | None = None if sync_tokens else False  # None: ask the server
        self._batch = multiget_batch
        self._clock = clock

    # -- CalendarReader -------------------------------------------------------------------

    async def changes(self, since: SyncState | None) -> ChangeSet:
        """What changed since ``since``: by sync token, or by ctag and etags without one."""
        if not await self._uses_tokens(since):
            return await self._listed(since)
        ctag = await self._ctag() if since is None or since.ctag is not None else None
        if since is not None and ctag is not None and since.ctag == ctag:
            return ChangeSet(next_state=since)  # one cheap request when nothing changed
        try:
            return await self._synced(since, since.token if since is not None else None, ctag)
        except SyncStateInvalidError:
            _log.info("%s refused the sync token; listing the calendar again", self.url)
            return await self._synced(since, None, ctag)

    async def _uses_tokens(self, since: SyncState | None) -> bool:
        """Sync tokens, unless the state is the etag fallback's or the server offers none."""
        if since is not None and since.token is not None:
            return self._sync_tokens is not False
        if since is not None and since.objects:
            return False
        if self._sync_tokens is None:
            self._sync_tokens = await self._offers_sync_collection()
            if not self._sync_tokens:
                _log.info("%s offers no sync-collection; comparing etags", self.url)
        return self._sync_tokens

    async def _offers_sync_collection(self) -> bool:
        body = propfind_body("D:supported-report-set")
        tree = await self._tree("PROPFIND", self.url, body, {"Depth": "0"}, "reports")
        return any(
            report.find(f"{DAV}supported-report/{DAV}report/{DAV}sync-collection") is not None
            for found in responses(tree)
            if (report := found.props.get(f"{DAV}supported-report-set")) is not None
        )

    async def _synced(
        self, since: SyncState | None, token: str | None, ctag: str | None
    ) -> ChangeSet:
        """Sync-collection from ``token``. ``ctag`` (read before the report, so a change made
        meanwhile only makes the next poll look again) is kept for the next poll's quick check;
        a server that gave none is not asked again."""
        inventory = self._inventory(since, full=token is None)
        for _ in range(_MAX_PAGES):
            tree = await self._tree(
                "REPORT", self.url, sync_collection_body(token), {"Depth": "1"}, "sync"
            )
            truncated, missing = self._take(responses(tree), inventory)
            await self._fetch(missing, inventory)
            token = sync_token(tree) or token
            if not truncated:
                break
        return inventory.change_set(token=token, ctag=ctag)

    def _take(self, found: list[DavResponse], inventory: Inventory) -> tuple[bool, list[str]]:
        """Record a sync answer; return (truncated?, hrefs that came without data)."""
        truncated, missing = False, []
        for response in found:
            href = _path(response.href)
            if _same_path(href, self._path):
                truncated = truncated or response.status == _TRUNCATED
            elif response.status == _NOT_FOUND:
                inventory.gone(href)
            elif (data := response.text(_CALENDAR_DATA)) is not None:
                inventory.saw(href, response.text(_GETETAG), data)
            else:
                missing.append(href)
        return truncated, missing

    async def _fetch(self, hrefs: list[str], inventory: Inventory) -> None:
        """calendar-multiget the objects, a batch per request."""
        for start in range(0, len(hrefs), self._batch):
            body = multiget_body(hrefs[start : start + self._batch])
            tree = await self._tree("REPORT", self.url, body, {"Depth": "1"}, "multiget")
            for response in responses(tree):
                href = _path(response.href)
                data = response.text(_CALENDAR_DATA)
                if data is not None:
                    inventory.saw(href, response.text(_GETETAG), data)
                elif response.status == _NOT_FOUND:
                    inventory.gone(href)

    async def _listed(self, since: SyncState | None) -> ChangeSet:
        ctag = await self._ctag()
        if since is not None and ctag is not None and since.ctag == ctag:
            return ChangeSet(next_state=since)
        listing = await self._etags()
        inventory = self._inventory(since, full=since is None)
        for href in inventory.hrefs - listing.keys():
            inventory.gone(href)
        changed = [href for href, etag in listing.items() if inventory.etag_of(href) != etag]
        await self._fetch(changed, inventory)
        return inventory.change_set(ctag=ctag)

    async def _ctag(self) -> str | None:
        body = propfind_body("CS:getctag")
        tree = await self._tree("PROPFIND", self.url, body, {"Depth": "0"}, "ctag")
        found = responses(tree)
        return found[0].text(f"{CALSERVER}getctag") if found else None

    async def _etags(self) -> dict[str, str | None]:
        body = propfind_body("D:getetag", "D:resourcetype")
        tree = await self._tree("PROPFIND", self.url, body, {"Depth": "1"}, "etag listing")
        return {
            _path(response.href): response.text(_GETETAG)
            for response in responses(tree)
            if not _same_path(response.href, self._path) and not _is_collection(response)
        }

    def _inventory(self, since: SyncState | None, *, full: bool) -> Inventory:
        return Inventory(self.url, since, full=full, default_tz=self._default_tz)

    # -- CalendarWriter -------------------------------------------------------------------

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        """PUT the rendered follow-up at ``<calendar>/<uid>.ics`` under the precondition."""
        href = f"{self._path}{followup.uid}.ics"
        self._check_writable(f"put {href}")
        headers = {**_ICAL, **_conditions(precondition)}
        body = render_followup(followup, self._clock())
        response = await self._send("PUT", href, body, headers)
        raise_for(response, f"put {href}")
        etag = response.headers.get("ETag") or await self._etag_of(href)
        return EventRef(calendar=self.url, object_id=href, etag=etag)

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        """DELETE the object under the precondition; an object already gone is fine unless
        ``if_match`` asked for a version of it."""
        what = f"delete {ref.object_id}"
        self._check_writable(what)
        response = await self._send("DELETE", ref.object_id, "", _conditions(precondition))
        if response.status == _NOT_FOUND:
            if precondition.if_match is not None:
                raise PreconditionFailedError(f"{what}: it is gone")
            return
        raise_for(response, what)

    def _check_writable(self, what: str) -> None:
        if self.read_only:
            raise PermanentError(f"{what}: {self.url} is read-only")

    async def _etag_of(self, href: str) -> str | None:
        body = propfind_body("D:getetag")
        tree = await self._tree("PROPFIND", href, body, {"Depth": "0"}, f"etag of {href}")
        found = responses(tree)
        return found[0].text(_GETETAG) if found else None

    # -- HTTP -----------------------------------------------------------------------------

    async def _tree(
        self, method: str, href: str, body: str, headers: Mapping[str, str], what: str
    ) -> XmlNode:
        _log.debug("%s %s (%s)", method, href, what)
        return await xml_tree(self._client, urljoin(self.url, href), method, body, headers)

    async def _send(
        self, method: str, href: str, body: str, headers: Mapping[str, str]
    ) -> DAVResponse:
        return await send(self._client, urljoin(self.url, href), method, body, headers)


def _conditions(precondition: Precondition) -> dict[str, str]:
    headers: dict[str, str] = {}
    if precondition.if_none_match:
        headers["If-None-Match"] = "*"
    if precondition.if_match is not None:
        headers["If-Match"] = precondition.if_match
    return headers


def _is_collection(response: DavResponse) -> bool:
    kind = response.props.get(f"{DAV}resourcetype")
    return kind is not None and kind.find(f"{DAV}collection") is not None
