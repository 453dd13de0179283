"""The stored Google grant (authorized-user JSON): read as google-auth would, but keeping the
token endpoint it names, so a grant of the emulator is refreshed at the emulator."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from google.auth.transport.requests import Request
from tests.google_emulator.control import GoogleEmulator

from nextsteps_shared.accounts.google_grant import (
    EVENTS_SCOPES,
    GrantError,
    credentials_from_grant,
    grant_from_credentials,
    read_token_file,
)

GRANT = {
    "token": "ya29.stored",
    "refresh_token": "1//refresh",
    "client_id": "client.apps.googleusercontent.com",
    "client_secret": "shh",
    "token_uri": "http://127.0.0.1:9/token",
    "scopes": list(EVENTS_SCOPES),
    "expiry": "2030-01-02T03:04:05.678901Z",
}


def test_every_field_is_kept_and_written_back_alike() -> None:
    credentials = credentials_from_grant(json.dumps(GRANT))
    assert credentials.token_uri == "http://127.0.0.1:9/token"
    assert credentials.expiry == datetime(2030, 1, 2, 3, 4, 5, 678901)
    assert credentials.valid  # the stored access token is used until it expires
    assert json.loads(grant_from_credentials(credentials)) == GRANT


def test_a_grant_without_expiry_is_used_until_refused() -> None:
    credentials = credentials_from_grant(json.dumps({**GRANT, "expiry": None}))
    assert credentials.expiry is None and credentials.valid


def test_a_grant_refreshes_at_its_own_token_endpoint(google_emulator: GoogleEmulator) -> None:
    issued = google_emulator.credentials()
    grant = json.dumps(
        {**GRANT, "token": None, "refresh_token": issued.refresh_token}
        | {"token_uri": google_emulator.token_uri, "client_id": google_emulator.client_id}
        | {"client_secret": google_emulator.client_secret}
    )
    credentials = credentials_from_grant(grant)
    credentials.refresh(Request())  # type: ignore[no-untyped-call]
    assert str(credentials.token).startswith("ya29.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not json", "is not JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({"token": "x", "client_id": "c"}), "lacks refresh_token, client_secret"),
        (json.dumps({**GRANT, "expiry": "next tuesday"}), "expiry 'next tuesday'"),
    ],
)
def test_a_bad_grant_says_what_is_wrong_and_where(text: str, expected: str) -> None:
    with pytest.raises(GrantError, match=expected) as refused:
        credentials_from_grant(text, "--token-file t.json")
    assert str(refused.value).startswith("--token-file t.json")


def test_a_missing_token_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(GrantError, match=r"--token-file: cannot read .*absent\.json"):
        read_token_file(tmp_path / "absent.json")
