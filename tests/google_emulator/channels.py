"""Push notifications: events.watch opens a channel, channels.stop closes it.

A channel is recorded with everything Google returns (``id``, ``resourceId``, ``resourceUri``,
``token``, ``expiration`` in milliseconds, one week ahead unless asked sooner) so tests can see
which channels a client opened, renewed and stopped. Like Google, the emulator refuses a
channel without ``id`` or ``address``, a type other than ``web_hook``, a reused channel id,
and (except for loopback ``http://127.0.0.1``/``localhost`` addresses, which it allows so tests
can listen) an address that is not https. ``channels.stop`` of an unknown id/resourceId is 404.

For loopback addresses it also delivers the notifications, as Google does: a ``sync`` message
when the channel opens and an ``exists`` message after each change of the watched calendar,
as an empty POST with the ``X-Goog-Channel-*``/``X-Goog-Resource-*`` headers. Deliveries run on
one worker thread and are recorded on the channel (status, or the error).
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from tests.google_emulator import errors

WEEK_MS = 7 * 24 * 3600 * 1000
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass
class Delivery:
    """One notification sent to a channel's address."""

    state: str  # "sync" or "exists"
    number: int
    status: int | None = None
    error: str | None = None


@dataclass
class Channel:
    """An open (or stopped) notification channel on a calendar's events."""

    id: str
    resource_id: str
    resource_uri: str
    address: str
    calendar_id: str
    user: str
    expiration: int
    token: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    stopped: bool = False
    deliveries: list[Delivery] = field(default_factory=list)
    messages: int = 0

    @property
    def open(self) -> bool:
        return not self.stopped and self.expiration > time.time() * 1000

    def resource(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "kind": "api#channel",
            "id": self.id,
            "resourceId": self.resource_id,
            "resourceUri": self.resource_uri,
            "expiration": str(self.expiration),
        }
        return found | ({"token": self.token} if self.token is not None else {})


class Channels:
    """Every channel opened so far, and the worker that delivers their notifications."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.channels: list[Channel] = []
        self._outbox: queue.Queue[tuple[Channel, Delivery] | None] = queue.Queue()
        self._worker: threading.Thread | None = None

    def open(self, user: str, calendar_id: str, body: dict[str, Any], api_endpoint: str) -> Channel:
        """Open a channel for ``events.watch`` (checked as Google checks it)."""
        channel = _channel(user, calendar_id, body, api_endpoint)
        with self.lock:
            if any(c.id == channel.id for c in self.channels):
                raise errors.bad_request(
                    f"Channel id {channel.id} not unique", "channelIdNotUnique"
                )
            self.channels.append(channel)
        self._send(channel, "sync")
        return channel

    def stop(self, body: dict[str, Any]) -> None:
        with self.lock:
            for channel in self.channels:
                if channel.id == body.get("id") and channel.resource_id == body.get("resourceId"):
                    channel.stopped = True
                    return
        raise errors.not_found(f"Channel '{body.get('id')}' not found for project 'emulator'")

    def changed(self, calendar_id: str) -> None:
        """Tell every open channel on ``calendar_id`` that its events changed."""
        with self.lock:
            watching = [c for c in self.channels if c.calendar_id == calendar_id and c.open]
        for channel in watching:
            self._send(channel, "exists")

    def _send(self, channel: Channel, state: str) -> None:
        with self.lock:
            delivery = Delivery(state, channel.messages + 1)
            channel.messages += 1
            channel.deliveries.append(delivery)
        if urlsplit(channel.address).hostname in LOOPBACK_HOSTS:
            self._outbox.put((channel, delivery))
        else:
            delivery.error = "not sent: the emulator only delivers to loopback addresses"

    def start(self) -> None:
        self._worker = threading.Thread(target=self._deliver, name="google-push", daemon=True)
        self._worker.start()

    def close(self) -> None:
        if self._worker is not None:
            self._outbox.put(None)
            self._worker.join(timeout=5)
            self._worker = None

    def _deliver(self) -> None:
        while (item := self._outbox.get()) is not None:
            channel, delivery = item
            request = urllib.request.Request(
                channel.address, data=b"", method="POST", headers=_headers(channel, delivery)
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:
                    delivery.status = answer.status
            except urllib.error.HTTPError as err:
                delivery.status = err.code
            except OSError as err:
                delivery.error = str(err)


def _channel(user: str, calendar_id: str, body: dict[str, Any], api_endpoint: str) -> Channel:
    if not body.get("id"):
        raise errors.required("Missing channel id.", "id")
    if body.get("type") not in ("web_hook", "webhook"):
        raise errors.bad_request(f"Invalid channel type: {body.get('type')!r}.", location="type")
    address = str(body.get("address") or "")
    parts = urlsplit(address)
    loopback = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if parts.scheme != "https" and not loopback:
        raise errors.bad_request(
            f"WebHook callback must be HTTPS: {address}", "push.webhookUrlNotHttps", "address"
        )
    latest = int(time.time() * 1000) + WEEK_MS
    asked = int(body.get("expiration") or latest)
    return Channel(
        id=str(body["id"]),
        resource_id=hashlib.sha1(f"events {calendar_id}".encode()).hexdigest()[:27],
        resource_uri=f"{api_endpoint}calendars/{quote(calendar_id, safe='')}/events?alt=json",
        address=address,
        calendar_id=calendar_id,
        user=user,
        expiration=min(asked, latest),
        token=body.get("token"),
        params=dict(body.get("params") or {}),
    )


def _headers(channel: Channel, delivery: Delivery) -> dict[str, str]:
    headers = {
        "X-Goog-Channel-ID": channel.id,
        "X-Goog-Channel-Expiration": time.strftime(
            "%a, %d %b %Y %H:%M:%S GMT", time.gmtime(channel.expiration / 1000)
        ),
        "X-Goog-Resource-ID": channel.resource_id,
        "X-Goog-Resource-URI": channel.resource_uri,
        "X-Goog-Resource-State": delivery.state,
        "X-Goog-Message-Number": str(delivery.number),
    }
    if channel.token is not None:
        headers["X-Goog-Channel-Token"] = channel.token
    return headers
