"""CalDAV failures translated into the nextsteps error hierarchy (the backend boundary).

Connection errors, timeouts, 408, 429 and 5xx are transient (worth a retry), except 501 and
505 (not implemented); 412 is a failed precondition; any other 4xx is permanent. caldav raises
on 401/403 itself: a 403 carrying ``DAV:valid-sync-token`` (Radicale's answer to an unknown
token) means "resync", not "forbidden".
"""

from __future__ import annotations

from typing import Final

from caldav.lib import error as caldav_error

from nextsteps_shared.errors import (
    NextstepsError,
    PermanentError,
    PreconditionFailedError,
    SyncStateInvalidError,
    TransientError,
)

VALID_SYNC_TOKEN: Final = "{DAV:}valid-sync-token"
_RETRYABLE: Final = frozenset({408, 425, 429})
_UNSUPPORTED: Final = frozenset({501, 505})  # not implemented: no retry will change that
_SERVER_ERROR: Final = 500
_CLIENT_ERROR: Final = 400
_PRECONDITION_FAILED: Final = 412


def status_failure(status: int, what: str) -> NextstepsError | None:
    """The error for an HTTP status answering ``what`` (None for success)."""
    if status < _CLIENT_ERROR:
        return None
    message = f"{what}: HTTP {status}"
    if (status >= _SERVER_ERROR and status not in _UNSUPPORTED) or status in _RETRYABLE:
        return TransientError(message)
    if status == _PRECONDITION_FAILED:
        return PreconditionFailedError(message)
    return PermanentError(message)


def library_failure(err: Exception, what: str) -> NextstepsError:
    """The error for an exception raised by caldav or its HTTP library during ``what``."""
    if isinstance(err, caldav_error.RateLimitError):
        return TransientError(f"{what}: rate limited ({err})")
    if isinstance(err, caldav_error.DAVError):
        if VALID_SYNC_TOKEN in err.preconditions:
            return SyncStateInvalidError(f"{what}: the server no longer accepts the sync token")
        status = err.status
        failure = status_failure(status, what) if status is not None else None
        return failure or PermanentError(f"{what}: {err}")
    return TransientError(f"{what}: {type(err).__name__}: {err}")
