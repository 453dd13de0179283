"""events.list as Google's sync guide describes it, through google-api-python-client."""

from __future__ import annotations

from typing import Any

import pytest
from googleapiclient.discovery import Resource
from googleapiclient.errors import HttpError
from tests.google_emulator.control import GoogleEmulator


def day(n: int, summary: str | None = None, **fields: Any) -> dict[str, Any]:
    """An hour-long event on day ``n`` of May 2030."""
    body: dict[str, Any] = {
        "summary": summary or f"Event {n}",
        "start": {"dateTime": f"2030-05-{n:02d}T10:00:00Z"},
        "end": {"dateTime": f"2030-05-{n:02d}T11:00:00Z"},
    }
    return body | fields


def all_pages(events: Any, **query: Any) -> tuple[list[dict[str, Any]], str, int]:
    """Every item of a listing, its nextSyncToken, and how many pages it took."""
    items: list[dict[str, Any]] = []
    request, pages, answer = events.list(calendarId="primary", **query), 0, {}
    while request is not None:
        answer = request.execute()
        pages += 1
        assert pages < 100, "paging does not end"
        assert "nextPageToken" not in answer or "nextSyncToken" not in answer
        items += answer["items"]
        request = events.list_next(request, answer)
    return items, answer["nextSyncToken"], pages


@pytest.fixture
def events(google_emulator: GoogleEmulator) -> Any:
    service: Resource = google_emulator.client()
    return service.events()


def test_full_sync_pages_then_incremental_sync_reports_changes_and_deletions(
    google_emulator: GoogleEmulator, events: Any
) -> None:
    ids = google_emulator.seed_events([day(n) for n in range(1, 8)])
    items, token, pages = all_pages(events, maxResults=3)
    assert (len(items), pages) == (7, 3)
    assert sorted(i["id"] for i in items) == sorted(ids)

    events.delete(calendarId="primary", eventId=ids[0]).execute()
    events.patch(calendarId="primary", eventId=ids[1], body={"summary": "moved"}).execute()
    added = events.insert(calendarId="primary", body=day(9)).execute()
    changed, token2, _ = all_pages(events, syncToken=token)
    by_id = {item["id"]: item for item in changed}
    assert set(by_id) == {ids[0], ids[1], added["id"]}
    assert by_id[ids[0]] == {
        "kind": "calendar#event",
        "etag": by_id[ids[0]]["etag"],
        "id": ids[0],
        "status": "cancelled",
    }
    assert by_id[ids[1]]["summary"] == "moved"
    assert all_pages(events, syncToken=token2)[0] == []
    # a full listing leaves the deleted event out unless showDeleted
    assert ids[0] not in {i["id"] for i in all_pages(events)[0]}
    assert ids[0] in {i["id"] for i in all_pages(events, showDeleted=True)[0]}


def test_writes_during_a_paged_full_sync_are_not_lost(
    google_emulator: GoogleEmulator, events: Any
) -> None:
    google_emulator.seed_events([day(n) for n in range(1, 7)])
    first = events.list(calendarId="primary", maxResults=2).execute()
    late = events.insert(calendarId="primary", body=day(20, id="aaaaalate1")).execute()
    rest: list[dict[str, Any]] = []
    request = events.list_next(events.list(calendarId="primary", maxResults=2), first)
    while request is not None:
        answer = request.execute()
        rest += answer["items"]
        assert len(rest) < 100, "paging does not end"
        request = events.list_next(request, answer)
    assert len(first["items"]) + len([i for i in rest if i["id"] != late["id"]]) == 6
    changed = events.list(calendarId="primary", syncToken=answer["nextSyncToken"]).execute()
    assert late["id"] in {i["id"] for i in changed["items"]}


def test_an_invalidated_sync_token_is_410_full_sync_required(
    google_emulator: GoogleEmulator, events: Any
) -> None:
    google_emulator.seed_events([day(1)])
    _, token, _ = all_pages(events)
    google_emulator.invalidate_sync_tokens("primary")
    with pytest.raises(HttpError) as gone:
        events.list(calendarId="primary", syncToken=token).execute()
    assert gone.value.status_code == 410
    assert gone.value.error_details[0] == {
        "domain": "calendar",
        "reason": "fullSyncRequired",
        "message": "Sync token is no longer valid, a full sync is required.",
    }
    with pytest.raises(HttpError) as garbled:
        events.list(calendarId="primary", syncToken="1" + token).execute()
    assert garbled.value.status_code == 410
    assert len(all_pages(events)[0]) == 1  # the way out: a full sync


