"""The owner's side of a calendar on a real CalDAV server, in plain HTTP: put, move and delete
objects as another client would, and read back everything the server holds (what a person
would see), with nextsteps' follow-ups told apart by their ``@nextsteps`` UIDs."""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

from icalendar import Calendar, Component
from tests.servers.dav_servers import DavServer, new_calendar

_QUERY = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
    b"<D:prop><D:getetag/><C:calendar-data/></D:prop>"
    b'<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/>'
    b"</C:comp-filter></C:filter></C:calendar-query>"
)
_NS = {"D": "DAV:", "C": "urn:ietf:params:xml:ns:caldav"}
SUFFIX = "@nextsteps"


@dataclass(frozen=True)
class Stored:
    """One VEVENT as the server holds it, with the object it lives in."""

    href: str
    etag: str
    text: str
    event: Component

    @property
    def uid(self) -> str:
        return str(self.event["UID"])

    @property
    def start(self) -> datetime:
        value: datetime = self.event.decoded("DTSTART")
        return value

    @property
    def end(self) -> datetime:
        value: datetime = self.event.decoded("DTEND")
        return value

    @property
    def summary(self) -> str:
        return str(self.event.get("SUMMARY", ""))

    @property
    def is_followup(self) -> bool:
        return self.uid.endswith(SUFFIX)

    @property
    def interview(self) -> str:
        """The interview (event key) a follow-up belongs to."""
        return str(self.event.get("X-NEXTSTEPS-INTERVIEW", ""))

    @property
    def kind(self) -> str:
        return str(self.event.get("X-NEXTSTEPS-KIND", ""))

    @property
    def name(self) -> str:
        """The object's name inside its calendar (``<name>.ics``)."""
        return self.href.rstrip("/").rsplit("/", 1)[-1]


class FollowUpView:
    """What the scenarios ask of any owner's calendar, over its :meth:`events`."""

    def events(self) -> list[Stored]:
        raise NotImplementedError

    def followups(self) -> list[Stored]:
        return [event for event in self.events() if event.is_followup]

    def followups_of(self, interview: str) -> list[Stored]:
        """The follow-ups of one interview, in time order."""
        mine = [f for f in self.followups() if f.interview == interview]
        return sorted(mine, key=lambda f: (f.start, f.kind))

    def chain_counts(self) -> Counter[tuple[str, str, str]]:
        """How many events hold each (interview, kind, UID): any count above 1 is a duplicate."""
        return Counter((f.interview, f.kind, f.uid) for f in self.followups())


class OwnerCalendar(FollowUpView):
    """A fresh calendar on ``server``, edited and read as its owner."""

    def __init__(self, server: DavServer) -> None:
        self.server = server
        self.url = new_calendar(server)

    @property
    def kind(self) -> str:
        """The server's name (``radicale``, ``xandikos``)."""
        return self.server.name

    def connect_command(self, workdir: Path, owner: str) -> tuple[list[str], str]:
        """The ``nextsteps connect`` arguments (and stdin) that connect this calendar."""
        server = self.server
        return [
            "connect", "caldav", server.base_url, "--username", server.username or "alice",
            "--password-stdin", "--owner", owner, "--watch", self.url,
        ], (server.password or "unused") + "\n"  # fmt: skip

    def put(self, name: str, text: str, **headers: str) -> None:
        """Store ``text`` as ``name`` (CRLF line ends, as clients send)."""
        body = text.replace("\r\n", "\n").replace("\n", "\r\n").encode()
        status = self.server.request(
            "PUT", self.url + name, body, Content_Type="text/calendar; charset=utf-8", **headers
        )
        assert status in {201, 204}, f"{self.server.name}: PUT {name} answered {status}"

    def delete(self, name: str) -> None:
        status = self.server.request("DELETE", self.url + name)
        assert status in {200, 204}, f"{self.server.name}: DELETE {name} answered {status}"

    def events(self) -> list[Stored]:
        """Every VEVENT the calendar holds (one calendar-query REPORT)."""
        found: list[Stored] = []
        tree = ElementTree.fromstring(self._report())
        for response in tree.iterfind("D:response", _NS):
            href = response.findtext("D:href", "", _NS)
            etag = response.findtext(".//D:getetag", "", _NS)
            data = response.findtext(".//C:calendar-data", "", _NS)
            found.extend(_parsed(href, etag, data))
        return found

    def _report(self) -> bytes:
        request = urllib.request.Request(self.url, data=_QUERY, method="REPORT")
        request.add_header("Depth", "1")
        request.add_header("Content-Type", "application/xml; charset=utf-8")
        if self.server.username is not None:
            pair = f"{self.server.username}:{self.server.password or ''}".encode()
            request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())
        with urllib.request.urlopen(request, timeout=20) as response:
            body: bytes = response.read()
            return body


def _parsed(href: str, etag: str, data: str) -> list[Stored]:
    """The VEVENTs of one object (none when it does not parse: a broken object stays there)."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return []
    return [Stored(href, etag, data, event) for event in calendar.walk("VEVENT")]
