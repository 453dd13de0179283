"""Calendars and the calendar list through google-api-python-client."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError
from tests.google_emulator.control import GoogleEmulator


def test_primary_is_the_users_calendar(google_emulator: GoogleEmulator) -> None:
    service = google_emulator.client()
    primary = service.calendars().get(calendarId="primary").execute()
    assert primary["id"] == google_emulator.user
    entry = service.calendarList().get(calendarId=google_emulator.user).execute()
    assert (entry["primary"], entry["accessRole"]) == (True, "owner")


def test_an_inserted_calendar_shows_up_in_the_calendar_list(
    google_emulator: GoogleEmulator,
) -> None:
    service = google_emulator.client()
    made = service.calendars().insert(body={"summary": "Follow-ups"}).execute()
    assert made["id"].endswith("@group.calendar.google.com")
    listed = {e["id"]: e for e in service.calendarList().list().execute()["items"]}
    assert listed[made["id"]]["accessRole"] == "owner"
    assert listed[made["id"]]["summary"] == "Follow-ups"
    assert "primary" not in listed[made["id"]]
    with pytest.raises(HttpError) as untitled:
        service.calendars().insert(body={"description": "no title"}).execute()
    assert untitled.value.status_code == 400


def test_calendar_list_filters_and_pages(google_emulator: GoogleEmulator) -> None:
    other = google_emulator.add_user("friend@example.org")
    for role in ("reader", "writer", "freeBusyReader"):
        google_emulator.share(
            google_emulator.add_calendar(role, owner=other), google_emulator.user, role
        )
    hidden = google_emulator.add_calendar("Holidays", owner=other)
    google_emulator.share(hidden, google_emulator.user, "reader", hidden=True)
    entries = google_emulator.client().calendarList()

    def summaries(**query: object) -> list[str]:
        found: list[str] = []
        request = entries.list(**query)
        while request is not None:
            answer = request.execute()
            found += [e["summary"] for e in answer["items"]]
            assert len(found) < 100, "paging does not end"
            request = entries.list_next(request, answer)
        return sorted(found)

    assert summaries() == sorted([google_emulator.user, "reader", "writer", "freeBusyReader"])
    assert summaries(minAccessRole="writer") == sorted([google_emulator.user, "writer"])
    assert "Holidays" in summaries(showHidden=True)
    assert summaries(maxResults=1) == summaries()
    assert len(entries.list(maxResults=1).execute()["items"]) == 1


def test_calendar_list_syncs_incrementally(google_emulator: GoogleEmulator) -> None:
    service = google_emulator.client()
    token = service.calendarList().list().execute()["nextSyncToken"]
    made = service.calendars().insert(body={"summary": "New"}).execute()
    changed = service.calendarList().list(syncToken=token).execute()
    assert [e["id"] for e in changed["items"]] == [made["id"]]
    service.calendars().delete(calendarId=made["id"]).execute()
    gone = service.calendarList().list(syncToken=changed["nextSyncToken"]).execute()["items"]
    assert gone == [
        {
            "kind": "calendar#calendarListEntry",
            "etag": gone[0]["etag"],
            "id": made["id"],
            "deleted": True,
        }
    ]
    with pytest.raises(HttpError) as refused:
        service.calendarList().list(syncToken=token, minAccessRole="owner").execute()
    assert refused.value.status_code == 400
