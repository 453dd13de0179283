"""The webhook Google posts push notifications to: a prompt to poll one account at once.

An aiohttp server on ingest's event loop, on ``google.webhook_host``:``webhook_port`` (a
reverse proxy forwards the public ``webhook_url`` to it; any path is accepted, since proxies
rewrite paths and the channel token is what proves a POST is Google's). A notification is
answered at once and does no work itself: a known channel whose token matches (compared in
constant time) and whose resource id matches wakes the poll loop for its account, which
coalesces a burst into one poll. ``sync``, the message that confirms a new channel, changes
nothing and gets 200 unchecked (Google sends it before ``events.watch`` has answered, so the
channel may not be in the book yet). An unknown channel or a wrong token gets 404 and wakes
nothing.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Final

from aiohttp import web

from nextsteps_shared.accounts.channel_book import ChannelBook
from nextsteps_shared.backends.google_push import PushChannel
from nextsteps_shared.http_site import open_site
from nextsteps_shared.settings import GoogleSettings

_log = logging.getLogger(__name__)

SYNC: Final = "sync"


class Webhook:
    """Receives Google's notifications and wakes the account they are about."""

    def __init__(
        self, settings: GoogleSettings, book: ChannelBook, wake: Callable[[str], None]
    ) -> None:
        self._settings = settings
        self._book = book
        self._wake = wake
        self._runner: web.AppRunner | None = None
        self.port: int | None = None  # the port it listens on, once started

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{path:.*}", self._notified)
        host = self._settings.webhook_host
        self._runner, self.port = await open_site(
            app,
            host,
            self._settings.webhook_port,
            serving="listen for Google notifications",
            advice="set google.webhook_port",
        )
        _log.info("google push: listening on %s port %d", host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _notified(self, request: web.Request) -> web.Response:
        if request.headers.get("X-Goog-Resource-State", "") == SYNC:
            return web.Response(status=200)  # may come before the book has the channel
        channel = self._channel(request)
        if channel is None:
            return web.Response(status=404)
        self._wake(channel.account)
        return web.Response(status=200)

    def _channel(self, request: web.Request) -> PushChannel | None:
        """The channel a notification is from, None unless every header matches the book."""
        headers = request.headers
        channel = self._book.get(headers.get("X-Goog-Channel-ID", ""))
        if channel is None:
            return None
        token = headers.get("X-Goog-Channel-Token", "").encode()
        resource = headers.get("X-Goog-Resource-ID", "")
        if (
            not hmac.compare_digest(token, channel.token.encode())
            or resource != channel.resource_id
        ):
            _log.warning("google push: a notification for channel %s failed its check", channel.id)
            return None
        return channel
