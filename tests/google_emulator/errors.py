"""Google's error answers, shaped as the Calendar API sends them.

Every refusal the emulator makes is an :class:`ApiError`; the HTTP layer turns it into the JSON
body Google documents (``{"error": {"errors": [...], "code": .., "message": ..}}``) so a client
sees exactly what it would see from Google (google-api-python-client's ``HttpError`` reads
``reason`` and ``message`` from that body). The constructors below name the errors the Calendar
API documents (developers.google.com/calendar/api/guides/errors); their texts are Google's.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """One refusal: an HTTP status and Google's error detail."""

    def __init__(
        self,
        code: int,
        reason: str,
        message: str,
        *,
        domain: str = "global",
        location: str | None = None,
        location_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code} {reason}: {message}")
        self.code = code
        self.reason = reason
        self.message = message
        self.domain = domain
        self.location = location
        self.location_type = location_type
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The JSON body Google sends with this status."""
        detail: dict[str, Any] = {
            "domain": self.domain,
            "reason": self.reason,
            "message": self.message,
        }
        if self.location is not None:
            detail["locationType"] = self.location_type or "parameter"
            detail["location"] = self.location
        return {"error": {"errors": [detail], "code": self.code, "message": self.message}}


def bad_parameter(name: str, message: str, reason: str = "invalidParameter") -> ApiError:
    return ApiError(400, reason, message, location=name, location_type="parameter")


def bad_request(message: str, reason: str = "badRequest", location: str | None = None) -> ApiError:
    return ApiError(400, reason, message, location=location)


def invalid(message: str, location: str | None = None) -> ApiError:
    return ApiError(400, "invalid", message, location=location)


def required(message: str, location: str | None = None) -> ApiError:
    return ApiError(400, "required", message, location=location)


def time_range_empty(location: str = "timeMax") -> ApiError:
    return ApiError(
        400,
        "timeRangeEmpty",
        "The specified time range is empty.",
        domain="calendar",
        location=location,
    )


def unauthenticated() -> ApiError:
    return ApiError(
        401,
        "authError",
        "Invalid Credentials",
        location="Authorization",
        location_type="header",
    )


def insufficient_scopes() -> ApiError:
    return ApiError(
        403, "insufficientPermissions", "Request had insufficient authentication scopes."
    )


def forbidden_write() -> ApiError:
    return ApiError(
        403,
        "requiredAccessLevel",
        "You need to have writer access to this calendar.",
        domain="calendar",
    )


def not_found(message: str = "Not Found") -> ApiError:
    return ApiError(404, "notFound", message)


def duplicate() -> ApiError:
    return ApiError(409, "duplicate", "The requested identifier already exists.")


def deleted() -> ApiError:
    return ApiError(410, "deleted", "Resource has been deleted")


def full_sync_required() -> ApiError:
    return ApiError(
        410,
        "fullSyncRequired",
        "Sync token is no longer valid, a full sync is required.",
        domain="calendar",
    )


def condition_not_met() -> ApiError:
    return ApiError(
        412,
        "conditionNotMet",
        "Precondition Failed",
        location="If-Match",
        location_type="header",
    )
