"""Opening an account's calendars for reading or writing, whatever the account's kind.

One client per account (its connection pool and authentication are reused across calendars
and polls): ``async with AccountCalendars(account, secret) as calendars: calendars.get(url)``.
Memory accounts (``memory://NAME`` calendar URLs) reach in-process calendars, for tests and
benchmarks that run the services in one process. An ICS feed account has one calendar, the
feed (fetched within the ``feeds`` settings' limits; its password is the account's secret).

A Google account (``SourceKind.GOOGLE``, stored by ``nextsteps connect google``) is kept as:
``url`` = the Calendar v3 API endpoint (``https://www.googleapis.com/calendar/v3/``, or an
emulator's), ``username`` = the Google account's e-mail address, the secret = the OAuth grant
as authorized-user JSON (``token``, ``refresh_token``, ``client_id``, ``client_secret``,
``token_uri``, ``scopes``, ``expiry``; see ``accounts.google_grant``), and each
``WatchedCalendar.url`` = a Google calendar id (``primary``, an address, ``c_…@group…``).
Its requests are paced and retried within the ``google`` settings; its follow-ups get a popup
reminder ``alarm_minutes_before`` their start (the policy's).
"""

from __future__ import annotations

from types import TracebackType

from caldav.aio import AsyncDAVClient

from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.caldav_account import open_client
from nextsteps_shared.backends.caldav_calendar import CaldavCalendar
from nextsteps_shared.backends.feed_calendar import FeedCalendar
from nextsteps_shared.backends.google_calendar import GoogleCalendar
from nextsteps_shared.backends.google_client import GoogleClient
from nextsteps_shared.backends.memory import MemoryCalendar
from nextsteps_shared.errors import CredentialsRefusedError, PermanentError
from nextsteps_shared.messages import SourceKind
from nextsteps_shared.settings import GOOGLE_API_ENDPOINT, FeedSettings, GoogleSettings

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
        google: GoogleSettings | None = None,
        alarm_minutes_before: int = 0,
    ) -> None:
        self.account = account
        self._secret = secret
        self._default_tz = default_tz
        self._feeds = feeds
        self._google_settings = google or GoogleSettings()
        self._alarm = alarm_minutes_before
        self._client: AsyncDAVClient | None = None
        self._google: GoogleClient | None = None

    async def __aenter__(self) -> AccountCalendars:
        if self.account.kind is SourceKind.CALDAV:
            self._client = await open_client(self.account.url, self.account.username, self._secret)
        elif self.account.kind is SourceKind.GOOGLE:
            self._google = self._google_client()
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
        if self._google is not None:
            self._google.close()
            self._google = None

    def _google_client(self) -> GoogleClient:
        account = self.account
        if self._secret is None:
            raise CredentialsRefusedError(f"account {account.id}: no Google grant is stored")
        try:
            return GoogleClient.for_account(
                account.id, self._secret, account.url or GOOGLE_API_ENDPOINT, self._google_settings
            )
        except PermanentError as err:  # a stored grant that cannot be used: connect again
            raise CredentialsRefusedError(str(err)) from err

    def get(self, url: str) -> CaldavCalendar | MemoryCalendar | FeedCalendar | GoogleCalendar:
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
        if self._google is not None:
            return GoogleCalendar(
                self._google,
                url,
                default_tz=self._default_tz,
                read_only=read_only,
                alarm_minutes_before=self._alarm,
            )
        if self._client is None:
            raise RuntimeError("AccountCalendars used outside 'async with'")
        return CaldavCalendar(self._client, url, default_tz=self._default_tz, read_only=read_only)
