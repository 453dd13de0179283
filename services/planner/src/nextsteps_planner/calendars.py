"""Where follow-ups are written: the account's calendars, opened once and kept open.

An ICS feed cannot be written. Its interviews' follow-ups go to the calendar of another
account named at ``subscribe --write-to`` (``WatchedCalendar.write_account``), else nowhere
but the account's follow-up file: :class:`FileOnly` stands in for a calendar there, so the
follow-ups are recorded (and rendered into the file) like any written ones.
"""

from __future__ import annotations

from typing import Protocol

from nextsteps_shared.accounts.model import Account
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.backends.opener import AccountCalendars
from nextsteps_shared.backends.protocol import CalendarWriter, EventRef, Precondition
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.followup_writer import UID_SUFFIX
from nextsteps_shared.messages import SourceKind
from nextsteps_shared.settings import GoogleSettings


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


def writing_account(account: Account, url: str) -> str:
    """The id of the account that holds calendar ``url`` for ``account``'s follow-ups: another
    account's when a calendar of ``account`` writes there (a feed's), else ``account``'s."""
    for calendar in account.calendars:
        if calendar.write_to == url and calendar.write_account:
            return calendar.write_account
    return account.id


class FileOnly:
    """A feed's own URL as a follow-up target: nothing is written; the planner's records,
    and so the account's follow-up file, hold the follow-ups."""

    def __init__(self, url: str) -> None:
        self._url = url

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        return EventRef(calendar=self._url, object_id=f"{followup.uid}{UID_SUFFIX}")

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        return None


class AccountCalendarSource:
    """One open client per account, reopened when the account's connection details change."""

    def __init__(
        self,
        accounts: AccountStore,
        default_tz: str = "UTC",
        *,
        google: GoogleSettings | None = None,
        alarm_minutes_before: int = 0,
    ) -> None:
        self._accounts = accounts
        self._default_tz = default_tz
        self._google = google
        self._alarm = alarm_minutes_before
        self._open: dict[str, tuple[tuple[str, str | None, str | None], AccountCalendars]] = {}

    async def writer(self, account: Account, url: str) -> CalendarWriter:
        holder = writing_account(account, url)
        if holder != account.id:
            account = self._accounts.get(holder)
        if account.kind is SourceKind.ICS_FEED:
            return FileOnly(url)
        secret = self._accounts.secret(account.id)
        identity = (account.url, account.username, secret)
        held = self._open.get(account.id)
        if held is not None and held[0] != identity:
            await held[1].__aexit__(None, None, None)
            held = None
        if held is None:
            calendars = await AccountCalendars(
                account,
                secret,
                self._default_tz,
                google=self._google,
                alarm_minutes_before=self._alarm,
            ).__aenter__()
            held = (identity, calendars)
            self._open[account.id] = held
        return held[1].get(url)

    async def close(self) -> None:
        opened, self._open = self._open, {}
        for _, calendars in opened.values():
            await calendars.__aexit__(None, None, None)
