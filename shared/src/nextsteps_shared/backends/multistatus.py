"""WebDAV/CalDAV request bodies nextsteps sends and the 207 Multi-Status answers it reads.

Bodies ask only for what the sync needs (``getetag`` and ``calendar-data``; never
``schedule-tag``, which makes Xandikos several times slower). Parsing works on any
ElementTree-like tree (lxml's from caldav, or the standard library's in tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final, Protocol
from xml.sax.saxutils import escape

DAV: Final = "{DAV:}"
CALDAV: Final = "{urn:ietf:params:xml:ns:caldav}"
CALSERVER: Final = "{http://calendarserver.org/ns/}"

_HEAD: Final = '<?xml version="1.0" encoding="utf-8"?>'
_NAMESPACES: Final = (
    'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" '
    'xmlns:CS="http://calendarserver.org/ns/"'
)
_OBJECT_PROPS: Final = "<D:prop><D:getetag/><C:calendar-data/></D:prop>"


class XmlNode(Protocol):
    """The part of the ElementTree API this module uses."""

    @property
    def tag(self) -> object: ...

    @property
    def text(self) -> str | None: ...

    def find(self, path: str) -> XmlNode | None: ...

    def findall(self, path: str) -> Sequence[XmlNode]: ...

    def get(self, key: str) -> str | None: ...

    def __iter__(self) -> Iterator[XmlNode]: ...


@dataclass(frozen=True)
class DavResponse:
    """One ``DAV:response``: its href, a status of its own (a removal, a truncation), and the
    properties that came back with 200 (by Clark name)."""

    href: str
    status: int | None = None
    props: dict[str, XmlNode] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        """The text of property ``name`` (None when absent)."""
        node = self.props.get(name)
        return node.text if node is not None else None


def sync_collection_body(token: str | None) -> str:
    """RFC 6578 sync-collection asking for etags and calendar data (no token: initial sync)."""
    token_element = f"<D:sync-token>{escape(token)}</D:sync-token>" if token else "<D:sync-token/>"
    return (
        f"{_HEAD}<D:sync-collection {_NAMESPACES}>{token_element}"
        f"<D:sync-level>1</D:sync-level>{_OBJECT_PROPS}</D:sync-collection>"
    )


def multiget_body(hrefs: Iterable[str]) -> str:
    """RFC 4791 calendar-multiget for these hrefs, asking for etag and data only."""
    listed = "".join(f"<D:href>{escape(href)}</D:href>" for href in hrefs)
    return (
        f"{_HEAD}<C:calendar-multiget {_NAMESPACES}>{_OBJECT_PROPS}{listed}</C:calendar-multiget>"
    )


def propfind_body(*names: str) -> str:
    """A PROPFIND for these prefixed property names (``D:getetag``, ``CS:getctag``, …)."""
    props = "".join(f"<{name}/>" for name in names)
    return f"{_HEAD}<D:propfind {_NAMESPACES}><D:prop>{props}</D:prop></D:propfind>"


def mkcalendar_body(display_name: str) -> str:
    """MKCALENDAR for a calendar of events with this display name."""
    return (
        f"{_HEAD}<C:mkcalendar {_NAMESPACES}><D:set><D:prop>"
        f"<D:displayname>{escape(display_name)}</D:displayname>"
        '<C:supported-calendar-component-set><C:comp name="VEVENT"/>'
        "</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"
    )


def responses(tree: XmlNode) -> list[DavResponse]:
    """Every ``DAV:response`` of a multistatus, in document order."""
    return [_response(node) for node in tree.findall(f"{DAV}response")]


def sync_token(tree: XmlNode) -> str | None:
    """The new sync token of a sync-collection answer."""
    node = tree.find(f"{DAV}sync-token")
    return node.text.strip() if node is not None and node.text else None


def status_code(line: str | None) -> int | None:
    """``HTTP/1.1 404 Not Found`` -> 404."""
    parts = (line or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def _response(node: XmlNode) -> DavResponse:
    href_node = node.find(f"{DAV}href")
    href = (href_node.text or "").strip() if href_node is not None else ""
    status_node = node.find(f"{DAV}status")
    status = status_code(status_node.text) if status_node is not None else None
    props: dict[str, XmlNode] = {}
    for propstat in node.findall(f"{DAV}propstat"):
        if status_code(_text_of(propstat.find(f"{DAV}status"))) != 200:
            continue
        prop = propstat.find(f"{DAV}prop")
        for child in prop if prop is not None else ():
            if isinstance(child.tag, str):
                props[child.tag] = child
    return DavResponse(href=href, status=status, props=props)


def _text_of(node: XmlNode | None) -> str | None:
    return node.text if node is not None else None
