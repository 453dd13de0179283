"""Opening an account's calendars for reading or writing, whatever the account's kind.

One client per account (its connection pool and authentication are reused across calendars
and polls): ``async with AccountCalendars(account, secret) as calendars: calendars.get(url)``.
Memory accounts (``memory://NAME`` calendar URLs) reach in-process calendars, for tests and
benchmarks that run the services in one process. An ICS feed account has one calendar, the
feed (fetched within the ``feeds`` settings' limits; its password is the account's secret).
"""

from __future__ import annotations

from types import TracebackType

from caldav.aio import AsyncDAVClient

from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.caldav_account import open_client
from nextsteps_shared.backends.caldav_calendar import CaldavCalendar
from nextsteps_shared.backends.feed_calendar import FeedCalendar
from nextsteps_shared.backends.memory import MemoryCalendar
from nextsteps_shared.errors import PermanentError
from nextsteps_shared.messages import SourceKind
from nextsteps_shared.settings import FeedSettings

_MEMORY: dict[str, MemoryCalendar] = {}
MEMORY_SCHEME = "memory://"


def memory_calendar(url: str) -> MemoryCalendar:
    """The in-process calendar at ``memory://NAME`` (created on first use)."""
    return _MEMORY.setdefault(url, MemoryCalendar(url.removeprefix(MEMORY_SCHEME)))


class AccountCalendars:
    """The calendars of one account, over one client."""

    def __init__(
        self,
        account: Account,
        secret: str | None,
        default_tz: str = "UTC",
        *,
        feeds: FeedSettings | None = None,
    ) -> None:
        self.account = account
        self._secret = secret
        self._default_tz = default_tz
        self._feeds = feeds
        self._client: AsyncDAVClient | None = None

    async def __aenter__(self) -> AccountCalendars:
        if self.account.kind is SourceKind.CALDAV:
            self._client = await open_client(self.account.url, self.account.username, self._secret)
        elif self.account.kind not in {SourceKind.MEMORY, SourceKind.ICS_FEED}:
            raise PermanentError(
                f"account {self.account.id}: {self.account.kind} is not supported yet"
            )
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    def get(self, url: str) -> CaldavCalendar | MemoryCalendar | FeedCalendar:
        """The calendar at ``url`` (read-only when the account says so)."""
        read_only = any(c.read_only for c in self.account.calendars if c.url == url)
        if self.account.kind is SourceKind.MEMORY:
            return memory_calendar(url)
        if self.account.kind is SourceKind.ICS_FEED:
            return FeedCalendar(
                url,
                username=self.account.username,
                password=self._secret,
                default_tz=self._default_tz,
                limits=self._feeds,
            )
        if self._client is None:
            raise RuntimeError("AccountCalendars used outside 'async with'")
        return CaldavCalendar(self._client, url, default_tz=self._default_tz, read_only=read_only)
