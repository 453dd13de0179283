"""Ingest reading a Google account on the Calendar v3 emulator: a sync token Google expired,
the owner's hands on nextsteps' follow-ups, a cancelled instance of an interview series, and a
grant Google revoked (the account needs a reconnect; the others go on)."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

from tests.google_emulator.control import GoogleEmulator
from tests.ingest.calendar_texts import interview, soon
from tests.ingest.ingest_harness import (
    OWNER,
    OwnerCalendar,
    account_store,
    connect,
    kinds,
    poll,
    published,
)
from tests.servers.ical_to_google import import_bodies
from tests.shared.backends.subjects import google_calendar

from nextsteps_shared.accounts.model import Account, AccountState, WatchedCalendar
from nextsteps_shared.backends.protocol import Precondition
from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.messages import FollowUpChanged, SourceKind
from nextsteps_shared.policy import followup_uid
from nextsteps_shared.settings import NextstepsSettings

UID = "7c1d-final-round@brightwave.io"
LIST = "calendar.events.list"


def connect_google(settings: NextstepsSettings, google: GoogleEmulator) -> tuple[Account, str]:
    """A Google account on the emulator, stored as ``connect google`` stores it; its refresh
    token."""
    refresh = google.issue_refresh_token()
    grant = {
        "refresh_token": refresh,
        "client_id": google.client_id,
        "client_secret": google.client_secret,
        "token_uri": google.token_uri,
        "scopes": ["https://www.googleapis.com/auth/calendar"],
    }
    now = datetime.now(UTC)
    account = Account(
        id=f"google-{uuid.uuid4().hex[:8]}",
        kind=SourceKind.GOOGLE,
        url=google.api_endpoint,
        username=google.user,
        owner_addresses=(OWNER,),
        calendars=(WatchedCalendar(url="primary", name=google.user),),
        connected_at=now,
        skip_ended_before=now - timedelta(days=14),
    )
    account_store(settings).add(account, json.dumps(grant))
    return account, refresh


def put_interview(google: GoogleEmulator, text: str) -> list[str]:
    events = google.client().events()
    return [
        events.import_(calendarId="primary", body=body).execute()["id"]
        for body in import_bodies(text)
    ]


def test_an_expired_sync_token_reads_everything_and_publishes_nothing_twice(
    google_emulator: GoogleEmulator, settings: NextstepsSettings, nats_url: str
) -> None:
    put_interview(google_emulator, interview(UID, soon()))
    account, _ = connect_google(settings, google_emulator)
    poll(settings)
    google_emulator.invalidate_sync_tokens()
    poll(settings, rounds=2)
    assert kinds(published(nats_url, account.id)) == [("interview_snapshot", UID)]
    assert [r.status for r in google_emulator.requests(LIST)] == [200, 410, 200, 200]


def test_the_owner_moving_and_deleting_a_followup_is_noticed(
    google_emulator: GoogleEmulator, settings: NextstepsSettings, nats_url: str
) -> None:
    account, _ = connect_google(settings, google_emulator)
    start = soon(days=6, hour=9)
    written = FollowUp(
        uid=followup_uid(UID, FollowUpKind.FOLLOW_UP, 0),
        kind=FollowUpKind.FOLLOW_UP,
        interview_key=UID,
        start=start,
        end=start + timedelta(minutes=30),
        timezone="Europe/Berlin",
        summary="Follow up now: Brightwave",
        description="Write to lena.hoff@brightwave.io",
    )
    ref = asyncio.run(
        google_calendar(google_emulator).put(written, Precondition(if_none_match=True))
    )
    poll(settings)  # nextsteps' own event: recorded, never an interview
    assert published(nats_url, account.id) == []
    events = google_emulator.client().events()
    later = {"dateTime": (start + timedelta(days=1)).isoformat()}
    events.patch(
        calendarId="primary",
        eventId=ref.object_id,
        body={
            "start": later,
            "end": {"dateTime": (start + timedelta(days=1, hours=1)).isoformat()},
        },
    ).execute()
    poll(settings)
    events.delete(calendarId="primary", eventId=ref.object_id).execute()
    poll(settings)
    changes = [m for m in published(nats_url, account.id) if isinstance(m, FollowUpChanged)]
    assert [(m.change, m.followup_uid) for m in changes] == [
        ("moved", written.uid),
        ("deleted", written.uid),
    ]
    assert changes[0].start == start + timedelta(days=1)


def test_a_cancelled_instance_of_an_interview_series_is_removed(
    google_emulator: GoogleEmulator, settings: NextstepsSettings, nats_url: str
) -> None:
    first = soon(days=2)
    (series,) = put_interview(google_emulator, interview(UID, first, rrule="FREQ=WEEKLY;COUNT=3"))
    account, _ = connect_google(settings, google_emulator)
    poll(settings)
    second = first + timedelta(days=7)
    instance = f"{series}_{second:%Y%m%dT%H%M%SZ}"
    google_emulator.client().events().delete(calendarId="primary", eventId=instance).execute()
    poll(settings)
    assert kinds(published(nats_url, account.id)) == [
        ("interview_snapshot", UID),
        ("interview_removed", f"{UID}#{second:%Y%m%dT%H%M%SZ}"),
    ]


def test_a_revoked_grant_needs_a_reconnect_and_other_accounts_go_on(
    google_emulator: GoogleEmulator, settings: NextstepsSettings, nats_url: str
) -> None:
    put_interview(google_emulator, interview(UID, soon()))
    google, refresh = connect_google(settings, google_emulator)
    fine = OwnerCalendar.fresh("memory", None)
    fine.store("final.ics", interview(UID, soon()))
    other = connect(settings, fine)
    google_emulator.revoke(refresh)

    (report,) = poll(settings)

    stored = account_store(settings).get(google.id)
    assert stored.state is AccountState.NEEDS_RECONNECT
    assert stored.last_error is not None
    assert "invalid_grant" in stored.last_error
    assert refresh not in stored.last_error
    assert report.synced == [other.id]
    assert published(nats_url, google.id) == []
    assert kinds(published(nats_url, other.id)) == [("interview_snapshot", UID)]
