"""Google Calendar failures translated into the nextsteps error hierarchy (the backend boundary).

What Google documents (developers.google.com/calendar/api/guides/errors), and what each means
here:

- 429, and 403 with reason ``rateLimitExceeded`` / ``userRateLimitExceeded`` (domain
  ``usageLimits``), 500 and 503: worth another try after a pause (:func:`is_retryable`); when
  the tries run out, a :class:`TransientError`.
- 401 (``authError``), a 403 ``insufficientPermissions`` (the grant lacks a scope), and a token
  refresh that Google refuses (``invalid_grant``: revoked, expired, or the 7-day limit of an
  OAuth app in "Testing"): :class:`CredentialsRefusedError` — the account needs reconnecting.
- 410 on a listing (``fullSyncRequired``): :class:`SyncStateInvalidError`; 412
  (``conditionNotMet``): :class:`PreconditionFailedError`.
- Any other 4xx (``forbidden``, ``requiredAccessLevel``, ``notFound``, ``invalid``, ...):
  :class:`GoogleRefusedError`, a :class:`PermanentError` with Google's status, reason and message
  and what was asked (the calendar or event named). Callers that expect a 404, 409 or 410 (a
  delete of something already gone, an insert of an id that exists) look at its ``status``.
- Connection failures, timeouts, and a token refresh that Google calls retryable: transient.

Messages say "Google answered 403 (reason)" rather than "HTTP 403": ingest still reads
"HTTP 401/403" in a message as refused credentials (the CalDAV convention), and a Google 403
that is no credential problem must not put the account in ``needs_reconnect``.
"""

from __future__ import annotations

import socket
from typing import Final

import httplib2
from google.auth import exceptions as auth_errors
from googleapiclient.errors import HttpError

from nextsteps_shared.errors import (
    CredentialsRefusedError,
    NextstepsError,
    PermanentError,
    PreconditionFailedError,
    SyncStateInvalidError,
    TransientError,
)

RATE_LIMIT_REASONS: Final = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
CREDENTIAL_REASONS: Final = frozenset({"insufficientPermissions", "authError"})
_RETRYABLE_STATUS: Final = frozenset({429, 500, 502, 503, 504})
_FORBIDDEN: Final = 403
_UNAUTHORIZED: Final = 401
_GONE: Final = 410
_PRECONDITION_FAILED: Final = 412
_SERVER_ERROR: Final = 500
_NETWORK: Final = (OSError, socket.timeout, httplib2.HttpLib2Error, ConnectionError)


class GoogleRefusedError(PermanentError):
    """Google refused a request for good (a 4xx that is neither a rate limit, nor refused
    credentials, nor a failed precondition); ``status`` and ``reasons`` say how."""

    def __init__(self, message: str, status: int, reasons: frozenset[str]) -> None:
        super().__init__(message)
        self.status = status
        self.reasons = reasons


def reasons_of(err: HttpError) -> frozenset[str]:
    """The ``reason`` of each entry of the error body's ``errors`` list."""
    details = err.error_details if isinstance(err.error_details, list) else []
    return frozenset(str(d.get("reason", "")) for d in details if isinstance(d, dict))


def is_retryable(err: BaseException) -> bool:
    """A rate limit or a server error: try again after a pause."""
    if not isinstance(err, HttpError):
        return False
    status = int(err.resp.status)
    if status == _FORBIDDEN:
        return bool(reasons_of(err) & RATE_LIMIT_REASONS)
    return status in _RETRYABLE_STATUS


def retry_after(err: BaseException) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait (None without one)."""
    if not isinstance(err, HttpError):
        return None
    value = err.resp.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def failure(err: BaseException, what: str) -> NextstepsError:
    """The nextsteps error for ``err`` raised while doing ``what``."""
    if isinstance(err, NextstepsError):
        return err
    if isinstance(err, HttpError):
        return _api_failure(err, what)
    if isinstance(err, auth_errors.RefreshError):
        return _refresh_failure(err, what)
    if isinstance(err, auth_errors.TransportError | _NETWORK):
        return TransientError(f"{what}: Google cannot be reached: {type(err).__name__}: {err}")
    return PermanentError(f"{what}: {type(err).__name__}: {err}")


def _api_failure(err: HttpError, what: str) -> NextstepsError:
    status, reasons = int(err.resp.status), reasons_of(err)
    said = f"Google answered {status} ({', '.join(sorted(reasons)) or 'no reason'}): {err.reason}"
    message = f"{what}: {said}"
    if status == _UNAUTHORIZED or (status == _FORBIDDEN and reasons & CREDENTIAL_REASONS):
        return CredentialsRefusedError(f"{message}; connect the account again")
    if is_retryable(err) or status >= _SERVER_ERROR:
        return TransientError(message)
    if status == _GONE and "fullSyncRequired" in reasons:
        return SyncStateInvalidError(message)
    if status == _PRECONDITION_FAILED:
        return PreconditionFailedError(message)
    return GoogleRefusedError(message, status, reasons)


def _refresh_failure(err: auth_errors.RefreshError, what: str) -> NextstepsError:
    if err.retryable:
        return TransientError(f"{what}: Google's token endpoint failed for now: {err}")
    return CredentialsRefusedError(
        f"{what}: Google refused to renew the account's access ({err}); connect the account "
        "again (an OAuth app left in 'Testing' status gets refresh tokens that expire after "
        "7 days)"
    )
