"""Injected failures look like Google's, so the real client's retry logic recognises them."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError
from tests.google_emulator.control import GoogleEmulator
from tests.google_emulator.faults import Fault


def test_a_429_then_success(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    google_emulator.fail_next(Fault.RATE_LIMIT, method_id="calendar.events.list", retry_after=1)
    with pytest.raises(HttpError) as limited:
        events.list(calendarId="primary").execute()
    assert limited.value.status_code == 429
    assert limited.value.resp["retry-after"] == "1"
    assert limited.value.error_details[0] == {
        "domain": "usageLimits",
        "reason": "rateLimitExceeded",
        "message": "Rate Limit Exceeded",
    }
    assert events.list(calendarId="primary").execute()["items"] == []
    assert [r.status for r in google_emulator.requests()] == [429, 200]
    assert google_emulator.quota_units() == 2


def test_a_fault_for_one_method_spares_the_others(google_emulator: GoogleEmulator) -> None:
    service = google_emulator.client()
    google_emulator.fail_next(Fault.BACKEND_ERROR, method_id="calendar.events.insert")
    service.calendarList().list().execute()
    service.events().list(calendarId="primary").execute()
    body = {"start": {"date": "2030-01-01"}, "end": {"date": "2030-01-02"}}
    with pytest.raises(HttpError) as failed:
        service.events().insert(calendarId="primary", body=body).execute()
    assert (failed.value.status_code, failed.value.error_details[0]["reason"]) == (
        500,
        "backendError",
    )
    assert google_emulator.state.faults.pending == 0


@pytest.mark.parametrize(
    "fault",
    [
        Fault.RATE_LIMIT,
        Fault.RATE_LIMIT_403,
        Fault.USER_RATE_LIMIT,
        Fault.BACKEND_ERROR,
        Fault.UNAVAILABLE,
    ],
)
def test_the_client_retries_every_transient_fault(
    google_emulator: GoogleEmulator, fault: Fault
) -> None:
    # googleapiclient retries 429/5xx, and 403 only when the body's reason is a rate limit:
    # a retry proves the emulator's error looks like Google's.
    google_emulator.fail_next(fault, times=2)
    request = google_emulator.client().events().list(calendarId="primary")
    request._sleep = lambda _seconds: None  # no real back-off pause in a test
    assert request.execute(num_retries=2)["items"] == []
    assert [r.status for r in google_emulator.requests()] == [fault.value[0]] * 2 + [200]


def test_a_plain_403_is_not_retried(google_emulator: GoogleEmulator) -> None:
    other = google_emulator.add_user("someone@example.org")
    shared = google_emulator.add_calendar("Theirs", owner=other)
    google_emulator.share(shared, google_emulator.user, "reader")
    body = {"start": {"date": "2030-01-01"}, "end": {"date": "2030-01-02"}}
    request = google_emulator.client().events().insert(calendarId=shared, body=body)
    request._sleep = lambda _seconds: None
    with pytest.raises(HttpError):
        request.execute(num_retries=3)
    assert len(google_emulator.requests()) == 1
