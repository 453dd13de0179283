"""events.watch and channels.stop, and the push notifications sent to loopback addresses."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from googleapiclient.errors import HttpError
from tests.google_emulator.control import GoogleEmulator


class _Receiver(BaseHTTPRequestHandler):
    received: queue.Queue[dict[str, str]]

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_POST(self) -> None:
        self.received.put({k.lower(): v for k, v in self.headers.items()})
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def receiver() -> Iterator[tuple[str, queue.Queue[dict[str, str]]]]:
    """A webhook on a free loopback port, and the notification headers it received."""
    received: queue.Queue[dict[str, str]] = queue.Queue()
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()


def test_watch_notifies_and_stop_closes(
    google_emulator: GoogleEmulator, receiver: tuple[str, queue.Queue[dict[str, str]]]
) -> None:
    address, received = receiver
    service = google_emulator.client()
    body = {"id": "channel-1", "type": "web_hook", "address": address, "token": "secret"}
    channel = service.events().watch(calendarId="primary", body=body).execute()
    assert channel["id"] == "channel-1" and channel["resourceId"]
    assert channel["resourceUri"].startswith(google_emulator.api_endpoint)
    assert int(channel["expiration"]) > 0
    sync = received.get(timeout=10)
    assert (sync["x-goog-resource-state"], sync["x-goog-channel-token"]) == ("sync", "secret")
    event = {"start": {"date": "2030-01-01"}, "end": {"date": "2030-01-02"}}
    service.events().insert(calendarId="primary", body=event).execute()
    change = received.get(timeout=10)
    assert change["x-goog-resource-state"] == "exists"
    assert change["x-goog-message-number"] == "2"
    assert change["x-goog-resource-id"] == channel["resourceId"]

    stop = {"id": channel["id"], "resourceId": channel["resourceId"]}
    assert service.channels().stop(body=stop).execute() == ""
    (recorded,) = google_emulator.channels
    assert recorded.stopped and not recorded.open
    service.events().insert(calendarId="primary", body=event).execute()
    assert [d.state for d in recorded.deliveries] == ["sync", "exists"]  # none after stopping


def test_stopping_an_unknown_channel_is_404(google_emulator: GoogleEmulator) -> None:
    channels = google_emulator.client().channels()
    with pytest.raises(HttpError) as refused:
        channels.stop(body={"id": "nope", "resourceId": "nothing"}).execute()
    assert refused.value.status_code == 404


def test_watch_wants_https_and_a_fresh_id(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client().events()
    plain = {"id": "c1", "type": "web_hook", "address": "http://example.com/hook"}
    with pytest.raises(HttpError) as insecure:
        events.watch(calendarId="primary", body=plain).execute()
    assert insecure.value.status_code == 400
    remote = {"id": "c1", "type": "web_hook", "address": "https://example.com/hook"}
    events.watch(calendarId="primary", body=remote).execute()
    with pytest.raises(HttpError) as reused:
        events.watch(calendarId="primary", body=remote).execute()
    assert reused.value.status_code == 400
    (recorded,) = google_emulator.channels
    assert recorded.open and recorded.deliveries[0].error is not None  # recorded, not sent
