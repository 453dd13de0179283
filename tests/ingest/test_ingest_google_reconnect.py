"""A Google grant that was revoked (or expired): the account waits in ``needs_reconnect`` with a
message that says what to do, the other accounts go on, and ``connect google --reconnect``
brings it back with its id (the emulator's OAuth is real: google-auth's refresh gets
``invalid_grant``)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from google.auth.transport.requests import Request
from tests.google_emulator.control import GoogleEmulator
from tests.ingest.calendar_texts import interview, soon
from tests.ingest.ingest_harness import (
    KEY,
    OWNER,
    OwnerCalendar,
    account_store,
    connect,
    database_environment,
    kinds,
    poll,
    published,
)

from nextsteps_shared.accounts.connection import Choice
from nextsteps_shared.accounts.google_connection import connect_google, open_google
from nextsteps_shared.accounts.google_grant import EVENTS_SCOPES
from nextsteps_shared.accounts.model import Account, AccountState
from nextsteps_shared.settings import NextstepsSettings

CLI = Path(sys.executable).with_name("nextsteps")
UID = "c0ffee-onsite@brightwave.io"


def _connect_google(settings: NextstepsSettings, google: GoogleEmulator) -> tuple[Account, str]:
    credentials = google.credentials(scopes=EVENTS_SCOPES)
    session = open_google(credentials, google.api_endpoint)
    account = connect_google(
        session, Choice(), [OWNER], now=datetime.now(UTC), skip_older_than_days=14
    )
    account_store(settings).add(account, session.grant)
    return account, str(credentials.refresh_token)


def _nextsteps(settings: NextstepsSettings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args, "--data-dir", str(settings.data_dir)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={
            "NEXTSTEPS_NO_KEYRING": "1",
            "PATH": "/usr/bin",
            "NEXTSTEPS_ENCRYPTION_KEY": KEY,
            **database_environment(settings),
        },
    )


def test_a_revoked_grant_waits_for_a_reconnect_while_other_accounts_go_on(
    google_emulator: GoogleEmulator, settings: NextstepsSettings, nats_url: str, tmp_path: Path
) -> None:
    google, refresh_token = _connect_google(settings, google_emulator)
    fine = OwnerCalendar.fresh("memory", None)
    fine.store("onsite.ics", interview(UID, soon()))
    other = connect(settings, fine)
    google_emulator.revoke(refresh_token)  # its access tokens die with it
    google_emulator.state.log.clear()

    (report,) = poll(settings)
    poll(settings)  # an account that waits for a reconnect is not tried again

    stored = account_store(settings).get(google.id)
    assert stored.state is AccountState.NEEDS_RECONNECT
    assert stored.last_error is not None
    assert f"nextsteps connect google --reconnect {google.id}" in stored.last_error
    assert "7 days" in stored.last_error
    assert report.synced == [other.id] and list(report.failed) == [google.id]
    assert kinds(published(nats_url, other.id)) == [("interview_snapshot", UID)]
    assert {r.status for r in google_emulator.requests() if r.method_id} == {401}
    listing = _nextsteps(settings, "accounts")
    assert f"{google.id}  google" in listing.stdout and "needs_reconnect" in listing.stdout
    assert f"--reconnect {google.id}" in listing.stdout

    fresh = google_emulator.credentials(scopes=EVENTS_SCOPES)
    fresh.refresh(Request())  # type: ignore[no-untyped-call]
    token = tmp_path / "new-grant.json"
    token.write_text(fresh.to_json())  # type: ignore[no-untyped-call]
    again = _nextsteps(
        settings, "connect", "google", "--reconnect", google.id, "--token-file", str(token)
    )
    assert again.returncode == 0, again.stderr
    (report,) = poll(settings)
    assert sorted(report.synced) == sorted([google.id, other.id])
    assert account_store(settings).get(google.id).state is AccountState.ACTIVE
    assert json.loads(account_store(settings).secret(google.id) or "")["refresh_token"] == (
        fresh.refresh_token
    )
