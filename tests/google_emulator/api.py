"""The Calendar v3 API: one request in, one Reply out, every step as Google takes it.

A request is routed by the discovery document (unknown path: 404), authenticated (401/403),
possibly failed on purpose (queued faults), its query and body validated against the
discovery document (400), then handed to the handler registered for its discovery method id
in :data:`HANDLERS`. A method the document knows but the emulator does not serve answers 501
with its id, so a client reaching for more than the emulator offers finds out at once. Each
answer is checked against the method's response schema too: a field Google would not send is
an emulator bug and answers 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from tests.google_emulator import errors
from tests.google_emulator.calendars import (
    delete_calendar,
    get_calendar,
    get_entry,
    insert_calendar,
    list_entries,
)
from tests.google_emulator.discovery import Method, Query
from tests.google_emulator.errors import ApiError
from tests.google_emulator.event_changes import EventWriter
from tests.google_emulator.event_import import import_event
from tests.google_emulator.event_listing import list_events, list_instances
from tests.google_emulator.reply import Reply
from tests.google_emulator.state import EmulatorState
from tests.google_emulator.store import Calendar, User


@dataclass(frozen=True)
class Call:
    """One validated API call."""

    method: Method
    path: dict[str, str]
    query: Query
    body: Any
    headers: Mapping[str, str]  # names in lower case
    user: User

    @property
    def if_match(self) -> str | None:
        return self.headers.get("if-match")


@dataclass(frozen=True)
class Answered:
    """A reply and what the request log records about the request."""

    reply: Reply
    method_id: str | None
    user: str | None


Handler = Callable[[EmulatorState, Call], Reply]


def answer(
    state: EmulatorState,
    *,
    http_method: str,
    path: str,
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> Answered:
    """Answer one request to a path under ``/calendar/v3/`` (``path`` is the part after it)."""
    method_id: str | None = None
    user: str | None = None
    try:
        segments = tuple(unquote(s) for s in path.split("/"))
        method, params = state.discovery.route(http_method, segments)
        method_id = method.id
        user = state.grants.caller(
            headers.get("authorization"), _first(query.get("oauth_token")), method.scopes
        )
        call = _call(
            state, method=method, params=params, query=query, headers=headers, body=body, user=user
        )
        return Answered(_handled(state, call), method_id, user)
    except ApiError as err:
        return Answered(Reply.json(err.code, err.body(), err.headers), method_id, user)


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _call(
    state: EmulatorState,
    *,
    method: Method,
    params: dict[str, str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
    user: str,
) -> Call:
    fault = state.faults.take(method.id)
    if fault is not None:
        raise fault
    checked = state.discovery.query(method, query)
    payload = _json(body) if method.request is not None else None
    state.discovery.check_body(method, payload)
    return Call(method, params, checked, payload, headers, state.store.user(user))


def _json(body: bytes) -> Any:
    try:
        return json.loads(body or b"null")
    except ValueError:
        raise errors.bad_request("Parse Error", reason="parseError") from None


def _handled(state: EmulatorState, call: Call) -> Reply:
    handler = HANDLERS.get(call.method.id)
    if handler is None:
        message = f"The emulator does not implement {call.method.id}."
        raise ApiError(501, "notImplemented", message)
    with state.store.lock:
        reply = handler(state, call)
    _check_response(state, call.method, reply)
    return reply


def _check_response(state: EmulatorState, method: Method, reply: Reply) -> None:
    if method.response is None or reply.status >= 300:
        return
    try:
        state.discovery.check_value(json.loads(reply.body), {"$ref": method.response}, "response")
    except ApiError as err:
        raise ApiError(500, "emulatorBug", f"answer does not fit {method.response}: {err}") from err


def _resource(payload: dict[str, Any], status: int = 200) -> Reply:
    headers = {"ETag": payload["etag"]} if "etag" in payload else {}
    return Reply.json(status, payload, headers)


# --- calendars and the calendar list -------------------------------------------------------


def _calendar_list_list(state: EmulatorState, call: Call) -> Reply:
    return Reply.json(200, list_entries(state.store, call.user, call.query))


def _calendar_list_get(state: EmulatorState, call: Call) -> Reply:
    return _resource(get_entry(state.store, call.user, call.path["calendarId"]))


def _calendars_get(state: EmulatorState, call: Call) -> Reply:
    return _resource(get_calendar(state.store, call.user, call.path["calendarId"]))


def _calendars_insert(state: EmulatorState, call: Call) -> Reply:
    return _resource(insert_calendar(state.store, call.user, call.body))


def _calendars_delete(state: EmulatorState, call: Call) -> Reply:
    delete_calendar(state.store, call.user, call.path["calendarId"])
    return Reply.empty()


# --- events --------------------------------------------------------------------------------


def _calendar(state: EmulatorState, call: Call, write: bool = False) -> Calendar:
    return state.store.reach(call.user, call.path["calendarId"], write=write)


def _writer(state: EmulatorState, call: Call) -> tuple[Calendar, EventWriter]:
    calendar = _calendar(state, call, write=True)
    return calendar, EventWriter(state.store, calendar, call.user.email)


def _role(calendar: Calendar, call: Call) -> str:
    return calendar.acl.get(call.user.email, "none")


def _events_list(state: EmulatorState, call: Call) -> Reply:
    calendar = _calendar(state, call)
    found = list_events(calendar, _role(calendar, call), call.query, state.store.clock.last)
    return Reply.json(200, found)


def _events_instances(state: EmulatorState, call: Call) -> Reply:
    calendar = _calendar(state, call)
    series = calendar.events.get(call.path["eventId"])
    if series is None:
        raise errors.not_found()
    latest = state.store.clock.last
    found = list_instances(calendar, _role(calendar, call), series, call.query, latest)
    return Reply.json(200, found)


def _events_get(state: EmulatorState, call: Call) -> Reply:
    calendar = _calendar(state, call)
    writer = EventWriter(state.store, calendar, call.user.email)
    return _resource(writer.get(call.path["eventId"]))


def _events_insert(state: EmulatorState, call: Call) -> Reply:
    calendar, writer = _writer(state, call)
    made = writer.insert(call.body)
    state.channels.changed(calendar.id)
    return _resource(made)


def _events_import(state: EmulatorState, call: Call) -> Reply:
    calendar = _calendar(state, call, write=True)
    made = import_event(state.store, calendar, call.user.email, call.body)
    state.channels.changed(calendar.id)
    return _resource(made)


def _events_update(state: EmulatorState, call: Call) -> Reply:
    calendar, writer = _writer(state, call)
    made = writer.update(call.path["eventId"], call.body, call.if_match)
    state.channels.changed(calendar.id)
    return _resource(made)


def _events_patch(state: EmulatorState, call: Call) -> Reply:
    calendar, writer = _writer(state, call)
    made = writer.patch(call.path["eventId"], call.body, call.if_match)
    state.channels.changed(calendar.id)
    return _resource(made)


def _events_delete(state: EmulatorState, call: Call) -> Reply:
    calendar, writer = _writer(state, call)
    writer.delete(call.path["eventId"], call.if_match)
    state.channels.changed(calendar.id)
    return Reply.empty()


def _events_watch(state: EmulatorState, call: Call) -> Reply:
    calendar = _calendar(state, call)
    channel = state.channels.open(call.user.email, calendar.id, call.body, state.api_endpoint)
    return Reply.json(200, channel.resource())


def _channels_stop(state: EmulatorState, call: Call) -> Reply:
    state.channels.stop(call.body)
    return Reply.empty()


HANDLERS: dict[str, Handler] = {
    "calendar.calendarList.list": _calendar_list_list,
    "calendar.calendarList.get": _calendar_list_get,
    "calendar.calendars.get": _calendars_get,
    "calendar.calendars.insert": _calendars_insert,
    "calendar.calendars.delete": _calendars_delete,
    "calendar.events.list": _events_list,
    "calendar.events.instances": _events_instances,
    "calendar.events.get": _events_get,
    "calendar.events.insert": _events_insert,
    "calendar.events.import": _events_import,
    "calendar.events.update": _events_update,
    "calendar.events.patch": _events_patch,
    "calendar.events.delete": _events_delete,
    "calendar.events.watch": _events_watch,
    "calendar.channels.stop": _channels_stop,
}
