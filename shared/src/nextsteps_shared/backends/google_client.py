"""One Google account's Calendar v3 client: built once, every request paced, retried, translated.

The client is google-api-python-client's ``Resource`` built from the bundled discovery document
(``static_discovery=True``: no network to start), pointed at the account's API endpoint (Google,
or an emulator) and authorised by the account's stored grant (see
``nextsteps_shared.accounts.google_grant``); google-auth renews the access token when it
expires or is refused.

google-api-python-client is synchronous and httplib2 is not thread-safe, so each request runs
in a worker thread (``asyncio.to_thread``), one at a time per client (an ``asyncio.Lock``):
the event loop never blocks, and one account's requests never overlap. Before each request
the account's :class:`~nextsteps_shared.backends.google_pacer.Pacer` hands out a token; a rate
limit or server error is retried after a jittered, growing pause, ``max_tries`` in all; every
failure leaves here as a nextsteps error (``google_failure``).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from typing import Any

from google.auth.credentials import Credentials
from googleapiclient.discovery import Resource, build
from googleapiclient.http import HttpRequest

from nextsteps_shared.accounts.google_grant import credentials_from_grant
from nextsteps_shared.backends.google_failure import failure, is_retryable, retry_after
from nextsteps_shared.backends.google_pacer import Pacer, Sleep, backoff_delay, pacer_for
from nextsteps_shared.errors import NextstepsError
from nextsteps_shared.settings import GoogleSettings

_log = logging.getLogger(__name__)

RequestOf = Callable[[Resource], HttpRequest]


def calendar_service(credentials: Credentials, endpoint: str) -> Resource:
    """google-api-python-client's Calendar v3 service at ``endpoint``."""
    return build(
        "calendar",
        "v3",
        credentials=credentials,
        client_options={"api_endpoint": endpoint},
        static_discovery=True,
        cache_discovery=False,
    )


class GoogleClient:
    """The Calendar API of one account, for coroutines."""

    def __init__(
        self,
        service: Resource,
        settings: GoogleSettings,
        *,
        pacer: Pacer,
        sleep: Sleep = asyncio.sleep,
        draw: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self.service = service
        self.settings = settings
        self.requests = 0  # requests sent, retries included
        self._pacer = pacer
        self._sleep = sleep
        self._draw = draw
        self._lock = asyncio.Lock()

    @classmethod
    def for_account(
        cls, account: str, grant: str, endpoint: str, settings: GoogleSettings
    ) -> GoogleClient:
        """The client of ``account`` from its stored grant (authorized-user JSON)."""
        credentials = credentials_from_grant(grant, f"the Google grant of account {account}")
        service = calendar_service(credentials, endpoint)
        return cls(service, settings, pacer=pacer_for(account, settings))

    def close(self) -> None:
        """Close the client's HTTP connections."""
        self.service.close()

    async def call(self, request_of: RequestOf, what: str, *, if_match: str | None = None) -> Any:
        """Send the request ``request_of`` builds (again for each try); its JSON answer.

        ``if_match`` sends that etag in ``If-Match``. Raises the nextsteps error for a failure
        (``what`` says what was asked, for the message).
        """
        tries = self.settings.max_tries
        for retry in range(tries):
            try:
                return await self._send(request_of, if_match)
            except NextstepsError:
                raise
            except Exception as err:  # translated below, whatever the library raised
                if not is_retryable(err) or retry + 1 == tries:
                    raise failure(err, what) from err
                await self._back_off(retry, err, what)
        raise AssertionError("unreachable: the last try returns or raises")

    async def _send(self, request_of: RequestOf, if_match: str | None) -> Any:
        request = request_of(self.service)
        if if_match is not None:
            request.headers["if-match"] = if_match
        await self._pacer.take()
        async with self._lock:
            self.requests += 1
            return await asyncio.to_thread(request.execute)

    async def _back_off(self, retry: int, err: Exception, what: str) -> None:
        delay = backoff_delay(retry, self.settings, retry_after(err), self._draw)
        _log.info("%s: %s; trying again in %.2f s", what, failure(err, what), delay)
        await self._sleep(delay)
