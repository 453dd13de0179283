"""Single events through the real google-api-python-client: ids, etags, preconditions."""

from __future__ import annotations

from typing import Any

import pytest
from googleapiclient.errors import HttpError
from tests.google_emulator.control import GoogleEmulator


def interview(summary: str = "Interview with Acme", **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "summary": summary,
        "start": {"dateTime": "2030-05-02T10:00:00+02:00", "timeZone": "Europe/Berlin"},
        "end": {"dateTime": "2030-05-02T11:00:00+02:00", "timeZone": "Europe/Berlin"},
    }
    return body | fields


def refusal(err: pytest.ExceptionInfo[HttpError]) -> tuple[int, str]:
    """The status and Google's reason of a refused call."""
    return err.value.status_code, err.value.error_details[0]["reason"]


def test_insert_fills_what_google_fills(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    made = events.insert(calendarId="primary", body=interview()).execute()
    assert made["kind"] == "calendar#event"
    assert made["status"] == "confirmed"
    assert made["iCalUID"] == f"{made['id']}@google.com"
    assert made["creator"] == {"email": google_emulator.user, "self": True}
    assert made["reminders"] == {"useDefault": True}
    assert made["start"]["timeZone"] == "Europe/Berlin"
    assert made["created"] == made["updated"]
    assert set(made["id"]) <= set("abcdefghijklmnopqrstuv0123456789")
    assert events.get(calendarId="primary", eventId=made["id"]).execute() == made


def test_client_chosen_id_then_409_on_repeat(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    body = interview(id="acmeround01")
    assert events.insert(calendarId="primary", body=body).execute()["id"] == "acmeround01"
    with pytest.raises(HttpError) as again:
        events.insert(calendarId="primary", body=body).execute()
    assert refusal(again) == (409, "duplicate")


@pytest.mark.parametrize("bad", ["abcd", "UPPERCASE1", "with-dash1", "wxyz12345", "a" * 1025])
def test_ids_outside_base32hex_or_length_are_400(google_emulator: GoogleEmulator, bad: str) -> None:
    events = google_emulator.client().events()
    with pytest.raises(HttpError) as refused:
        events.insert(calendarId="primary", body=interview(id=bad)).execute()
    assert refusal(refused) == (400, "invalid")


def test_times_are_checked(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    backwards = interview(end={"dateTime": "2030-05-02T09:00:00+02:00"})
    with pytest.raises(HttpError) as empty:
        events.insert(calendarId="primary", body=backwards).execute()
    assert refusal(empty) == (400, "timeRangeEmpty")
    floating = interview(start={"dateTime": "2030-05-02T10:00:00"})
    with pytest.raises(HttpError) as no_zone:
        events.insert(calendarId="primary", body=floating).execute()
    assert no_zone.value.status_code == 400
    assert "time zone" in str(no_zone.value.reason)


def test_patch_with_a_stale_etag_is_412(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    made = events.insert(calendarId="primary", body=interview(id="patchme001")).execute()
    changed = events.patch(calendarId="primary", eventId="patchme001", body={"summary": "B"})
    changed.headers["If-Match"] = made["etag"]
    newer = changed.execute()
    assert newer["etag"] != made["etag"] and newer["summary"] == "B"
    stale = events.patch(calendarId="primary", eventId="patchme001", body={"summary": "C"})
    stale.headers["If-Match"] = made["etag"]
    with pytest.raises(HttpError) as refused:
        stale.execute()
    assert refusal(refused) == (412, "conditionNotMet")
    assert events.get(calendarId="primary", eventId="patchme001").execute()["summary"] == "B"


def test_patch_merges_and_update_replaces(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    private = {"private": {"nextsteps": "1", "chain": "a"}}
    events.insert(
        calendarId="primary",
        body=interview(id="merge00001", description="notes", extendedProperties=private),
    ).execute()
    patch = {"extendedProperties": {"private": {"chain": "b"}}, "description": None}
    patched = events.patch(calendarId="primary", eventId="merge00001", body=patch).execute()
    assert patched["extendedProperties"]["private"] == {"nextsteps": "1", "chain": "b"}
    assert "description" not in patched and patched["summary"] == "Interview with Acme"
    replaced = events.update(
        calendarId="primary", eventId="merge00001", body=interview("Only this")
    ).execute()
    assert "extendedProperties" not in replaced and replaced["summary"] == "Only this"
    assert replaced["iCalUID"] == patched["iCalUID"] and replaced["created"] == patched["created"]


def test_update_of_an_unknown_event_is_404(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    with pytest.raises(HttpError) as refused:
        events.update(calendarId="primary", eventId="nosuchevent", body=interview()).execute()
    assert refusal(refused) == (404, "notFound")


def test_delete_twice_is_410_and_the_event_stays_a_tombstone(
    google_emulator: GoogleEmulator,
) -> None:
    events = google_emulator.client().events()
    events.insert(calendarId="primary", body=interview(id="deleteme01")).execute()
    assert events.delete(calendarId="primary", eventId="deleteme01").execute() == ""
    with pytest.raises(HttpError) as again:
        events.delete(calendarId="primary", eventId="deleteme01").execute()
    assert refusal(again) == (410, "deleted")
    gone = events.get(calendarId="primary", eventId="deleteme01").execute()
    assert gone["status"] == "cancelled"
    with pytest.raises(HttpError) as unknown:
        events.delete(calendarId="primary", eventId="neverthere").execute()
    assert refusal(unknown) == (404, "notFound")


def test_send_updates_and_other_fields_round_trip(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    body = interview(
        transparency="transparent",
        visibility="private",
        reminders={"useDefault": False, "overrides": [{"method": "popup", "minutes": 5}]},
    )
    made = events.insert(calendarId="primary", body=body, sendUpdates="none").execute()
    for name in ("transparency", "visibility", "reminders"):
        assert made[name] == body[name]
    (logged,) = google_emulator.requests("calendar.events.insert")
    assert logged.query["sendUpdates"] == ["none"]


def test_a_reader_cannot_write(google_emulator: GoogleEmulator) -> None:
    other = google_emulator.add_user("recruiter@example.org")
    shared = google_emulator.add_calendar("Team", owner=other)
    google_emulator.share(shared, google_emulator.user, "reader")
    events = google_emulator.client().events()
    assert events.list(calendarId=shared).execute()["accessRole"] == "reader"
    with pytest.raises(HttpError) as refused:
        events.insert(calendarId=shared, body=interview()).execute()
    assert refusal(refused) == (403, "requiredAccessLevel")
    with pytest.raises(HttpError) as hidden:
        events.list(calendarId=other).execute()
    assert refusal(hidden) == (404, "notFound")
