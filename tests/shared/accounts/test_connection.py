"""Connecting a CalDAV account against a real Radicale of its own (so the calendar list is
known): discovery from the bare server URL, choices, a dedicated calendar, clear refusals."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from tests.servers.dav_servers import DavServer, new_calendar, running_radicale

from nextsteps_shared.accounts.connection import (
    DEDICATED_NAME,
    NEW,
    Choice,
    ChoiceError,
    connect_caldav,
    followups_destination,
)
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.errors import PermanentError, TransientError

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DavServer]:
    with running_radicale(tmp_path_factory.mktemp("radicale-connect")) as running:
        work, personal = new_calendar(running), new_calendar(running)
        for url, name in ((work, "Work"), (personal, "Personal")):
            body = (
                '<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>'
                f"<D:displayname>{name}</D:displayname></D:prop></D:set></D:propertyupdate>"
            )
            assert running.request("PROPPATCH", url, body.encode()) == 207
        yield running


def _connect(server: DavServer, choice: Choice, password: str = "wonderland") -> Account:
    return asyncio.run(
        connect_caldav(
            server.base_url,
            "alice",
            password,
            choice,
            ["alice@example.net"],
            now=NOW,
            skip_older_than_days=14,
        )
    )


def test_defaults_watch_every_calendar_and_write_beside_the_interview(server: DavServer) -> None:
    account = _connect(server, Choice())
    assert {c.name for c in account.watched} == {"Work", "Personal"}
    assert all(c.write_to is None for c in account.calendars)
    assert account.skip_ended_before == NOW - timedelta(days=14)
    assert followups_destination(account) == "into the calendar that holds each interview"


def test_chosen_calendars_and_a_dedicated_one(server: DavServer) -> None:
    account = _connect(server, Choice(watch=("work",), write_to=NEW))
    by_name = {c.name: c for c in account.calendars}
    assert by_name["Work"].watch
    assert not by_name["Personal"].watch
    dedicated = by_name[DEDICATED_NAME]
    assert dedicated.watch  # read back to notice the owner's edits of follow-ups
    assert by_name["Work"].write_to == dedicated.url
    assert followups_destination(account) == f"into {DEDICATED_NAME!r}"


def test_unknown_calendar_is_named_in_the_error(server: DavServer) -> None:
    with pytest.raises(ChoiceError, match=r"no calendar 'Holidays'.*'Work'"):
        _connect(server, Choice(watch=("Holidays",)))


def test_wrong_password_is_a_permanent_error(server: DavServer) -> None:
    with pytest.raises(PermanentError):
        _connect(server, Choice(), password="not-it")


def test_unreachable_server_is_not_permanent() -> None:
    with pytest.raises(TransientError):
        asyncio.run(
            connect_caldav(
                "http://127.0.0.1:9/",
                "alice",
                "x",
                Choice(),
                [],
                now=NOW,
                skip_older_than_days=14,
            )
        )
