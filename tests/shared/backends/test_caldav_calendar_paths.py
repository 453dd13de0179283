"""Paths of the CalDAV backend that Radicale and Xandikos do not take: a truncated sync answer,
a server without sync-collection (ctag/etag fallback), a PUT answered without an ETag.
A scripted stand-in for caldav's client answers with canned Multi-Status bodies."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import cast

import pytest
from caldav.aio import AsyncDAVClient, DAVResponse

from nextsteps_shared.backends.caldav_calendar import CaldavCalendar
from nextsteps_shared.backends.protocol import EventRef, Precondition
from nextsteps_shared.errors import PermanentError
from nextsteps_shared.followup import FollowUp, FollowUpKind

_CAL = "http://cal.test/home/work/"
_MS = '<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" '
_MS += 'xmlns:CS="http://calendarserver.org/ns/">{}</D:multistatus>'


def _ics(uid: str, summary: str) -> str:
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//scripted//EN\nBEGIN:VEVENT\n"
        f"UID:{uid}\nDTSTAMP:20261101T000000Z\nDTSTART:20261215T150000Z\n"
        f"DTEND:20261215T160000Z\nSUMMARY:{summary}\nEND:VEVENT\nEND:VCALENDAR\n"
    )


def _item(href: str, etag: str, data: str | None = None) -> str:
    content = f"<C:calendar-data>{data}</C:calendar-data>" if data is not None else ""
    return (
        f"<D:response><D:href>{href}</D:href><D:propstat><D:status>HTTP/1.1 200 OK</D:status>"
        f"<D:prop><D:getetag>{etag}</D:getetag>{content}</D:prop></D:propstat></D:response>"
    )


def _reports(*names: str) -> str:
    offered = "".join(
        f"<D:supported-report><D:report><D:{name}/></D:report></D:supported-report>"
        for name in names
    )
    return _MS.format(
        "<D:response><D:href>/home/work/</D:href><D:propstat><D:status>HTTP/1.1 200 OK"
        "</D:status><D:prop><D:supported-report-set>"
        f"{offered}</D:supported-report-set></D:prop></D:propstat></D:response>"
    )


def _ctag(value: str) -> str:
    return _MS.format(
        f"<D:response><D:href>/home/work/</D:href><D:propstat><D:status>HTTP/1.1 200 OK"
        f"</D:status><D:prop><CS:getctag>{value}</CS:getctag></D:prop></D:propstat></D:response>"
    )


class ScriptedClient:
    """Answers requests in order from a script and records them."""

    def __init__(self, *answers: tuple[int, str, dict[str, str]]) -> None:
        self.answers = list(answers)
        self.requests: list[tuple[str, str, str]] = []

    async def request(
        self,
        url: str,
        method: str = "GET",
        body: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> DAVResponse:
        self.requests.append((method, url, body))
        status, content, response_headers = self.answers.pop(0)
        response = DAVResponse.from_bytes(content.encode(), status)
        response.headers = response_headers
        return response


def _calendar(client: ScriptedClient, *, sync_tokens: bool = True) -> CaldavCalendar:
    return CaldavCalendar(cast(AsyncDAVClient, client), _CAL, sync_tokens=sync_tokens)


def test_a_truncated_sync_answer_is_followed_to_its_end() -> None:
    truncated = _item("/home/work/a.ics", '"a1"', _ics("a", "Recruiter screen"))
    truncated += "<D:response><D:href>/home/work/</D:href>"
    truncated += "<D:status>HTTP/1.1 507 Insufficient Storage</D:status></D:response>"
    truncated += "<D:sync-token>tok-1</D:sync-token>"
    rest = _item("/home/work/b.ics", '"b1"', _ics("b", "Hiring manager call"))
    rest += "<D:sync-token>tok-2</D:sync-token>"
    client = ScriptedClient(
        (207, _reports("expand-property", "sync-collection"), {}),
        (207, _ctag("c1"), {}),
        (207, _MS.format(truncated), {}),
        (207, _MS.format(rest), {}),
    )

    changes = asyncio.run(_calendar(client).changes(None))

    assert {event.uid for event in changes.upserts} == {"a", "b"}
    assert (changes.next_state.token, changes.next_state.ctag) == ("tok-2", "c1")
    methods = [method for method, _, _ in client.requests]
    assert methods == ["PROPFIND", "PROPFIND", "REPORT", "REPORT"]
    assert "tok-1" in client.requests[3][2]


def test_an_unchanged_ctag_answers_a_token_poll_in_one_request() -> None:
    item = _item("/home/work/a.ics", '"a1"', _ics("a", "Recruiter screen"))
    client = ScriptedClient(
        (207, _reports("sync-collection"), {}),
        (207, _ctag("c1"), {}),
        (207, _MS.format(item + "<D:sync-token>tok-1</D:sync-token>"), {}),
        (207, _ctag("c1"), {}),  # second poll: unchanged, one request
        (207, _ctag("c2"), {}),  # third poll: changed, then the sync report
        (207, _MS.format("<D:sync-token>tok-2</D:sync-token>"), {}),
    )
    calendar = _calendar(client)

    first = asyncio.run(calendar.changes(None))
    quiet = asyncio.run(calendar.changes(first.next_state))
    assert (quiet.upserts, quiet.next_state) == ((), first.next_state)
    assert len(client.requests) == 4
    later = asyncio.run(calendar.changes(quiet.next_state))
    assert (later.next_state.token, later.next_state.ctag) == ("tok-2", "c2")
    assert "tok-1" in client.requests[5][2]


def test_a_server_that_offers_no_sync_collection_gets_ctag_and_etags() -> None:
    listing = _MS.format(
        "<D:response><D:href>/home/work/</D:href><D:propstat><D:status>HTTP/1.1 200 OK"
        "</D:status><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop>"
        "</D:propstat></D:response>"
        + _item("/home/work/a.ics", '"a1"')
        + _item("/home/work/b.ics", '"b1"')
    )
    both = _item("/home/work/a.ics", '"a1"', _ics("a", "Screen")) + _item(
        "/home/work/b.ics", '"b1"', _ics("b", "Onsite")
    )
    client = ScriptedClient(
        (207, _reports("expand-property"), {}),  # no sync-collection offered
        (207, _ctag("c1"), {}),
        (207, listing, {}),
        (207, _MS.format(both), {}),
        (207, _ctag("c1"), {}),  # second poll: unchanged, one request
        (207, _ctag("c2"), {}),  # third poll: b changed, a gone
        (207, _MS.format(_item("/home/work/b.ics", '"b2"')), {}),
        (207, _MS.format(_item("/home/work/b.ics", '"b2"', _ics("b", "Onsite, moved"))), {}),
    )
    calendar = _calendar(client)

    async def scenario() -> None:
        first = await calendar.changes(None)
        assert {event.uid for event in first.upserts} == {"a", "b"}
        assert first.next_state.token is None
        assert first.next_state.ctag == "c1"
        unchanged = await calendar.changes(first.next_state)
        assert (unchanged.upserts, unchanged.removals) == ((), ())
        assert len(client.requests) == 5
        third = await calendar.changes(unchanged.next_state)
        assert [event.summary for event in third.upserts] == ["Onsite, moved"]
        assert third.removals == ("a",)

    asyncio.run(scenario())
    assert "a.ics" not in client.requests[-1][2]  # only the changed object was fetched


def _note(uid: str) -> FollowUp:
    start = datetime(2026, 12, 16, 9, tzinfo=UTC)
    return FollowUp(
        uid=uid,
        kind=FollowUpKind.NEXT_STEPS_NOTE,
        interview_key="a",
        start=start,
        end=start + timedelta(minutes=5),
        timezone="UTC",
        summary="Write down the next steps",
        description="What did they say comes next, and when?",
    )


def test_a_read_only_calendar_refuses_writes_without_asking_the_server() -> None:
    client = ScriptedClient()
    calendar = CaldavCalendar(cast(AsyncDAVClient, client), _CAL, read_only=True)

    async def scenario() -> None:
        with pytest.raises(PermanentError, match="read-only"):
            await calendar.put(_note("0abc"), Precondition(if_none_match=True))
        ref = EventRef(calendar=_CAL, object_id="/home/work/0abc.ics", etag='"w1"')
        with pytest.raises(PermanentError, match="read-only"):
            await calendar.delete(ref, Precondition(if_match='"w1"'))

    asyncio.run(scenario())
    assert client.requests == []


def test_a_put_answered_without_an_etag_looks_the_etag_up() -> None:
    client = ScriptedClient(
        (201, "", {}),
        (207, _MS.format(_item("/home/work/0abc.ics", '"w1"')), {}),
    )
    ref = asyncio.run(_calendar(client).put(_note("0abc"), Precondition(if_none_match=True)))

    assert (ref.object_id, ref.etag) == ("/home/work/0abc.ics", '"w1"')
    assert [method for method, _, _ in client.requests] == ["PUT", "PROPFIND"]
