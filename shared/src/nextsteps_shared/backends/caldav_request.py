"""One CalDAV request over caldav's async client, with failures translated at this boundary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from caldav.aio import AsyncDAVClient, DAVResponse
from caldav.lib import error as caldav_error

from nextsteps_shared.backends.caldav_failure import (
    VALID_SYNC_TOKEN,
    library_failure,
    status_failure,
)
from nextsteps_shared.backends.multistatus import XmlNode
from nextsteps_shared.errors import PermanentError, SyncStateInvalidError

XML_BODY: Final = {"Content-Type": 'application/xml; charset="utf-8"'}


async def send(
    client: AsyncDAVClient, url: str, method: str, body: str, headers: Mapping[str, str]
) -> DAVResponse:
    """The server's answer, whatever its status; raises only when there is no answer."""
    try:
        return await client.request(url, method, body, headers)
    except (caldav_error.DAVError, OSError, SyntaxError) as err:
        raise library_failure(err, f"{method} {url}") from err


async def xml_tree(
    client: AsyncDAVClient, url: str, method: str, body: str, headers: Mapping[str, str]
) -> XmlNode:
    """The XML answer of a successful request with an XML body (PROPFIND, REPORT, …)."""
    response = await send(client, url, method, body, {**XML_BODY, **headers})
    raise_for(response, f"{method} {url}")
    tree: XmlNode | None = response.tree
    if tree is None:
        raise PermanentError(f"{method} {url}: the server answered {response.status} without XML")
    return tree


def raise_for(response: DAVResponse, what: str) -> None:
    """Raise the nextsteps error for a failed response (nothing for success)."""
    failure = status_failure(response.status, what)
    if failure is None:
        return
    tree: XmlNode | None = response.tree
    if tree is not None and tree.find(VALID_SYNC_TOKEN) is not None:
        raise SyncStateInvalidError(f"{what}: the server no longer accepts the sync token")
    raise failure
