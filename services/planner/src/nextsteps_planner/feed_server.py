"""``GET /feeds/<token>.ics``: each account's follow-ups for calendar apps to subscribe to.

An aiohttp server on the planner's event loop (started and stopped with ``PlannerApp.run``; a
``--once`` run serves no feed: it exits as soon as the queue is drained). It answers from
memory what :mod:`publication` rendered, so a request costs a token lookup and, when the
client already has the current version (``If-None-Match``, else ``If-Modified-Since``), a 304
with no body. The gzip form, made once per change, goes to clients that accept it.

Tokens are compared in constant time and read again whenever the database changed
(:mod:`token_book`), so ``nextsteps feed rotate`` ends the old address at once. An unknown
token gets the same 404 as any other path. Tokens are in the path, so there is no access log
at all, and nothing here logs a path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import hdrs, web

from nextsteps_planner.publication import PublishedFeed
from nextsteps_planner.token_book import TokenBook
from nextsteps_shared.feed_links import FEED_SUFFIX, FEEDS_PATH, listening_address
from nextsteps_shared.http_site import open_site
from nextsteps_shared.settings import PublishSettings

_log = logging.getLogger(__name__)
CALENDAR_TYPE = "text/calendar; charset=utf-8"
GZIP_TAG = "-gzip"  # the gzip form is another representation: its own entity tag
MAX_TOKEN = 128
_TOKEN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class FeedServer:
    """The HTTP server of the published feeds."""

    def __init__(
        self,
        settings: PublishSettings,
        tokens: TokenBook,
        feed_of: Callable[[str], PublishedFeed],
    ) -> None:
        self._settings = settings
        self._tokens = tokens
        self._feed_of = feed_of
        self._runner: web.AppRunner | None = None
        self.address: str | None = None  # http://host:port it listens on, once started

    async def start(self) -> str:
        """Listen; returns the address (a free port when the setting is 0)."""
        app = web.Application()
        app.router.add_get(FEEDS_PATH + "{name}", self._answer)
        settings = self._settings
        self._runner, port = await open_site(
            app,
            settings.host,
            settings.port,
            serving="serve feeds",
            advice="set publish.port, 0 for any free port, or publish.enabled = false",
        )
        self.address = listening_address(settings, port)
        _log.info("feeds: served at %s%s<token>%s", self.address, FEEDS_PATH, FEED_SUFFIX)
        return self.address

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._tokens.close()

    async def _answer(self, request: web.Request) -> web.Response:
        account = self._account(request.match_info["name"])
        if account is None:
            raise web.HTTPNotFound()  # what any unknown path gets
        feed = self._feed_of(account)
        gzipped = _accepts_gzip(request.headers.get(hdrs.ACCEPT_ENCODING, ""))
        headers = _headers(feed, gzipped)
        if _not_modified(request, feed):
            return web.Response(status=304, headers=headers)
        if gzipped:
            headers[hdrs.CONTENT_ENCODING] = "gzip"
        return web.Response(body=feed.gzipped if gzipped else feed.body, headers=headers)

    def _account(self, name: str) -> str | None:
        token = name.removesuffix(FEED_SUFFIX)
        if token == name or not 0 < len(token) <= MAX_TOKEN:
            return None
        if not _TOKEN_CHARACTERS.issuperset(token):
            return None
        return self._tokens.account_of(token)


def _headers(feed: PublishedFeed, gzipped: bool) -> dict[str, str]:
    tag = feed.etag + GZIP_TAG if gzipped else feed.etag
    return {
        hdrs.CONTENT_TYPE: CALENDAR_TYPE,
        hdrs.ETAG: f'"{tag}"',
        hdrs.LAST_MODIFIED: feed.http_date,
        hdrs.CACHE_CONTROL: "private, no-cache",  # a capability URL: no shared caches
        hdrs.VARY: hdrs.ACCEPT_ENCODING,
        "X-Content-Type-Options": "nosniff",
    }


def _not_modified(request: web.Request, feed: PublishedFeed) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when given (weak comparison, either form's
    tag), else If-Modified-Since."""
    tags = request.if_none_match
    if tags is not None:
        current = {"*", feed.etag, feed.etag + GZIP_TAG}
        return any(tag.value in current for tag in tags)
    since = request.if_modified_since
    return since is not None and feed.modified <= since


def _accepts_gzip(header: str) -> bool:
    """``gzip`` in Accept-Encoding with a non-zero weight."""
    for item in header.split(","):
        coding, _, parameters = item.strip().partition(";")
        if coding.strip().lower() in {"gzip", "x-gzip"}:
            weight = parameters.strip().removeprefix("q=").strip()
            return not weight or _positive(weight)
    return False


def _positive(weight: str) -> bool:
    try:
        return float(weight) > 0
    except ValueError:
        return False
