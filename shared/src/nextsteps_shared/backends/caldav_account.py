"""A CalDAV account: opening a client, listing its calendars, creating a dedicated one.

What ``nextsteps connect caldav`` needs. A bare host or an e-mail address as URL goes through
caldav's RFC 6764 discovery (DNS SRV/TXT and ``/.well-known/caldav``), which blocks, so the
client is built in a worker thread.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Final
from urllib.parse import urljoin

from caldav.aio import AsyncDAVClient
from caldav.lib import error as caldav_error
from pydantic import BaseModel, ConfigDict

from nextsteps_shared.backends.caldav_failure import library_failure
from nextsteps_shared.backends.caldav_request import raise_for, send, xml_tree
from nextsteps_shared.backends.multistatus import (
    CALDAV,
    DAV,
    DavResponse,
    mkcalendar_body,
    propfind_body,
    responses,
)

_WRITE_PRIVILEGES: Final = frozenset(
    {f"{DAV}write", f"{DAV}write-content", f"{DAV}all", f"{DAV}bind"}
)
_LISTING: Final = propfind_body(
    "D:displayname",
    "D:resourcetype",
    "C:supported-calendar-component-set",
    "D:current-user-privilege-set",
)


class CalendarInfo(BaseModel):
    """One calendar of an account, as ``connect`` shows it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    name: str
    supports_events: bool = True
    read_only: bool = False


async def open_client(
    url: str, username: str | None, password: str | None, *, timeout: int = 30
) -> AsyncDAVClient:
    """A client for ``url`` (a calendar server URL, a bare host or an e-mail address)."""
    try:
        return await asyncio.to_thread(
            AsyncDAVClient, url=url, username=username, password=password, timeout=timeout
        )
    except (caldav_error.DAVError, OSError) as err:
        raise library_failure(err, f"connect to {url}") from err


async def calendar_homes(client: AsyncDAVClient) -> tuple[str, ...]:
    """The calendar-home-set URLs of the signed-in principal (checks the credentials)."""
    try:
        principal = str((await client.get_principal()).url)
    except (caldav_error.DAVError, OSError, SyntaxError) as err:
        raise library_failure(err, f"find the principal at {client.url}") from err
    body = propfind_body("C:calendar-home-set")
    tree = await xml_tree(client, principal, "PROPFIND", body, {"Depth": "0"})
    homes = [
        urljoin(principal, (href.text or "").strip())
        for found in responses(tree)
        if (home := found.props.get(f"{CALDAV}calendar-home-set")) is not None
        for href in home.findall(f"{DAV}href")
    ]
    return tuple(homes) or (principal,)


async def list_calendars(client: AsyncDAVClient) -> tuple[CalendarInfo, ...]:
    """Every calendar in the principal's calendar homes."""
    found: list[CalendarInfo] = []
    for home in await calendar_homes(client):
        tree = await xml_tree(client, home, "PROPFIND", _LISTING, {"Depth": "1"})
        found.extend(_info(home, item) for item in responses(tree) if _is_calendar(item))
    return tuple(found)


async def create_calendar(
    client: AsyncDAVClient, display_name: str, *, home: str | None = None
) -> CalendarInfo:
    """MKCALENDAR a new calendar of events in ``home`` (default: the first calendar home)."""
    parent = home or (await calendar_homes(client))[0]
    url = urljoin(parent if parent.endswith("/") else parent + "/", f"{uuid.uuid4().hex}/")
    headers = {"Content-Type": 'application/xml; charset="utf-8"'}
    response = await send(client, url, "MKCALENDAR", mkcalendar_body(display_name), headers)
    raise_for(response, f"create calendar {display_name!r} at {url}")
    return CalendarInfo(url=url, name=display_name)


def _is_calendar(item: DavResponse) -> bool:
    kind = item.props.get(f"{DAV}resourcetype")
    return kind is not None and kind.find(f"{CALDAV}calendar") is not None


def _info(home: str, item: DavResponse) -> CalendarInfo:
    url = urljoin(home, item.href)
    return CalendarInfo(
        url=url,
        name=(item.text(f"{DAV}displayname") or "").strip() or _last_segment(url),
        supports_events="VEVENT" in _components(item),
        read_only=not (_privileges(item) & _WRITE_PRIVILEGES),
    )


def _components(item: DavResponse) -> set[str | None]:
    """The component names the calendar takes (RFC 4791: all of them when not said)."""
    components = item.props.get(f"{CALDAV}supported-calendar-component-set")
    if components is None:
        return {"VEVENT"}
    return {comp.get("name") for comp in components.findall(f"{CALDAV}comp")}


def _privileges(item: DavResponse) -> set[object]:
    """The privileges the user holds on the calendar (write assumed when not said)."""
    privileges = item.props.get(f"{DAV}current-user-privilege-set")
    if privileges is None:
        return set(_WRITE_PRIVILEGES)
    return {child.tag for held in privileges.findall(f"{DAV}privilege") for child in held}


def _last_segment(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]
