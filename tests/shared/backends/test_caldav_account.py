"""Discovery on real servers: the calendars of an account, a dedicated calendar, bad access."""

from __future__ import annotations

import asyncio

import pytest
from tests.servers.dav_servers import DavServer, new_calendar
from tests.servers.process import LOOPBACK, free_port

from nextsteps_shared.backends.caldav_account import (
    calendar_homes,
    create_calendar,
    list_calendars,
    open_client,
)
from nextsteps_shared.errors import PermanentError, TransientError


@pytest.fixture(params=["radicale", "xandikos"])
def server(request: pytest.FixtureRequest) -> DavServer:
    found: DavServer = request.getfixturevalue(f"{request.param}_server")
    return found


def test_calendars_are_listed_and_a_dedicated_one_is_created(server: DavServer) -> None:
    existing = new_calendar(server)

    async def scenario() -> None:
        async with await open_client(server.base_url, server.username, server.password) as client:
            assert server.home_url in await calendar_homes(client)
            created = await create_calendar(client, "nextsteps follow-ups")
            listed = {info.url: info for info in await list_calendars(client)}
        assert listed[existing].name == "test calendar"
        assert listed[created.url].name == "nextsteps follow-ups"
        assert listed[created.url].supports_events
        assert not listed[created.url].read_only

    asyncio.run(scenario())


def test_refused_credentials_are_permanent(radicale_server: DavServer) -> None:
    async def scenario() -> None:
        client = await open_client(radicale_server.base_url, "alice", "not-her-password")
        async with client:
            with pytest.raises(PermanentError):
                await list_calendars(client)

    asyncio.run(scenario())


def test_a_server_that_is_down_is_transient() -> None:
    async def scenario() -> None:
        client = await open_client(f"http://{LOOPBACK}:{free_port()}/", "alice", "x", timeout=5)
        async with client:
            with pytest.raises(TransientError):
                await list_calendars(client)

    asyncio.run(scenario())
