"""The emulator's rule book is the discovery document google-api-python-client ships."""

from __future__ import annotations

import pytest
from tests.google_emulator.api import HANDLERS
from tests.google_emulator.control import GoogleEmulator
from tests.google_emulator.discovery import calendar_v3
from tests.google_emulator.errors import ApiError

EVENTS = "calendars/primary/events"


def test_every_method_the_emulator_serves_is_in_the_discovery_document() -> None:
    known = calendar_v3().methods
    assert set(HANDLERS) <= set(known), set(HANDLERS) - set(known)
    assert "calendar.events.list" in HANDLERS


def test_routes_prefer_fixed_path_segments_over_templates() -> None:
    discovery = calendar_v3()
    method, params = discovery.route("POST", ("calendars", "abc", "events", "import"))
    assert method.id == "calendar.events.import"
    method, params = discovery.route("GET", ("calendars", "a@b.c", "events", "x", "instances"))
    assert method.id == "calendar.events.instances"
    assert params == {"calendarId": "a@b.c", "eventId": "x"}
    with pytest.raises(ApiError) as refused:
        discovery.route("GET", ("calendars", "abc", "nonsense"))
    assert refused.value.code == 404


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ({"timeMinimum": ["2024-01-01T00:00:00Z"]}, "timeMinimum"),  # unknown parameter
        ({"maxResults": ["many"]}, "maxResults"),  # not an integer
        ({"maxResults": ["0"]}, "maxResults"),  # below the document's minimum of 1
        ({"orderBy": ["summary"]}, "orderBy"),  # not in the enum
        ({"showDeleted": ["yes"]}, "showDeleted"),  # not a boolean
        ({"timeMin": ["2024-01-01T00:00:00"]}, "timeMin"),  # no offset: RFC 3339 needs one
        ({"q": ["a", "b"]}, "q"),  # not a repeated parameter
        ({"calendarId": ["primary"]}, "calendarId"),  # a path parameter, not a query one
    ],
)
def test_the_validator_refuses_what_the_document_forbids(
    query: dict[str, list[str]], location: str
) -> None:
    discovery = calendar_v3()
    method = discovery.methods["calendar.events.list"]
    with pytest.raises(ApiError) as refused:
        discovery.query(method, query)
    assert (refused.value.code, refused.value.location) == (400, location)


def test_the_validator_types_what_it_accepts() -> None:
    discovery = calendar_v3()
    method = discovery.methods["calendar.events.list"]
    query = discovery.query(
        method,
        {
            "maxResults": ["2500"],
            "singleEvents": ["true"],
            "privateExtendedProperty": ["a=1", "b=2"],
            "timeMin": ["2024-01-01T00:00:00+02:00"],
            "alt": ["json"],  # a global parameter every Google API takes
        },
    )
    assert query.number("maxResults") == 2500
    assert query.flag("singleEvents") is True
    assert query.texts("privateExtendedProperty") == ["a=1", "b=2"]
    moment = query.moment("timeMin")
    assert moment is not None and moment.utcoffset() is not None


@pytest.mark.parametrize(
    ("method_id", "body", "location"),
    [
        ("calendar.events.insert", {"start": {"date": "2024-01-01"}}, "end"),  # required
        ("calendar.events.patch", {"summry": "typo"}, "summry"),
        (
            "calendar.events.patch",
            {"extendedProperties": {"privat": {"a": "1"}}},
            "resource.extendedProperties.privat",
        ),
        ("calendar.events.patch", {"summary": 5}, "resource.summary"),
        ("calendar.events.patch", {"start": {"date": "2024-13-01"}}, "resource.start.date"),
        ("calendar.calendars.insert", {"summary": "x", "colour": "red"}, "resource.colour"),
        ("calendar.events.watch", {"id": "c", "adress": "https://x"}, "resource.adress"),
    ],
)
def test_bodies_must_fit_the_request_schema(method_id: str, body: object, location: str) -> None:
    discovery = calendar_v3()
    with pytest.raises(ApiError) as refused:
        discovery.check_body(discovery.methods[method_id], body)
    assert refused.value.code == 400
    assert refused.value.location is not None and refused.value.location.endswith(location)


def test_an_unknown_query_parameter_is_refused_over_http(google_emulator: GoogleEmulator) -> None:
    # google-api-python-client itself will not send an unknown parameter, so ask directly,
    # through google-auth's requests transport (its OAuth refresh goes to the emulator too).
    session = google_emulator.session()
    answer = session.get(google_emulator.api_endpoint + EVENTS, params={"timeMinimum": "x"})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == 400
    assert error["errors"][0]["location"] == "timeMinimum"
    assert session.get(google_emulator.api_endpoint + EVENTS).status_code == 200


def test_unknown_paths_are_404_and_unserved_methods_say_so(google_emulator: GoogleEmulator) -> None:
    session = google_emulator.session()
    assert session.get(google_emulator.api_endpoint + "calendars/primary/tasks").status_code == 404
    colors = session.get(google_emulator.api_endpoint + "colors")
    assert colors.status_code == 501
    assert "calendar.colors.get" in colors.json()["error"]["message"]
