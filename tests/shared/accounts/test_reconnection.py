"""Refused credentials: recognised whatever the backend, and the advice names the command
that fixes it (for Google, the reconnect and the 7-day limit of apps in Testing)."""

from __future__ import annotations

from datetime import UTC, datetime

from nextsteps_shared.accounts.model import Account
from nextsteps_shared.accounts.reconnection import credentials_refused, reconnect_advice
from nextsteps_shared.errors import (
    CredentialsRefusedError,
    PermanentError,
    TransientError,
)
from nextsteps_shared.messages import SourceKind

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _account(kind: SourceKind) -> Account:
    return Account(id="acct-123456", kind=kind, url="https://example.com/", connected_at=NOW)


def test_refused_credentials_are_recognised() -> None:
    assert credentials_refused(CredentialsRefusedError("Google refused the grant"))
    assert credentials_refused(PermanentError("PROPFIND /cal/: HTTP 401"))  # CalDAV's way
    assert not credentials_refused(PermanentError("Google answered 403 (forbidden)"))
    assert not credentials_refused(TransientError("GET /cal/: HTTP 401"))


def test_google_advice_names_the_reconnect_and_the_testing_limit() -> None:
    advice = reconnect_advice(_account(SourceKind.GOOGLE), CredentialsRefusedError("invalid_grant"))
    assert "invalid_grant" in advice
    assert "'nextsteps connect google --reconnect acct-123456'" in advice
    assert "'Testing'" in advice and "7 days" in advice


def test_caldav_advice_is_unchanged() -> None:
    advice = reconnect_advice(_account(SourceKind.CALDAV), PermanentError("HTTP 401"))
    assert "nextsteps connect" in advice and "nextsteps disconnect acct-123456" in advice
