"""One download of an ICS feed: conditional, bounded, and checked hop by hop.

niquests (already installed with caldav) does the HTTP. Each fetch:

- asks conditionally (``If-None-Match`` / ``If-Modified-Since`` from the last answer); a 304
  comes back as a :class:`Download` without a body;
- follows at most ``max_redirects`` redirects itself, so that :class:`AddressGuard` checks
  every hop before connecting and on the address reached (a niquests ``pre_send`` hook, which
  runs once the connection stands and before the request is written); credentials go only
  to the feed's own origin;
- stops at ``max_bytes`` (announced by Content-Length or counted while reading, after
  decompression) and after ``timeout_seconds`` for the whole of it;
- reports a body cut short (fewer bytes than announced, a broken chunked encoding) as
  :class:`FeedContentError`: that poll fails, nothing is taken from half a calendar.

Proxies from the environment are not used: the address check needs the real peer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urljoin

import niquests

from nextsteps_shared.backends.caldav_failure import status_failure
from nextsteps_shared.backends.feed_address import AddressGuard, masked, origin
from nextsteps_shared.errors import (
    FeedContentError,
    FeedRefusedError,
    NextstepsError,
    PermanentError,
    TransientError,
)
from nextsteps_shared.settings import FeedSettings

_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_NOT_MODIFIED: Final = 304
_CHUNK: Final = 64 * 1024
_HEADERS: Final = {
    "Accept": "text/calendar, text/plain;q=0.5, */*;q=0.1",
    "User-Agent": "nextsteps (calendar feed reader)",
}


@dataclass(frozen=True)
class Validators:
    """What the server said about the last document, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True)
class Download:
    """The answer: the document (``None`` when not modified) and its validators."""

    body: bytes | None
    validators: Validators
    content_type: str = ""


class FeedDownloader:
    """Fetches feeds within the limits of the settings."""

    def __init__(self, limits: FeedSettings, auth: tuple[str, str] | None = None) -> None:
        self._limits = limits
        self._auth = auth
        self._guard = AddressGuard(limits.allow_hosts)

    async def download(self, url: str, since: Validators) -> Download:
        """The feed at ``url`` (see the module's docstring for the rules)."""
        seconds = self._limits.timeout_seconds
        try:
            async with asyncio.timeout(seconds):
                return await self._follow(url, since)
        except TimeoutError as err:
            raise TransientError(f"fetch {masked(url)}: no whole answer in {seconds:g} s") from err

    async def _follow(self, url: str, since: Validators) -> Download:
        home = origin(url)
        async with niquests.AsyncSession() as session:
            session.trust_env = False
            hop = url
            for _ in range(self._limits.max_redirects + 1):
                auth = self._auth if origin(hop) == home else None
                response = await self._get(session, hop, since, auth)
                try:
                    following = _location(hop, response)
                    if following is None:
                        return await self._answer(hop, response, since)
                finally:
                    await response.close()
                hop = following
        raise FeedRefusedError(
            f"fetch {masked(url)}: more than {self._limits.max_redirects} redirects"
        )

    async def _get(
        self,
        session: niquests.AsyncSession,
        url: str,
        since: Validators,
        auth: tuple[str, str] | None,
    ) -> niquests.AsyncResponse:
        await self._guard.check_host(url)
        refused: list[NextstepsError] = []
        try:
            return await session.get(
                url,
                headers={**_HEADERS, **since.headers()},
                auth=auth,
                stream=True,
                allow_redirects=False,
                timeout=self._limits.timeout_seconds,
                hooks={"pre_send": [self._peer_check(url, refused)]},
            )
        except niquests.RequestException as err:
            if refused:  # niquests wraps what the hook raised: say why, not "aborted"
                raise refused[0] from err
            raise TransientError(f"fetch {masked(url)}: {_reason(err)}") from err

    def _peer_check(self, url: str, refused: list[NextstepsError]) -> Callable[..., Any]:
        """A ``pre_send`` hook: the connection stands, nothing is sent yet; check its peer."""

        async def check_peer(request: Any, **_: Any) -> Any:
            try:
                self._guard.check_peer(url, getattr(request.conn_info, "destination_address", None))
            except NextstepsError as err:
                refused.append(err)
                raise
            return request

        return check_peer

    async def _answer(
        self, url: str, response: niquests.AsyncResponse, since: Validators
    ) -> Download:
        status = response.status_code or 0
        validators = Validators(
            response.headers.get("ETag") or None, response.headers.get("Last-Modified") or None
        )
        if status == _NOT_MODIFIED:
            return Download(None, Validators(validators.etag or since.etag, since.last_modified))
        failure = status_failure(status, f"fetch {masked(url)}")
        if failure is not None:
            raise failure
        if status != 200:
            raise PermanentError(f"fetch {masked(url)}: HTTP {status} is not a calendar")
        body = await self._body(url, response)
        return Download(body, validators, response.headers.get("Content-Type") or "")

    async def _body(self, url: str, response: niquests.AsyncResponse) -> bytes:
        limit = self._limits.max_bytes
        announced = response.headers.get("Content-Length") or ""
        if announced.isdigit() and int(announced) > limit:
            raise _too_large(url, limit)
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in await response.iter_content(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _too_large(url, limit)
                chunks.append(chunk)
        except niquests.RequestException as err:
            raise FeedContentError(
                f"fetch {masked(url)}: the download broke off after {size} bytes "
                f"({_reason(err)}); the last good state is kept"
            ) from err
        return b"".join(chunks)


def _location(url: str, response: niquests.AsyncResponse) -> str | None:
    """The next hop of a redirect (None for any other answer)."""
    target = response.headers.get("Location")
    if response.status_code not in _REDIRECTS or not target:
        return None
    following = urljoin(url, target)
    if not following.lower().startswith(("http://", "https://")):
        raise FeedRefusedError(f"fetch {masked(url)}: redirected to {masked(following)!r}")
    return following


def _too_large(url: str, limit: int) -> FeedRefusedError:
    return FeedRefusedError(
        f"fetch {masked(url)}: larger than {limit} bytes (the feeds.max_bytes setting)"
    )


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0][:200]}" if text else type(err).__name__
