"""Keeping one Google push channel open per watched calendar, when push is configured.

After each poll of an account ingest asks the keeper to look at its channels: a watched
calendar without a channel gets one; a channel with less than ``RENEW_BEFORE`` left is renewed
(a new one is opened first, then the old one stopped, so no change goes unnoticed between
them); a channel of a calendar no longer watched, or of an account that is paused, is stopped.
The book is read first, so a poll with nothing to do sends no request. Every failure here is
the caller's to log: polling goes on, and the next poll tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Final

from nextsteps_shared.accounts.channel_book import ChannelBook
from nextsteps_shared.accounts.model import Account, AccountState
from nextsteps_shared.backends.google_client import GoogleClient
from nextsteps_shared.backends.google_push import PushChannel, open_channel, stop_channel
from nextsteps_shared.messages import SourceKind
from nextsteps_shared.settings import GOOGLE_API_ENDPOINT, GoogleSettings

_log = logging.getLogger(__name__)

RENEW_BEFORE: Final = timedelta(days=1)


def _now() -> datetime:
    return datetime.now(UTC)


class PushKeeper:
    """Opens, renews and stops the push channels of Google accounts."""

    def __init__(
        self, book: ChannelBook, settings: GoogleSettings, clock: Callable[[], datetime] = _now
    ) -> None:
        self.book = book
        self._settings = settings
        self._clock = clock

    @property
    def enabled(self) -> bool:
        return self._settings.webhook_url is not None

    async def keep(self, account: Account, secret: str | None) -> None:
        """Bring the account's channels in line with its watched calendars."""
        wanted = {w.url for w in account.watched} if self._pushed(account) else set()
        have = self.book.of_account(account.id)
        fresh = {c.calendar for c in have if c.expiration - self._clock() > RENEW_BEFORE}
        to_open = sorted(wanted - fresh)
        to_stop = [c for c in have if c.calendar not in wanted or c.calendar in to_open]
        if not to_open and not to_stop:
            return
        client = self._client(account, secret)
        try:
            await self._open_all(client, account, to_open)
            await self._stop_all(client, to_stop)
        finally:
            client.close()

    def _pushed(self, account: Account) -> bool:
        active = account.state is AccountState.ACTIVE
        return self.enabled and active and account.kind is SourceKind.GOOGLE

    async def _open_all(self, client: GoogleClient, account: Account, calendars: list[str]) -> None:
        address = self._settings.webhook_url
        assert address is not None  # only asked for when push is configured
        for calendar in calendars:
            channel = await open_channel(client, account.id, calendar, address)
            self.book.add(channel)
            _log.info("push channel opened: account=%s calendar=%s", account.id, calendar)

    async def _stop_all(self, client: GoogleClient, channels: list[PushChannel]) -> None:
        for channel in channels:
            await stop_channel(client, channel)
            self.book.remove(channel.id)
            _log.info(
                "push channel stopped: account=%s calendar=%s", channel.account, channel.calendar
            )

    def _client(self, account: Account, secret: str | None) -> GoogleClient:
        endpoint = account.url or GOOGLE_API_ENDPOINT
        return GoogleClient.for_account(account.id, secret or "", endpoint, self._settings)
