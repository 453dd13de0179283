"""The handle tests and benchmarks hold: a running Calendar v3 emulator and its controls.

Start one with :func:`running_google_emulator` (or the ``google_emulator`` pytest fixture).
It answers the real google-api-python-client over HTTP on a loopback port::

    with running_google_emulator() as google:
        calendar = google.client()                      # OAuth through google.token_uri
        calendar.events().insert(calendarId="primary", body={...}).execute()
        google.fail_next(Fault.RATE_LIMIT, method_id="calendar.events.list")
        google.invalidate_sync_tokens("primary")        # the next incremental sync is 410
        assert google.quota_units() == 2

Authentication is strict by default: every API call needs a live access token issued by the
emulator's token endpoint (``credentials()`` and ``client()`` make real OAuth credentials for
that). ``allow_anonymous()`` switches it off, for clients built with ``AnonymousCredentials``
(which send no token at all); ``reset()`` switches it back on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from google.auth.credentials import AnonymousCredentials
from google.auth.credentials import Credentials as AnyCredentials
from google.auth.transport.requests import AuthorizedSession
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import Resource, build
from tests.google_emulator.channels import Channel
from tests.google_emulator.faults import Fault
from tests.google_emulator.oauth import CALENDAR_SCOPE, CLIENT_ID, CLIENT_SECRET, Grants
from tests.google_emulator.request_log import LoggedRequest
from tests.google_emulator.seeding import seed_events
from tests.google_emulator.server import serving
from tests.google_emulator.state import EmulatorState
from tests.google_emulator.store import Store

DEFAULT_USER = "candidate@example.com"


class GoogleEmulator:
    """A running emulator: where it answers, and everything a test may set or look at."""

    def __init__(self, state: EmulatorState, port: int) -> None:
        self.state = state
        self.base_url = f"http://127.0.0.1:{port}"
        self.api_endpoint = f"{self.base_url}/calendar/v3/"
        self.token_uri = f"{self.base_url}/token"
        self.auth_uri = f"{self.base_url}/o/oauth2/auth"
        self.revoke_uri = f"{self.base_url}/revoke"
        self.client_id = CLIENT_ID
        self.client_secret = CLIENT_SECRET
        self.user = state.grants.default_user

    # --- clients and credentials ------------------------------------------------------------

    def credentials(
        self, user: str | None = None, scopes: Sequence[str] = (CALENDAR_SCOPE,)
    ) -> Credentials:
        """OAuth user credentials with a fresh refresh token and no access token yet.

        google-auth fetches the access token from :attr:`token_uri` on first use, and again
        whenever the API answers 401: real OAuth, against the emulator.
        """
        token = self.issue_refresh_token(user, scopes)
        return Credentials(  # type: ignore[no-untyped-call]
            token=None,
            refresh_token=token,
            token_uri=self.token_uri,
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=list(scopes),
        )

    def client(self, credentials: AnyCredentials | None = None) -> Resource:
        """google-api-python-client's Calendar v3 service, pointed at the emulator."""
        return build(
            "calendar",
            "v3",
            credentials=credentials or self.credentials(),
            client_options={"api_endpoint": self.api_endpoint},
            static_discovery=True,
            cache_discovery=False,
        )

    def session(self, credentials: AnyCredentials | None = None) -> AuthorizedSession:
        """google-auth's requests transport, authorised (for raw calls the client won't make)."""
        return AuthorizedSession(credentials or self.credentials())  # type: ignore[no-untyped-call]

    def anonymous_client(self) -> Resource:
        """A client with ``AnonymousCredentials`` (no token); needs :meth:`allow_anonymous`."""
        return self.client(AnonymousCredentials())  # type: ignore[no-untyped-call]

    def client_config(self) -> dict[str, Any]:
        """The OAuth client configuration google-auth-oauthlib's ``Flow`` reads."""
        return {
            "installed": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "auth_uri": self.auth_uri,
                "token_uri": self.token_uri,
                "redirect_uris": ["http://localhost"],
            }
        }

    # --- authentication ---------------------------------------------------------------------

    def allow_anonymous(self, allowed: bool = True) -> None:
        """Accept any request, with any token or none, as :attr:`user` (until :meth:`reset`)."""
        self.state.grants.permissive = allowed

    def issue_refresh_token(
        self, user: str | None = None, scopes: Sequence[str] = (CALENDAR_SCOPE,)
    ) -> str:
        return self.state.grants.issue_refresh_token(user or self.user, tuple(scopes))

    def expire_access_tokens(self, user: str | None = None) -> int:
        """Expire every live access token (of ``user``): the next API call answers 401."""
        return self.state.grants.expire_access_tokens(user)

    def revoke(self, token: str) -> bool:
        """Revoke a refresh token (refresh then fails with ``invalid_grant``) or access token."""
        return self.state.grants.revoke(token)

    # --- data -------------------------------------------------------------------------------

    def add_user(self, email: str, time_zone: str = "UTC") -> str:
        """Another account, with its primary calendar (id = ``email``)."""
        self.state.store.add_user(email, time_zone)
        return email

    def add_calendar(
        self, summary: str, owner: str | None = None, time_zone: str | None = None
    ) -> str:
        """A secondary calendar owned by ``owner`` (default :attr:`user`); its id."""
        return self.state.store.add_calendar(owner or self.user, summary, time_zone=time_zone).id

    def share(self, calendar_id: str, email: str, role: str, hidden: bool = False) -> None:
        """Give ``email`` ``role`` (reader, writer, owner, freeBusyReader, ...) on a calendar."""
        self.state.store.share(self._id(calendar_id), email, role, hidden=hidden)

    def seed_events(
        self, bodies: Iterable[dict[str, Any]], calendar_id: str = "primary"
    ) -> list[str]:
        """Insert many events at once, without HTTP (see seeding.py); their ids."""
        return seed_events(self.state, self._id(calendar_id), bodies)

    def events(self, calendar_id: str = "primary") -> list[dict[str, Any]]:
        """Every stored event of a calendar, deleted ones included (``status: cancelled``)."""
        with self.state.store.lock:
            stored = self.state.store.calendars[self._id(calendar_id)].events.values()
            return [dict(e.resource) for e in stored]

    def event(self, event_id: str, calendar_id: str = "primary") -> dict[str, Any] | None:
        """One stored event (or None), read without HTTP."""
        with self.state.store.lock:
            found = self.state.store.calendars[self._id(calendar_id)].events.get(event_id)
            return None if found is None else dict(found.resource)

    def invalidate_sync_tokens(self, calendar_id: str | None = None) -> None:
        """Make every sync token issued so far (for one calendar, or all) answer 410."""
        store = self.state.store
        with store.lock:
            ids = [self._id(calendar_id)] if calendar_id else list(store.calendars)
            for found in ids:
                store.calendars[found].generation += 1
            if calendar_id is None:
                for user in store.users.values():
                    user.list_generation += 1

    def _id(self, calendar_id: str) -> str:
        return self.user if calendar_id == "primary" else calendar_id

    # --- faults, requests, channels ---------------------------------------------------------

    def fail_next(
        self,
        fault: Fault = Fault.RATE_LIMIT,
        times: int = 1,
        method_id: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Answer the next ``times`` API calls (of ``method_id`` only, if given) with ``fault``."""
        self.state.faults.add(fault, times, method_id, retry_after)

    def requests(self, method_id: str | None = None) -> list[LoggedRequest]:
        """The API requests answered so far (of one discovery method id, if given)."""
        return self.state.log.entries(method_id)

    def quota_units(self) -> int:
        """Calendar quota used so far: one unit per API request."""
        return self.state.log.quota_units()

    @property
    def channels(self) -> list[Channel]:
        """Every watch channel opened so far (``.open``, ``.stopped``, ``.deliveries``)."""
        with self.state.channels.lock:
            return list(self.state.channels.channels)

    def reset(self) -> None:
        """Forget everything: a fresh account for :attr:`user`, strict auth, no faults or log."""
        self.state.store = _fresh_store(self.user)
        self.state.grants = Grants(default_user=self.user)
        self.state.faults.clear()
        self.state.log.clear()
        with self.state.channels.lock:
            self.state.channels.channels.clear()


def _fresh_store(user: str) -> Store:
    store = Store()
    store.add_user(user)
    return store


@contextlib.contextmanager
def running_google_emulator(user: str = DEFAULT_USER, port: int = 0) -> Iterator[GoogleEmulator]:
    """An emulator on 127.0.0.1 (a free port unless given) for the block; its handle."""
    state = EmulatorState(store=_fresh_store(user), grants=Grants(default_user=user))
    with serving(state, port) as bound:
        yield GoogleEmulator(state, bound)
