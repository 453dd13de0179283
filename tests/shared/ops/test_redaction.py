"""Secrets masked in text that leaves the process: URLs' passwords and tokens, Authorization
headers, secret-named parameters and fields, and an installation's own secret settings."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nextsteps_shared.ops.redaction import redact, secret_values
from nextsteps_shared.settings import NextstepsSettings


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("nats://alice:s3cr3t@10.0.0.5:4222", "nats://alice:***@10.0.0.5:4222"),
        ("connecting to nats://t0k3nvalue@nats:4222", "connecting to nats://***@nats:4222"),
        (
            "postgresql://planner:p%40ss@db:5432/nextsteps failed",
            "postgresql://planner:***@db:5432/nextsteps failed",
        ),
        ("GET https://cal.example/dav/ 401", "GET https://cal.example/dav/ 401"),
        ("https://x.example/a@b stays", "https://x.example/a@b stays"),
        ("Authorization: Bearer ya29.a0AfH6SMC", "Authorization: ***"),
        ("{'authorization': 'Basic YWxpY2U6c2VjcmV0'}", "{'authorization': '***'}"),
        ("refresh failed for bearer ya29.a0AfH6SMC", "refresh failed for bearer ***"),
        ("GET /cal.ics?token=abc123&view=week", "GET /cal.ics?token=***&view=week"),
        (
            '{"refresh_token": "1//0gXyz", "client_id": "42"}',
            '{"refresh_token": "***", "client_id": "42"}',
        ),
        ("event_key=abc-1 password=hunter22", "event_key=abc-1 password=***"),
        ("the sync token expired; full resync", "the sync token expired; full resync"),
        (
            "nats: NotFoundError: code=404 err_code=10059",
            "nats: NotFoundError: code=404 err_code=10059",
        ),
    ],
)
def test_credentials_are_masked_and_the_rest_kept(text: str, masked: str) -> None:
    assert redact(text) == masked


def test_the_installations_own_secrets_are_masked_wherever_they_appear() -> None:
    settings = NextstepsSettings(
        broker_url="nats://svc:Pa%24%24word1@nats:4222",
        database_url="postgresql://nextsteps:db-secret-9@db/nextsteps",
        encryption_key="correct horse battery staple",
    )
    secrets = secret_values(settings)
    line = "key correct horse battery staple, password Pa$$word1 and db-secret-9 in a message"
    assert redact(line, secrets) == "key ***, password *** and *** in a message"


_PASSWORD = st.text(string.ascii_letters + string.digits + "!$%&*+,-.;=?^_~", min_size=1)


@given(user=st.from_regex(r"[a-z][a-z0-9._-]{0,12}", fullmatch=True), password=_PASSWORD)
def test_no_password_written_into_a_url_survives(user: str, password: str) -> None:
    text = f"could not reach https://{user}:{password}@calendar.example/dav/ (timeout)"
    masked = f"could not reach https://{user}:***@calendar.example/dav/ (timeout)"
    assert redact(text) == masked
