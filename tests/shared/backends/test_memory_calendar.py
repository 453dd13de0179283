"""What only the memory backend offers: token expiry on demand or by age, and its bookkeeping."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from nextsteps_shared.backends.memory import MemoryCalendar
from nextsteps_shared.backends.protocol import Precondition
from nextsteps_shared.errors import PreconditionFailedError
from nextsteps_shared.followup import FollowUp, FollowUpKind

_LUNCH = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//memory tests//EN\r\nBEGIN:VEVENT\r\n"
    "UID:{uid}\r\nDTSTAMP:20261101T080000Z\r\nDTSTART:20261202T120000Z\r\n"
    "DTEND:20261202T130000Z\r\nSUMMARY:Lunch with {who}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _lunch(uid: str, who: str = "Priya") -> str:
    return _LUNCH.format(uid=uid, who=who)


def _thank_you() -> FollowUp:
    start = datetime(2026, 12, 3, 9, tzinfo=UTC)
    return FollowUp(
        uid="7hank5",
        kind=FollowUpKind.THANK_YOU,
        interview_key="panel@hr.example",
        start=start,
        end=start + timedelta(minutes=10),
        timezone="UTC",
        summary="Send a thank-you note",
        description="Thank the panel.",
    )


def test_every_change_moves_the_token() -> None:
    calendar = MemoryCalendar()

    async def scenario() -> None:
        tokens = [(await calendar.changes(None)).next_state.token]
        calendar.store("a.ics", _lunch("a"))
        tokens.append((await calendar.changes(None)).next_state.token)
        ref = await calendar.put(_thank_you(), Precondition(if_none_match=True))
        tokens.append((await calendar.changes(None)).next_state.token)
        await calendar.delete(ref, Precondition(if_match=ref.etag))
        tokens.append((await calendar.changes(None)).next_state.token)
        calendar.remove("nothing-here.ics")  # no change, no new token
        tokens.append((await calendar.changes(None)).next_state.token)
        assert len(set(tokens)) == 4
        assert tokens[-1] == tokens[-2]

    asyncio.run(scenario())


def test_expired_tokens_get_a_full_resync() -> None:
    calendar = MemoryCalendar()
    calendar.store("a.ics", _lunch("a"))

    async def scenario() -> None:
        state = (await calendar.changes(None)).next_state
        calendar.expire_tokens()
        calendar.store("b.ics", _lunch("b"))
        changes = await calendar.changes(state)
        assert changes.full_resync
        assert {event.uid for event in changes.upserts} == {"a", "b"}

    asyncio.run(scenario())


def test_tokens_older_than_the_lifetime_are_refused() -> None:
    calendar = MemoryCalendar(token_lifetime=2)

    async def scenario() -> None:
        old = (await calendar.changes(None)).next_state
        calendar.store("a.ics", _lunch("a"))
        recent = (await calendar.changes(old)).next_state
        assert not (await calendar.changes(old)).full_resync  # one change old: still valid
        calendar.store("b.ics", _lunch("b"))
        calendar.store("a.ics", _lunch("a", "Tomás"))
        assert (await calendar.changes(old)).full_resync
        from_recent = await calendar.changes(recent)
        assert not from_recent.full_resync
        assert {event.summary for event in from_recent.upserts} == {
            "Lunch with Priya",
            "Lunch with Tomás",
        }

    asyncio.run(scenario())


def test_put_without_precondition_replaces_and_if_match_on_a_missing_object_fails() -> None:
    calendar = MemoryCalendar("work")

    async def scenario() -> None:
        with pytest.raises(PreconditionFailedError):
            await calendar.put(_thank_you(), Precondition(if_match='"nope"'))
        first = await calendar.put(_thank_you(), Precondition())
        second = await calendar.put(_thank_you(), Precondition())
        assert first.object_id == second.object_id == "/work/7hank5.ics"
        assert first.etag != second.etag
        data = calendar.data(second.object_id)
        assert data is not None
        assert "UID:7hank5@nextsteps" in data
        assert "ATTENDEE" not in data

    asyncio.run(scenario())
