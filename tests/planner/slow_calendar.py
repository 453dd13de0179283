"""A calendar source for planner tests whose writes take a while: the account's memory calendar,
each write held for ``delay_s``, with an event set once the first write has begun (so a test
can stop the planner in the middle of its work)."""

from __future__ import annotations

import asyncio

from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.opener import memory_calendar
from nextsteps_shared.backends.protocol import CalendarWriter, EventRef, Precondition
from nextsteps_shared.followup import FollowUp


class SlowCalendar:
    """The account's memory calendar, each write taking ``delay_s``."""

    def __init__(self, url: str, delay_s: float) -> None:
        self.calendar = memory_calendar(url)
        self.writing = asyncio.Event()
        self._delay_s = delay_s

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        self.writing.set()
        await asyncio.sleep(self._delay_s)
        return await self.calendar.put(followup, precondition)

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        await self.calendar.delete(ref, precondition)


class SlowSource:
    """Hands the planner the one slow calendar, whatever the account."""

    def __init__(self, url: str, delay_s: float) -> None:
        self.calendar = SlowCalendar(url, delay_s)

    async def writer(self, account: Account, url: str) -> CalendarWriter:
        return self.calendar

    async def close(self) -> None:
        return None
