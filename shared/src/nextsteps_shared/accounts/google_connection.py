"""Connecting a Google account, once the person consented: the check, the choices, the account.

The account is stored in the shape the Google backend opens (``backends/opener.py``): kind
``google``, ``url`` the Calendar v3 endpoint, ``username`` the account's e-mail (its primary
calendar's id), the secret the grant as authorized-user JSON (``google_grant``), and each
``WatchedCalendar.url`` a Google calendar id. The defaults differ from CalDAV's where Google
differs: only the primary calendar is watched unless the person chooses (a Google account
lists holiday, birthday and colleagues' calendars that hold no interview of theirs), and the
owner address is the account's e-mail unless ``--owner`` says otherwise.

A reconnect (``connect google --reconnect ACCOUNT``) replaces only the grant: the account keeps
its id, calendars and follow-ups, provided the person signed in to the same Google account.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from google.oauth2.credentials import Credentials

from nextsteps_shared.accounts.connection import (
    DEDICATED_NAME,
    NEW,
    SAME,
    Choice,
    ChoiceError,
    find_calendar,
    watched_calendars,
    writable_calendar,
)
from nextsteps_shared.accounts.google_calendar_list import (
    GoogleCalendars,
    calendar_service,
    create_calendar,
    list_calendars,
)
from nextsteps_shared.accounts.google_grant import (
    APP_CREATED,
    DEDICATED_SCOPES,
    EVENTS,
    EVENTS_SCOPES,
    grant_from_credentials,
    granted_scopes,
)
from nextsteps_shared.accounts.model import Account, WatchedCalendar, new_account_id
from nextsteps_shared.backends.caldav_account import CalendarInfo
from nextsteps_shared.messages import SourceKind

_FULL_ACCESS: Final = "https://www.googleapis.com/auth/calendar"
_CREATORS: Final = frozenset({APP_CREATED, _FULL_ACCESS, _FULL_ACCESS + ".calendars"})


def scopes_for(write_to: str) -> tuple[str, ...]:
    """The scopes to ask for: a dedicated calendar (``new``) needs no write access elsewhere."""
    return DEDICATED_SCOPES if write_to == NEW else EVENTS_SCOPES


@dataclass(frozen=True)
class GoogleSession:
    """A checked grant: the client on the endpoint and the calendars it lists."""

    credentials: Credentials
    endpoint: str
    service: Any
    listed: GoogleCalendars

    @property
    def calendars(self) -> tuple[CalendarInfo, ...]:
        """The listed calendars, read-only where the grant cannot write events (a grant that
        does not say its scopes is taken at its word: Google will refuse what it cannot do)."""
        held = set(granted_scopes(self.credentials))
        if not held or {EVENTS, _FULL_ACCESS} & held:
            return self.listed.calendars
        return tuple(c.model_copy(update={"read_only": True}) for c in self.listed.calendars)

    @property
    def grant(self) -> str:
        """The grant to store (with the access token the check used, maybe refreshed)."""
        return grant_from_credentials(self.credentials)


def open_google(credentials: Credentials, endpoint: str) -> GoogleSession:
    """Check the grant with one calendar-list call (refreshing the access token if needed)."""
    service = calendar_service(credentials, endpoint)
    return GoogleSession(credentials, endpoint, service, list_calendars(service, endpoint))


def connect_google(
    session: GoogleSession,
    choice: Choice,
    owners: Sequence[str],
    *,
    now: datetime,
    skip_older_than_days: int,
) -> Account:
    """A new account: the calendars chosen (default: the primary), the follow-ups' target
    (the dedicated calendar created when ``new``)."""
    calendars = session.calendars
    watched = [find_calendar(calendars, w) for w in choice.watch] or [calendars[0]]
    target = _target(session, calendars, choice.write_to)
    if target is None and all(c.read_only for c in calendars):
        raise ChoiceError(
            "this grant may write events into none of the account's calendars: connect with "
            "the default permissions, or with --write-to new for a calendar of nextsteps' own"
        )
    return Account(
        id=new_account_id(SourceKind.GOOGLE),
        kind=SourceKind.GOOGLE,
        url=session.endpoint,
        username=session.listed.email,
        owner_addresses=tuple(owners) or (session.listed.email,),
        connected_at=now,
        skip_ended_before=now - timedelta(days=skip_older_than_days),
        calendars=watched_calendars(calendars, watched, target),
    )


def _target(
    session: GoogleSession, calendars: Sequence[CalendarInfo], write_to: str
) -> CalendarInfo | None:
    if write_to == SAME:
        return None
    if write_to != NEW:
        return writable_calendar(calendars, write_to)
    held = set(granted_scopes(session.credentials))
    if held and not held & _CREATORS:
        raise ChoiceError(
            "--write-to new needs the calendar.app.created permission, which this grant lacks "
            f"(it holds {', '.join(sorted(s.rsplit('/', 1)[-1] for s in held))})"
        )
    return create_calendar(session.service, DEDICATED_NAME, session.listed.time_zone)


def reconnect_scopes(account: Account, old_grant: str | None) -> tuple[str, ...]:
    """The scopes a reconnect asks for: those of the old grant when it can still be read,
    else as the account's calendars suggest (the dedicated calendar's: its scopes)."""
    if old_grant is not None:
        try:
            scopes = json.loads(old_grant).get("scopes")
        except (ValueError, AttributeError):
            scopes = None
        if isinstance(scopes, list) and scopes:
            return tuple(str(s) for s in scopes)
    names = {c.url: c.name for c in account.calendars}
    targets = {names.get(c.write_to) for c in account.calendars if c.write_to}
    return DEDICATED_SCOPES if DEDICATED_NAME in targets else EVENTS_SCOPES


def check_reconnect(account: Account, session: GoogleSession) -> tuple[WatchedCalendar, ...]:
    """Refuse a grant of another Google account; the watched calendars it no longer lists."""
    if account.kind is not SourceKind.GOOGLE:
        raise ChoiceError(f"{account.id} is a {account.kind.value} account, not a Google one")
    if session.listed.email.casefold() != (account.username or "").casefold():
        raise ChoiceError(
            f"you signed in as {session.listed.email}, but {account.id} is the account of "
            f"{account.username}: sign in as {account.username}, or connect "
            f"{session.listed.email} as an account of its own"
        )
    listed = {c.url for c in session.listed.calendars}
    return tuple(c for c in account.watched if c.url not in listed)
