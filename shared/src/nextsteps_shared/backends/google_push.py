"""Google push channels: ``events.watch`` opens one on a calendar, ``channels.stop`` closes it.

A channel is only a prompt to poll (Google's notifications say *that* a calendar changed, not
what): ingest reads the calendar as usual when one arrives, and polls anyway, since Google does
not promise to deliver every notification. Each channel gets a fresh id (a UUID, as Google
asks) and a random token Google sends back with every notification, so a forged POST to the
webhook is told apart from Google's. Stopping a channel Google no longer knows (404) is done.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from nextsteps_shared.backends.google_client import GoogleClient
from nextsteps_shared.backends.google_failure import GoogleRefusedError

_NOT_FOUND: Final = 404


@dataclass(frozen=True)
class PushChannel:
    """One open channel on one calendar of one account."""

    account: str
    calendar: str
    id: str
    resource_id: str
    token: str
    expiration: datetime


async def open_channel(
    client: GoogleClient, account: str, calendar: str, address: str
) -> PushChannel:
    """Open a channel on ``calendar``'s events that posts to ``address``."""
    token = secrets.token_urlsafe(32)
    body = {"id": str(uuid.uuid4()), "type": "web_hook", "address": address, "token": token}

    def request_of(service: Any) -> Any:
        return service.events().watch(calendarId=calendar, body=body)

    answer = await client.call(request_of, f"watch the events of {calendar}")
    return PushChannel(
        account=account,
        calendar=calendar,
        id=str(answer["id"]),
        resource_id=str(answer["resourceId"]),
        token=token,
        expiration=datetime.fromtimestamp(int(answer["expiration"]) / 1000, UTC),
    )


async def stop_channel(client: GoogleClient, channel: PushChannel) -> None:
    """Close ``channel`` (one Google no longer knows is closed already)."""
    body = {"id": channel.id, "resourceId": channel.resource_id}

    def request_of(service: Any) -> Any:
        return service.channels().stop(body=body)

    try:
        await client.call(request_of, f"stop the push channel of {channel.calendar}")
    except GoogleRefusedError as err:
        if err.status != _NOT_FOUND:
            raise
