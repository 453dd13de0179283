"""Control endpoints under ``/_emulator/`` for an emulator running in its own process.

A benchmark runs the emulator apart from the client it measures (``python -m
tests.google_emulator``), so it cannot call the Python handle; these few endpoints give it what
it needs over HTTP. They are not part of Google's API and need no token:

- ``GET  /_emulator/requests``: ``{"requests": n, "quotaUnits": n, "byMethod": {id: n}}``
- ``POST /_emulator/requests/clear``: forget the requests so far
- ``POST /_emulator/calendars/<id>/events``: seed a JSON list of Event bodies → ``{"ids": [...]}``
- ``POST /_emulator/calendars/<id>/invalidate-sync-tokens``: older sync tokens now answer 410
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import unquote

from tests.google_emulator.errors import ApiError
from tests.google_emulator.reply import Reply
from tests.google_emulator.seeding import seed_events
from tests.google_emulator.state import EmulatorState

PREFIX = "/_emulator/"


def answer(state: EmulatorState, http_method: str, path: str, body: bytes) -> Reply:
    """Answer one control request."""
    parts = [unquote(p) for p in path[len(PREFIX) :].split("/")]
    if http_method == "GET" and parts == ["requests"]:
        return Reply.json(200, _request_summary(state))
    if http_method == "POST" and parts == ["requests", "clear"]:
        state.log.clear()
        return Reply.empty()
    if http_method == "POST" and len(parts) == 3 and parts[0] == "calendars":
        return _calendar_action(state, parts[1], parts[2], body)
    return Reply.json(404, {"error": f"no control endpoint {http_method} {path}"})


def _request_summary(state: EmulatorState) -> dict[str, object]:
    entries = state.log.entries()
    by_method = Counter(str(e.method_id) for e in entries)
    return {"requests": len(entries), "quotaUnits": state.log.quota_units(), "byMethod": by_method}


def _calendar_action(state: EmulatorState, calendar_id: str, action: str, body: bytes) -> Reply:
    if calendar_id not in state.store.calendars:
        return Reply.json(404, {"error": f"no calendar {calendar_id!r}"})
    if action == "invalidate-sync-tokens":
        with state.store.lock:
            state.store.calendars[calendar_id].generation += 1
        return Reply.empty()
    if action != "events":
        return Reply.json(404, {"error": f"no calendar action {action!r}"})
    try:
        bodies = json.loads(body)
        ids = seed_events(state, calendar_id, bodies)
    except (ValueError, TypeError) as err:
        return Reply.json(400, {"error": f"seed body must be a JSON list of events: {err}"})
    except ApiError as err:
        return Reply.json(err.code, err.body())
    return Reply.json(200, {"ids": ids})
