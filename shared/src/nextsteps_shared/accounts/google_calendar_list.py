"""A Google account's calendars, as ``connect google`` needs them: whose account it is (the
primary calendar's id is the account's e-mail), the calendars it lists, and creating the
dedicated follow-ups calendar.

Through google-api-python-client, pointed at the account's Calendar v3 endpoint
(``client_options``), with the discovery document it ships and an httplib2 transport that has
a timeout (httplib2 has none of its own). google-auth refreshes an expired or refused access
token on the way. Failures become nextsteps errors as in the backend (``google_failure``): a
grant Google refuses (revoked, expired, lacking a permission) is ``CredentialsRefusedError``;
rate limits and server errors are transient (after the client's own retries).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

import httplib2
from google.auth.exceptions import GoogleAuthError
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from nextsteps_shared.backends.caldav_account import CalendarInfo
from nextsteps_shared.backends.google_failure import failure
from nextsteps_shared.errors import PermanentError

_TIMEOUT_S: Final = 30
_RETRIES: Final = 3  # googleapiclient's own retries (429, 5xx, rate-limit 403) with backoff
_WRITERS: Final = frozenset({"owner", "writer"})


@dataclass(frozen=True)
class GoogleCalendars:
    """The calendars a Google account lists (whose events it may read), primary first."""

    email: str
    time_zone: str | None
    calendars: tuple[CalendarInfo, ...]

    @property
    def primary(self) -> CalendarInfo:
        return self.calendars[0]


def endpoint_url(url: str) -> str:
    """A Calendar v3 endpoint as the client joins paths to it (http(s), ending in "/")."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise PermanentError(f"API endpoint {url!r} is not an http(s) address")
    return url.strip() if url.strip().endswith("/") else url.strip() + "/"


def calendar_service(credentials: Credentials, endpoint: str) -> Any:
    """google-api-python-client's Calendar v3 service for ``endpoint``."""
    http = AuthorizedHttp(credentials, http=httplib2.Http(timeout=_TIMEOUT_S))
    return build(
        "calendar",
        "v3",
        http=http,
        client_options={"api_endpoint": endpoint},
        static_discovery=True,
        cache_discovery=False,
    )


def list_calendars(service: Any, endpoint: str) -> GoogleCalendars:
    """Every calendar the account lists with at least read access (every page)."""
    entries: list[dict[str, Any]] = []
    page: str | None = None
    with google_call(f"list the calendars at {endpoint}"):
        while True:
            answer = (
                service.calendarList()
                .list(minAccessRole="reader", maxResults=250, pageToken=page)
                .execute(num_retries=_RETRIES)
            )
            entries.extend(answer.get("items", []))
            page = answer.get("nextPageToken")
            if not page:
                break
    return _listed(entries, endpoint)


def _listed(entries: list[dict[str, Any]], endpoint: str) -> GoogleCalendars:
    primary = next((e for e in entries if e.get("primary")), None)
    if primary is None:
        raise PermanentError(f"{endpoint}: the account lists no primary calendar")
    others = [e for e in entries if e is not primary]
    return GoogleCalendars(
        email=str(primary["id"]),
        time_zone=primary.get("timeZone"),
        calendars=tuple(_info(e) for e in [primary, *others]),
    )


def _info(entry: dict[str, Any]) -> CalendarInfo:
    name = entry.get("summaryOverride") or entry.get("summary") or str(entry["id"])
    return CalendarInfo(
        url=str(entry["id"]), name=str(name), read_only=entry.get("accessRole") not in _WRITERS
    )


def create_calendar(service: Any, name: str, time_zone: str | None) -> CalendarInfo:
    """A new secondary calendar of events, owned by the account (``calendars.insert``)."""
    body = {"summary": name, "description": "Follow-ups written by nextsteps."}
    if time_zone:
        body["timeZone"] = time_zone
    with google_call(f"create the calendar {name!r}"):
        created = service.calendars().insert(body=body).execute(num_retries=_RETRIES)
    return CalendarInfo(url=str(created["id"]), name=str(created.get("summary") or name))


@contextlib.contextmanager
def google_call(what: str) -> Iterator[None]:
    """Translate what google-api-python-client and google-auth raise during ``what`` (as the
    backend does: ``backends.google_failure``)."""
    try:
        yield
    except (HttpError, GoogleAuthError, httplib2.HttpLib2Error, OSError) as err:
        raise failure(err, what) from err
