"""Real CalDAV servers for tests: Radicale and Xandikos from the venv, in a temp directory.

Each yields a :class:`DavServer` (base URL, credentials, the calendar home where tests create
their calendars). :func:`new_calendar` makes a fresh, empty calendar so tests never share one.
"""

from __future__ import annotations

import base64
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.servers.process import LOOPBACK, free_port, running

_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class DavServer:
    """A running CalDAV server."""

    name: str
    base_url: str
    home_url: str
    username: str | None = None
    password: str | None = None

    def request(self, method: str, url: str, body: bytes = b"", **headers: str) -> int:
        """Send one request (as the calendar's owner would) and return the HTTP status."""
        request = urllib.request.Request(url, data=body or None, method=method)
        for name, value in {**self._auth(), **headers}.items():
            request.add_header(name.replace("_", "-"), value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status: int = response.status
                return status
        except urllib.error.HTTPError as err:
            return err.code

    def _auth(self) -> dict[str, str]:
        if self.username is None:
            return {}
        pair = f"{self.username}:{self.password or ''}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


_MKCALENDAR = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
    b"<D:displayname>test calendar</D:displayname>"
    b'<C:supported-calendar-component-set><C:comp name="VEVENT"/>'
    b"</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"
)


def new_calendar(server: DavServer) -> str:
    """Create an empty calendar on ``server`` and return its URL."""
    url = f"{server.home_url}{uuid.uuid4().hex}/"
    status = server.request("MKCALENDAR", url, _MKCALENDAR, Content_Type="application/xml")
    if status != 201:
        raise RuntimeError(f"MKCALENDAR {url} answered {status}")
    return url


_RADICALE_CONFIG = """\
[server]
hosts = {host}:{port}
[auth]
type = htpasswd
htpasswd_filename = {users}
htpasswd_encryption = plain
delay = 0
[storage]
filesystem_folder = {storage}
[logging]
level = warning
"""


@contextmanager
def running_radicale(workdir: Path) -> Iterator[DavServer]:
    """Radicale with one htpasswd user (plain text) and its storage in ``workdir``."""
    port = free_port()
    users = workdir / "users"
    users.write_text("alice:wonderland\n")
    config = workdir / "config"
    config.write_text(
        _RADICALE_CONFIG.format(
            host=LOOPBACK, port=port, users=users, storage=workdir / "collections"
        )
    )
    command = [sys.executable, "-m", "radicale", "--config", str(config)]
    with running(command, port, workdir / "radicale.log"):
        base = f"http://{LOOPBACK}:{port}/"
        yield DavServer("radicale", base, f"{base}alice/", "alice", "wonderland")


@contextmanager
def running_xandikos(workdir: Path) -> Iterator[DavServer]:
    """Xandikos (no authentication) serving ``workdir``, with the default principal /user/."""
    port = free_port()
    command = [
        str(_BIN / "xandikos"), "serve", "--defaults", "-d", str(workdir / "data"),
        "-l", LOOPBACK, "-p", str(port), "--no-detect-systemd",
    ]  # fmt: skip
    with running(command, port, workdir / "xandikos.log"):
        base = f"http://{LOOPBACK}:{port}/"
        yield DavServer("xandikos", base, f"{base}user/calendars/")
