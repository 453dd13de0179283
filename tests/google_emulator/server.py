"""The emulator's HTTP server: a stdlib ThreadingHTTPServer on a loopback port.

It only moves bytes: ``/calendar/v3/...`` goes to the API (api.py), ``/o/oauth2/auth``,
``/token`` and ``/revoke`` to the OAuth endpoints (oauth.py), ``/_emulator/...`` to the control
endpoints a separate process uses (control_http.py). Every request is logged with its status.
HTTP/1.1 with keep-alive, as Google serves, so httplib2 and requests reuse their connections.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.google_emulator import control_http
from tests.google_emulator.api import answer
from tests.google_emulator.reply import Reply
from tests.google_emulator.request_log import LoggedRequest
from tests.google_emulator.state import EmulatorState

API_PREFIX = "/calendar/v3/"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: EmulatorState


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply, method_id, user = self._route(parts.path, query, headers, body)
        logged = LoggedRequest(self.command, parts.path, method_id, query, reply.status, user)
        self.server.state.log.add(logged)
        self._send(reply)

    def _route(
        self, path: str, query: dict[str, list[str]], headers: dict[str, str], body: bytes
    ) -> tuple[Reply, str | None, str | None]:
        state = self.server.state
        if path.startswith(API_PREFIX):
            done = answer(
                state,
                http_method=self.command,
                path=path[len(API_PREFIX) :],
                query=query,
                headers=headers,
                body=body,
            )
            return done.reply, done.method_id, done.user
        flat = {name: values[0] for name, values in query.items()}
        if path == "/o/oauth2/auth" and self.command == "GET":
            return state.grants.authorize(flat, frozenset(state.store.users)), None, None
        if path == "/token" and self.command == "POST":
            form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
            return state.grants.token(form, headers.get("authorization")), None, None
        if path == "/revoke" and self.command == "POST":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()} | flat
            return _revoked(state, form.get("token", "")), None, None
        if path.startswith(control_http.PREFIX):
            return control_http.answer(state, self.command, path, body), None, None
        return Reply.json(404, {"error": {"code": 404, "message": "Not Found"}}), None, None

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.body and self.command != "HEAD":
            self.wfile.write(reply.body)


def _revoked(state: EmulatorState, token: str) -> Reply:
    if state.grants.revoke(token):
        return Reply.json(200, {})
    return Reply.json(400, {"error": "invalid_token", "error_description": "Bad Request"})


@contextlib.contextmanager
def serving(state: EmulatorState, port: int = 0) -> Iterator[int]:
    """Serve ``state`` on 127.0.0.1 (a free port unless given) until the block ends; the port."""
    server = _Server(("127.0.0.1", port), _Handler)
    server.state = state
    bound = int(server.server_address[1])
    state.api_endpoint = f"http://127.0.0.1:{bound}{API_PREFIX}"
    state.channels.start()
    thread = threading.Thread(target=server.serve_forever, name="google-emulator", daemon=True)
    thread.start()
    try:
        yield bound
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        state.channels.close()
