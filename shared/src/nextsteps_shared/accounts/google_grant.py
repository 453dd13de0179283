"""A Google account's secret: the OAuth grant, kept as Google's "authorized user" JSON.

The JSON (``token``, ``refresh_token``, ``client_id``, ``client_secret``, ``token_uri``,
``scopes``, ``expiry``) is what ``google.oauth2.credentials.Credentials.to_json`` writes and
what ``--token-file`` reads; it is stored encrypted by the vault like a CalDAV password.
google-auth's own ``from_authorized_user_info`` always puts Google's token endpoint in the
credentials, whatever ``token_uri`` says; :func:`credentials_from_grant` keeps it, so a grant
issued by another OAuth server (an emulator) is refreshed where it came from.

Refreshed access tokens are not written back to the store. An access token lives an hour and
each process (ingest, planner, every replica) refreshes its own in memory with the refresh
token, which Google does not rotate on refresh: nothing lasting is lost by forgetting it, the
cost is one token request per process and hour (token requests do not count against the
Calendar API quota). Writing it back would make every service a writer of the accounts'
secrets, and a late write-back of an old grant could undo a ``connect google --reconnect``
that stored a new one. The access token stored at ``connect`` (checked there by one
calendar-list call) is used until it expires or is refused.

Scopes, the narrowest that do the job: :data:`EVENTS_SCOPES` reads and writes events in the
person's calendars (follow-ups beside the interviews, or in a calendar of theirs);
:data:`DEDICATED_SCOPES` reads events and owns only the calendars nextsteps creates (the
dedicated "Follow-ups" calendar). Both list the calendars, read-only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from google.oauth2.credentials import Credentials

from nextsteps_shared.errors import PermanentError

GOOGLE_TOKEN_URI: Final = "https://oauth2.googleapis.com/token"
_AUTH: Final = "https://www.googleapis.com/auth/"
CALENDAR_LIST_READ: Final = _AUTH + "calendar.calendarlist.readonly"
EVENTS: Final = _AUTH + "calendar.events"
EVENTS_READ: Final = _AUTH + "calendar.events.readonly"
APP_CREATED: Final = _AUTH + "calendar.app.created"
EVENTS_SCOPES: Final = (EVENTS, CALENDAR_LIST_READ)
DEDICATED_SCOPES: Final = (EVENTS_READ, APP_CREATED, CALENDAR_LIST_READ)
_REQUIRED: Final = ("refresh_token", "client_id", "client_secret")


class GrantError(PermanentError):
    """An authorized-user JSON that cannot be used (not JSON, fields missing)."""


def credentials_from_grant(text: str, where: str = "the stored Google grant") -> Credentials:
    """Credentials from authorized-user JSON (``where`` names it in errors)."""
    try:
        info = json.loads(text)
    except ValueError as err:
        raise GrantError(f"{where} is not JSON: {err}") from err
    if not isinstance(info, dict):
        raise GrantError(f"{where} is not a JSON object of authorized-user credentials")
    missing = [name for name in _REQUIRED if not isinstance(info.get(name), str)]
    if missing:
        raise GrantError(
            f"{where} lacks {', '.join(missing)}: an authorized-user JSON (as written by "
            "google-auth's Credentials.to_json, or gcloud auth application-default login) "
            "has refresh_token, client_id and client_secret"
        )
    return _credentials(info, where)


def _credentials(info: Mapping[str, object], where: str) -> Credentials:
    scopes = info.get("scopes")
    return Credentials(  # type: ignore[no-untyped-call]
        token=info.get("token") or None,
        refresh_token=info["refresh_token"],
        token_uri=str(info.get("token_uri") or GOOGLE_TOKEN_URI),
        client_id=info["client_id"],
        client_secret=info["client_secret"],
        scopes=scopes.split() if isinstance(scopes, str) else scopes,
        expiry=_expiry(info.get("expiry"), where) if info.get("token") else None,
    )


def _expiry(value: object, where: str) -> datetime | None:
    """google-auth's expiry: naive UTC (``None``: used until refused)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as err:
        raise GrantError(f"{where}: expiry {value!r} is not an ISO-8601 time") from err
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def grant_from_credentials(credentials: Credentials) -> str:
    """The authorized-user JSON to store (the access token and its expiry included)."""
    info = json.loads(credentials.to_json())  # type: ignore[no-untyped-call]
    kept = ("token", "refresh_token", "token_uri", "client_id", "client_secret", "scopes")
    grant = {name: info[name] for name in kept if info.get(name) is not None}
    if "expiry" in info:
        grant["expiry"] = info["expiry"]
    return json.dumps(grant)


def read_token_file(path: Path) -> Credentials:
    """The grant in an authorized-user JSON file (``--token-file``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise GrantError(f"--token-file: cannot read {path}: {err.strerror or err}") from err
    return credentials_from_grant(text, f"--token-file {path}")


def granted_scopes(credentials: Credentials) -> tuple[str, ...]:
    """The scopes the grant holds (as the token endpoint or the JSON said)."""
    held = credentials.granted_scopes or credentials.scopes or ()
    return tuple(held)
