"""events.import through the real google-api-python-client: invitations as a calendar holds them."""

from __future__ import annotations

from typing import Any

import pytest
from googleapiclient.errors import HttpError
from tests.google_emulator.control import GoogleEmulator

UID = "onsite-77@quillworks.example"


def invitation(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "iCalUID": UID,
        "summary": "Interview: Platform Engineer at Quillworks",
        "start": {"dateTime": "2030-05-02T10:00:00Z"},
        "end": {"dateTime": "2030-05-02T11:00:00Z"},
        "organizer": {"email": "dana@quillworks.example", "displayName": "Dana Ortiz"},
        "attendees": [{"email": "candidate@example.com", "responseStatus": "accepted"}],
    }
    return body | fields


def test_import_keeps_the_organizer_and_changes_in_place(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    made = events.import_(calendarId="primary", body=invitation()).execute()
    assert made["organizer"] == {"email": "dana@quillworks.example", "displayName": "Dana Ortiz"}
    assert made["iCalUID"] == UID
    moved = invitation(start={"dateTime": "2030-05-03T10:00:00Z"})
    moved["end"] = {"dateTime": "2030-05-03T11:00:00Z"}
    again = events.import_(calendarId="primary", body=moved).execute()
    assert again["id"] == made["id"]
    assert again["etag"] != made["etag"]
    assert again["organizer"]["email"] == "dana@quillworks.example"
    assert [e["id"] for e in google_emulator.events()] == [made["id"]]


def test_import_revives_a_deleted_event(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    made = events.import_(calendarId="primary", body=invitation()).execute()
    events.delete(calendarId="primary", eventId=made["id"]).execute()
    back = events.import_(calendarId="primary", body=invitation()).execute()
    assert (back["id"], back["status"]) == (made["id"], "confirmed")


def test_an_instance_is_imported_as_an_exception_of_its_series(
    google_emulator: GoogleEmulator,
) -> None:
    events = google_emulator.client().events()
    weekly = invitation(recurrence=["RRULE:FREQ=WEEKLY;COUNT=4"])
    weekly["start"] = {"dateTime": "2030-05-02T10:00:00Z", "timeZone": "UTC"}
    weekly["end"] = {"dateTime": "2030-05-02T11:00:00Z", "timeZone": "UTC"}
    series = events.import_(calendarId="primary", body=weekly).execute()
    moved = invitation(originalStartTime={"dateTime": "2030-05-09T10:00:00Z"})
    moved["start"] = {"dateTime": "2030-05-09T15:00:00Z"}
    moved["end"] = {"dateTime": "2030-05-09T16:00:00Z"}
    instance = events.import_(calendarId="primary", body=moved).execute()
    assert instance["id"] == f"{series['id']}_20300509T100000Z"
    assert instance["recurringEventId"] == series["id"]
    assert instance["iCalUID"] == UID
    gone = invitation(originalStartTime={"dateTime": "2030-05-16T10:00:00Z"}, status="cancelled")
    cancelled = events.import_(calendarId="primary", body=gone).execute()
    assert cancelled["status"] == "cancelled"


def test_import_needs_an_ical_uid(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    body = invitation()
    del body["iCalUID"]
    with pytest.raises(HttpError) as refused:
        events.import_(calendarId="primary", body=body).execute()
    assert refused.value.status_code == 400
