"""Where follow-ups are written: the account's calendars, opened once and kept open."""

from __future__ import annotations

from typing import Protocol

from nextsteps_shared.accounts.model import Account
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.backends.opener import AccountCalendars
from nextsteps_shared.backends.protocol import CalendarWriter


class CalendarSource(Protocol):
    """Gives the writer of one calendar of an account."""

    async def writer(self, account: Account, url: str) -> CalendarWriter: ...

    async def close(self) -> None: ...


def target_of(account: Account, calendar_url: str) -> str:
    """Where the follow-ups of an interview found in ``calendar_url`` go: the calendar's
    ``write_to`` when set, else the calendar itself."""
    for calendar in account.calendars:
        if calendar.url == calendar_url and calendar.write_to:
            return calendar.write_to
    return calendar_url


class AccountCalendarSource:
    """One open client per account, reopened when the account's connection details change."""

    def __init__(self, accounts: AccountStore, default_tz: str = "UTC") -> None:
        self._accounts = accounts
        self._default_tz = default_tz
        self._open: dict[str, tuple[tuple[str, str | None, str | None], AccountCalendars]] = {}

    async def writer(self, account: Account, url: str) -> CalendarWriter:
        secret = self._accounts.secret(account.id)
        identity = (account.url, account.username, secret)
        held = self._open.get(account.id)
        if held is not None and held[0] != identity:
            await held[1].__aexit__(None, None, None)
            held = None
        if held is None:
            calendars = await AccountCalendars(account, secret, self._default_tz).__aenter__()
            held = (identity, calendars)
            self._open[account.id] = held
        return held[1].get(url)

    async def close(self) -> None:
        opened, self._open = self._open, {}
        for _, calendars in opened.values():
            await calendars.__aexit__(None, None, None)
