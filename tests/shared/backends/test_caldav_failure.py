"""CalDAV failures land in the right place of the error hierarchy."""

from __future__ import annotations

import pytest
from caldav.lib import error as caldav_error

from nextsteps_shared.backends.caldav_failure import library_failure, status_failure
from nextsteps_shared.errors import (
    PermanentError,
    PreconditionFailedError,
    SyncStateInvalidError,
    TransientError,
)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (500, TransientError),
        (503, TransientError),
        (501, PermanentError),
        (429, TransientError),
        (408, TransientError),
        (412, PreconditionFailedError),
        (404, PermanentError),
        (400, PermanentError),
    ],
)
def test_statuses(status: int, expected: type[Exception]) -> None:
    failure = status_failure(status, "PUT /cal/x.ics")
    assert type(failure) is expected
    assert str(status) in str(failure)


def test_success_is_no_failure() -> None:
    assert status_failure(207, "REPORT") is None
    assert status_failure(204, "DELETE") is None


def test_library_errors() -> None:
    refused = caldav_error.AuthorizationError(url="/cal/", status=401, reason="Unauthorized")
    assert type(library_failure(refused, "sync")) is PermanentError
    token = caldav_error.AuthorizationError(
        url="/cal/", status=403, preconditions=["{DAV:}valid-sync-token"]
    )
    assert isinstance(library_failure(token, "sync"), SyncStateInvalidError)
    assert isinstance(library_failure(ConnectionRefusedError(111, "refused"), "x"), TransientError)
    assert isinstance(library_failure(TimeoutError(), "x"), TransientError)
