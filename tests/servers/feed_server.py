"""A real HTTP server on a free loopback port that serves ICS feeds the way the world does.

Each path answers what the test set for it (:class:`Answer`): a calendar with an ETag and
Last-Modified that honours conditional requests (304), a redirect, an HTML error page, a body
cut short of its Content-Length, a slow body, a body without Content-Length. Every request is
recorded (path and headers) so tests can check what the client asked.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    """What a path answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = CALENDAR_TYPE
    etag: bool = True  # an ETag (the body's hash), and 304 to a matching If-None-Match
    last_modified: str | None = None  # sent, and 304 to an equal If-Modified-Since
    location: str | None = None  # a redirect's target
    cut_at: int | None = None  # send this many bytes, announce all of them, hang up
    delay: float = 0.0  # seconds between 1 KiB pieces of the body
    length: bool = True  # announce Content-Length (else: end the body by closing)
    encoding: str | None = None  # Content-Encoding of the body as given (e.g. gzip)


@dataclass(frozen=True)
class Request:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    """The running server: set answers per path, read the requests it got."""

    port: int = 0
    answers: dict[str, Answer] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/feed.ics", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def serve(self, path: str, answer: Answer | bytes | str) -> None:
        """From now on ``path`` answers ``answer`` (text or bytes: a calendar)."""
        if isinstance(answer, str):
            answer = answer.encode()
        if isinstance(answer, bytes):
            answer = Answer(body=answer)
        with self.lock:
            self.answers[path] = answer

    def answer_of(self, path: str) -> Answer:
        with self.lock:
            return self.answers.get(path, Answer(status=404, body=b"no such feed"))

    def seen(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)

    def requests_for(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == path]


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        feeds = self.server.feeds
        feeds.seen(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
        answer = feeds.answer_of(self.path)
        if self._not_modified(answer):
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(answer.status)
        self._headers(answer)
        with contextlib.suppress(OSError):  # the client may hang up first: that is the test
            self._body(answer)

    def _not_modified(self, answer: Answer) -> bool:
        if answer.status != 200:
            return False
        asked = self.headers.get("If-None-Match")
        if answer.etag and asked is not None:
            return asked == etag_of(answer.body)
        since = self.headers.get("If-Modified-Since")
        return since is not None and since == answer.last_modified

    def _headers(self, answer: Answer) -> None:
        self.send_header("Content-Type", answer.content_type)
        if answer.etag and answer.status == 200:
            self.send_header("ETag", etag_of(answer.body))
        if answer.last_modified:
            self.send_header("Last-Modified", answer.last_modified)
        if answer.location:
            self.send_header("Location", answer.location)
        if answer.encoding:
            self.send_header("Content-Encoding", answer.encoding)
        if answer.length:
            self.send_header("Content-Length", str(len(answer.body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()

    def _body(self, answer: Answer) -> None:
        body = answer.body if answer.cut_at is None else answer.body[: answer.cut_at]
        for start in range(0, len(body), 1024):
            if answer.delay:
                time.sleep(answer.delay)
            self.wfile.write(body[start : start + 1024])
            self.wfile.flush()
        if answer.cut_at is not None:
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    feeds: FeedServer


@contextlib.contextmanager
def running_feed_server() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1 and a free port, stopped on exit."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.feeds = FeedServer(port=server.server_address[1])
    thread = threading.Thread(
        target=server.serve_forever, args=(0.02,), name="feed-server", daemon=True
    )
    thread.start()
    try:
        yield server.feeds
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
