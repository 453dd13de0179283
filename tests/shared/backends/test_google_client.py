"""Google's refusals through the real client and the emulator: rate limits backed off and
retried, refused credentials told apart from a forbidden calendar, a stored grant opened."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest
from tests.google_emulator.control import GoogleEmulator
from tests.google_emulator.faults import Fault
from tests.shared.backends.google_samples import followup, meeting
from tests.shared.backends.subjects import FAST

from nextsteps_shared.accounts.model import Account, WatchedCalendar
from nextsteps_shared.backends.google_calendar import GoogleCalendar
from nextsteps_shared.backends.google_client import GoogleClient
from nextsteps_shared.backends.google_pacer import Pacer
from nextsteps_shared.backends.opener import AccountCalendars
from nextsteps_shared.backends.protocol import Precondition
from nextsteps_shared.errors import CredentialsRefusedError, PermanentError, TransientError
from nextsteps_shared.messages import SourceKind

LIST = "calendar.events.list"
READ_ONLY_SCOPE = "https://www.googleapis.com/auth/calendar.readonly"


class Waits:
    """A sleep that only writes down how long it was asked to wait."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)


def calendar_with(
    google: GoogleEmulator, waits: Waits, scopes: tuple[str, ...] | None = None
) -> GoogleCalendar:
    credentials = google.credentials(scopes=scopes) if scopes else google.credentials()
    client = GoogleClient(
        google.client(credentials),
        FAST,
        pacer=Pacer(60_000, 1_000),
        sleep=waits,
        draw=lambda low, high: high,
    )
    return GoogleCalendar(client, "primary")


def test_a_burst_of_rate_limits_is_backed_off_and_gets_through(
    google_emulator: GoogleEmulator,
) -> None:
    google_emulator.seed_events([meeting(1)])
    google_emulator.fail_next(Fault.RATE_LIMIT, times=2, method_id=LIST)
    google_emulator.fail_next(Fault.USER_RATE_LIMIT, method_id=LIST)
    google_emulator.fail_next(Fault.UNAVAILABLE, method_id=LIST)
    waits = Waits()
    changes = asyncio.run(calendar_with(google_emulator, waits).changes(None))
    assert [e.key for e in changes.upserts] == ["meeting-1@example.org"]
    assert [r.status for r in google_emulator.requests(LIST)] == [429, 429, 403, 503, 200]
    assert waits.asked == [0.01, 0.02, 0.04, 0.08]  # the ceiling doubles each time


def test_retry_after_is_honoured(google_emulator: GoogleEmulator) -> None:
    google_emulator.fail_next(Fault.RATE_LIMIT_403, method_id=LIST, retry_after=3)
    waits = Waits()
    asyncio.run(calendar_with(google_emulator, waits).changes(None))
    assert waits.asked == [3.0]


def test_rate_limits_past_the_last_try_are_transient(google_emulator: GoogleEmulator) -> None:
    google_emulator.fail_next(Fault.RATE_LIMIT, times=FAST.max_tries, method_id=LIST)
    with pytest.raises(TransientError, match="429"):
        asyncio.run(calendar_with(google_emulator, Waits()).changes(None))
    assert len(google_emulator.requests(LIST)) == FAST.max_tries


def test_a_forbidden_calendar_is_permanent_and_no_credential_problem(
    google_emulator: GoogleEmulator,
) -> None:
    other = google_emulator.add_user("recruiter@quillworks.example")
    shared = google_emulator.add_calendar("Interviews", owner=other)
    google_emulator.share(shared, google_emulator.user, "reader")
    calendar = calendar_with(google_emulator, Waits())
    forbidden = GoogleCalendar(calendar._client, shared)
    with pytest.raises(PermanentError) as refused:
        asyncio.run(forbidden.put(followup(), Precondition(if_none_match=True)))
    assert not isinstance(refused.value, CredentialsRefusedError | TransientError)
    assert "403 (requiredAccessLevel)" in str(refused.value)
    assert "HTTP 403" not in str(refused.value)  # ingest would read that as refused credentials
    assert shared in str(refused.value)
    assert len(google_emulator.requests()) == 1  # never retried


def test_a_grant_without_the_scope_needs_a_reconnect(google_emulator: GoogleEmulator) -> None:
    calendar = calendar_with(google_emulator, Waits(), scopes=(READ_ONLY_SCOPE,))
    asyncio.run(calendar.changes(None))  # reading is allowed
    with pytest.raises(CredentialsRefusedError, match="insufficientPermissions"):
        asyncio.run(calendar.put(followup(), Precondition(if_none_match=True)))


def account(google: GoogleEmulator) -> Account:
    return Account(
        id="google-test-1",
        kind=SourceKind.GOOGLE,
        url=google.api_endpoint,
        username=google.user,
        calendars=(WatchedCalendar(url="primary", name="Calendar"),),
        connected_at=datetime.now(UTC),
    )


def grant(google: GoogleEmulator) -> tuple[str, str]:
    """A stored grant (authorized-user JSON, its token endpoint the emulator's); its refresh
    token."""
    refresh = google.issue_refresh_token()
    info = {
        "refresh_token": refresh,
        "client_id": google.client_id,
        "client_secret": google.client_secret,
        "token_uri": google.token_uri,
        "scopes": ["https://www.googleapis.com/auth/calendar"],
    }
    return json.dumps(info), refresh


async def first_listing(opened: AccountCalendars) -> int:
    async with opened as calendars:
        calendar = calendars.get("primary")
        return len((await calendar.changes(None)).upserts)


def test_an_account_opens_with_its_stored_grant_and_a_revoked_one_needs_a_reconnect(
    google_emulator: GoogleEmulator,
) -> None:
    google_emulator.seed_events([meeting(1), meeting(2)])
    secret, refresh = grant(google_emulator)
    assert asyncio.run(first_listing(AccountCalendars(account(google_emulator), secret))) == 2
    google_emulator.revoke(refresh)
    with pytest.raises(CredentialsRefusedError, match="invalid_grant") as refused:
        asyncio.run(first_listing(AccountCalendars(account(google_emulator), secret)))
    assert "7 days" in str(refused.value)


@pytest.mark.parametrize("secret", [None, "not json", '{"refresh_token": "x"}'])
def test_an_unusable_stored_grant_needs_a_reconnect(
    google_emulator: GoogleEmulator, secret: str | None
) -> None:
    with pytest.raises(CredentialsRefusedError):
        asyncio.run(first_listing(AccountCalendars(account(google_emulator), secret)))
