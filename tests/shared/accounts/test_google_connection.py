"""Connecting a Google account against the emulator: the check (one calendar-list call), the
defaults, the choices, the dedicated calendar, and the reconnect's checks."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from tests.google_emulator.control import GoogleEmulator

from nextsteps_shared.accounts.connection import DEDICATED_NAME, NEW, Choice, ChoiceError
from nextsteps_shared.accounts.google_calendar_list import endpoint_url
from nextsteps_shared.accounts.google_connection import (
    GoogleSession,
    check_reconnect,
    connect_google,
    open_google,
    reconnect_scopes,
)
from nextsteps_shared.accounts.google_grant import (
    DEDICATED_SCOPES,
    EVENTS_SCOPES,
    credentials_from_grant,
)
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.errors import CredentialsRefusedError, PermanentError
from nextsteps_shared.messages import SourceKind

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
_SHARER = "colleague@example.com"


def _session(google: GoogleEmulator, scopes: Sequence[str] = EVENTS_SCOPES) -> GoogleSession:
    return open_google(google.credentials(scopes=scopes), google.api_endpoint)


def _connect(google: GoogleEmulator, choice: Choice, *owners: str, **kw: object) -> Account:
    session = _session(google, **kw)  # type: ignore[arg-type]
    return connect_google(session, choice, owners, now=NOW, skip_older_than_days=14)


def test_defaults_watch_the_primary_calendar_and_write_beside_the_interviews(
    google_emulator: GoogleEmulator,
) -> None:
    work = google_emulator.add_calendar("Work")
    account = _connect(google_emulator, Choice())
    assert account.kind is SourceKind.GOOGLE
    assert account.url == google_emulator.api_endpoint
    assert account.username == google_emulator.user
    assert account.owner_addresses == (google_emulator.user,)
    assert account.skip_ended_before == NOW - timedelta(days=14)
    assert [(c.url, c.name, c.watch) for c in account.calendars] == [
        (google_emulator.user, google_emulator.user, True),
        (work, "Work", False),
    ]
    assert all(c.write_to is None and not c.read_only for c in account.calendars)
    assert [r.method_id for r in google_emulator.requests()] == ["calendar.calendarList.list"]


def test_calendars_are_chosen_by_name_or_id_and_a_shared_one_may_be_read_only(
    google_emulator: GoogleEmulator,
) -> None:
    google_emulator.add_user(_SHARER)
    team = google_emulator.add_calendar("Team", owner=_SHARER)
    google_emulator.share(team, google_emulator.user, "reader")
    work = google_emulator.add_calendar("Work")
    account = _connect(google_emulator, Choice(watch=("work", team)), "me@example.org")
    assert {c.url for c in account.watched} == {work, team}
    assert account.owner_addresses == ("me@example.org",)
    (shared,) = (c for c in account.calendars if c.url == team)
    assert shared.read_only and shared.write_to == google_emulator.user  # the first writable
    with pytest.raises(ChoiceError, match="'Team' is read-only"):
        _connect(google_emulator, Choice(write_to="Team"))
    with pytest.raises(ChoiceError, match="no calendar 'Holidays'"):
        _connect(google_emulator, Choice(watch=("Holidays",)))


def test_a_dedicated_calendar_is_created_and_owned_with_narrow_permissions(
    google_emulator: GoogleEmulator,
) -> None:
    account = _connect(google_emulator, Choice(write_to=NEW), scopes=DEDICATED_SCOPES)
    primary, dedicated = account.calendars
    assert dedicated.name == DEDICATED_NAME and dedicated.watch and not dedicated.read_only
    assert primary.read_only and primary.write_to == dedicated.url  # events.readonly there
    created = google_emulator.requests("calendar.calendars.insert")
    assert [r.status for r in created] == [200]
    listed = google_emulator.client().calendarList().list().execute()["items"]
    assert [e["accessRole"] for e in listed if e["id"] == dedicated.url] == ["owner"]


def test_a_dedicated_calendar_needs_a_grant_that_may_create_it(
    google_emulator: GoogleEmulator,
) -> None:
    with pytest.raises(ChoiceError, match=r"needs the calendar\.app\.created permission"):
        _connect(google_emulator, Choice(write_to=NEW), scopes=EVENTS_SCOPES)
    assert google_emulator.requests("calendar.calendars.insert") == []


def test_a_grant_that_may_write_nowhere_is_refused(google_emulator: GoogleEmulator) -> None:
    read_only = ("https://www.googleapis.com/auth/calendar.readonly",)
    with pytest.raises(ChoiceError, match="may write events into none"):
        _connect(google_emulator, Choice(), scopes=read_only)


def test_the_check_refreshes_an_expired_token_and_the_grant_keeps_the_new_one(
    google_emulator: GoogleEmulator,
) -> None:
    credentials = google_emulator.credentials(scopes=EVENTS_SCOPES)
    first = open_google(credentials, google_emulator.api_endpoint)
    google_emulator.expire_access_tokens()
    stored = json.loads(first.grant)
    again = open_google(credentials_from_grant(first.grant), google_emulator.api_endpoint)
    statuses = [r.status for r in google_emulator.requests("calendar.calendarList.list")]
    assert statuses == [200, 401, 200]  # the stored token was used, refused, then renewed
    assert json.loads(again.grant)["token"] != stored["token"]


def test_a_revoked_grant_is_refused_credentials(google_emulator: GoogleEmulator) -> None:
    credentials = google_emulator.credentials(scopes=EVENTS_SCOPES)
    google_emulator.revoke(credentials.refresh_token)
    with pytest.raises(CredentialsRefusedError, match="invalid_grant"):
        open_google(credentials, google_emulator.api_endpoint)


def test_an_endpoint_is_given_its_slash_and_must_be_http() -> None:
    assert endpoint_url("http://127.0.0.1:1/calendar/v3") == "http://127.0.0.1:1/calendar/v3/"
    with pytest.raises(PermanentError, match="not an http"):
        endpoint_url("ftp://example.com/calendar/v3/")


def test_a_reconnect_must_sign_in_to_the_same_google_account(
    google_emulator: GoogleEmulator,
) -> None:
    work = google_emulator.add_calendar("Work")
    account = _connect(google_emulator, Choice(watch=("Work",)))
    assert check_reconnect(account, _session(google_emulator)) == ()
    google_emulator.add_user(_SHARER)
    other = open_google(
        google_emulator.credentials(_SHARER, EVENTS_SCOPES), google_emulator.api_endpoint
    )
    with pytest.raises(ChoiceError, match=f"you signed in as {_SHARER}"):
        check_reconnect(account, other)
    google_emulator.client().calendars().delete(calendarId=work).execute()
    (gone,) = check_reconnect(account, _session(google_emulator))
    assert gone.name == "Work"


def test_a_reconnect_asks_for_the_permissions_the_account_had(
    google_emulator: GoogleEmulator,
) -> None:
    dedicated = _connect(google_emulator, Choice(write_to=NEW), scopes=DEDICATED_SCOPES)
    beside = _connect(google_emulator, Choice())
    old = json.dumps({"scopes": list(DEDICATED_SCOPES)})
    assert reconnect_scopes(beside, old) == DEDICATED_SCOPES
    assert reconnect_scopes(dedicated, None) == DEDICATED_SCOPES  # the old grant is unreadable
    assert reconnect_scopes(beside, None) == EVENTS_SCOPES


def test_a_grant_that_does_not_say_its_scopes_is_taken_at_its_word(
    google_emulator: GoogleEmulator,
) -> None:
    credentials = google_emulator.credentials(scopes=EVENTS_SCOPES)
    unsaid = json.loads(credentials.to_json())  # type: ignore[no-untyped-call]
    del unsaid["scopes"]  # as gcloud writes authorized-user files
    session = open_google(credentials_from_grant(json.dumps(unsaid)), google_emulator.api_endpoint)
    account = connect_google(session, Choice(), (), now=NOW, skip_older_than_days=14)
    assert not account.calendars[0].read_only