@pytest.mark.parametrize(
    "extra",
    [
        {"timeMin": "2030-01-01T00:00:00Z"},
        {"timeMax": "2030-01-01T00:00:00Z"},
        {"q": "interview"},
        {"orderBy": "updated"},
        {"privateExtendedProperty": "nextsteps=1"},
        {"updatedMin": "2030-01-01T00:00:00Z"},
        {"iCalUID": "x@google.com"},
        {"showDeleted": False},
    ],
)
def test_sync_token_refuses_filters(events: Any, extra: dict[str, Any]) -> None:
    _, token, _ = all_pages(events)
    with pytest.raises(HttpError) as refused:
        events.list(calendarId="primary", syncToken=token, **extra).execute()
    assert refused.value.status_code == 400
    assert refused.value.error_details[0]["location"] == next(iter(extra))


def test_max_results_defaults_to_250_and_is_cut_at_2500(
    google_emulator: GoogleEmulator, events: Any
) -> None:
    google_emulator.seed_events([day(1 + n % 28, f"e{n}") for n in range(2600)])
    assert len(events.list(calendarId="primary").execute()["items"]) == 250
    big = events.list(calendarId="primary", maxResults=5000).execute()
    assert len(big["items"]) == 2500 and "nextPageToken" in big


def test_filters_by_time_and_private_property(google_emulator: GoogleEmulator, events: Any) -> None:
    ours = {"private": {"nextsteps": "followup"}}
    google_emulator.seed_events(
        [day(1), day(2, extendedProperties=ours), day(3), day(4, extendedProperties=ours)]
    )
    tagged = events.list(calendarId="primary", privateExtendedProperty="nextsteps=followup")
    assert sorted(i["summary"] for i in tagged.execute()["items"]) == ["Event 2", "Event 4"]
    window = events.list(
        calendarId="primary", timeMin="2030-05-02T10:30:00Z", timeMax="2030-05-03T10:00:00Z"
    ).execute()
    # ends after timeMin and starts before timeMax: only Event 2
    assert [i["summary"] for i in window["items"]] == ["Event 2"]
    with pytest.raises(HttpError) as empty:
        events.list(
            calendarId="primary", timeMin="2030-05-03T00:00:00Z", timeMax="2030-05-02T00:00:00Z"
        ).execute()
    assert empty.value.error_details[0]["reason"] == "timeRangeEmpty"


def test_single_events_expands_series_and_sync_reports_a_cancelled_instance(
    events: Any,
) -> None:
    weekly = {
        "summary": "Weekly screening",
        "start": {"dateTime": "2030-03-25T09:00:00", "timeZone": "Europe/Berlin"},
        "end": {"dateTime": "2030-03-25T09:30:00", "timeZone": "Europe/Berlin"},
        "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=3"],
    }
    series = events.insert(calendarId="primary", body=weekly).execute()
    listed = events.list(calendarId="primary", singleEvents=True, orderBy="startTime").execute()
    starts = [i["start"]["dateTime"] for i in listed["items"]]
    # 09:00 in Berlin on both sides of the daylight-saving change of 2030-03-31
    assert starts == [
        "2030-03-25T09:00:00+01:00",
        "2030-04-01T09:00:00+02:00",
        "2030-04-08T09:00:00+02:00",
    ]
    second = listed["items"][1]
    assert second["id"] == f"{series['id']}_20300401T070000Z"
    assert second["recurringEventId"] == series["id"]
    assert second["originalStartTime"] == second["start"]
    plain = events.list(calendarId="primary").execute()["items"]
    assert [i["id"] for i in plain] == [series["id"]]
    with pytest.raises(HttpError) as order:
        events.list(calendarId="primary", orderBy="startTime").execute()
    assert order.value.status_code == 400

    token = listed["nextSyncToken"]
    events.delete(calendarId="primary", eventId=second["id"]).execute()
    changed = events.list(calendarId="primary", syncToken=token, singleEvents=True).execute()
    (gone,) = changed["items"]
    assert gone["status"] == "cancelled" and gone["recurringEventId"] == series["id"]
    assert gone["originalStartTime"] == second["originalStartTime"]
    third = listed["items"][2]["id"]
    events.patch(calendarId="primary", eventId=third, body={"summary": "moved"}).execute()
    left = events.instances(calendarId="primary", eventId=series["id"]).execute()["items"]
    assert [i["summary"] for i in left] == ["Weekly screening", "moved"]
    shown = events.instances(calendarId="primary", eventId=series["id"], showDeleted=True)
    assert len(shown.execute()["items"]) == 3
