"""Request bodies and Multi-Status parsing, on answers shaped like Radicale's and Xandikos'."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from nextsteps_shared.backends.multistatus import (
    CALDAV,
    multiget_body,
    responses,
    status_code,
    sync_collection_body,
    sync_token,
)

_ANSWER = b"""<?xml version="1.0"?>
<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:response>
    <D:href>/cal/one.ics</D:href>
    <D:propstat><D:status>HTTP/1.1 200 OK</D:status>
      <D:prop><D:getetag>"e1"</D:getetag></D:prop></D:propstat>
    <D:propstat><D:status>HTTP/1.1 404 Not Found</D:status>
      <D:prop><C:calendar-data/></D:prop></D:propstat>
  </D:response>
  <D:response><D:href>/cal/gone.ics</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>
  <D:response><D:href>/cal/</D:href>
    <D:status>HTTP/1.1 507 Insufficient Storage</D:status></D:response>
  <D:sync-token> http://example.test/sync/42 </D:sync-token>
</D:multistatus>"""


def test_a_sync_answer_separates_changes_removals_and_truncation() -> None:
    tree = ET.fromstring(_ANSWER)
    one, gone, marker = responses(tree)
    assert (one.href, one.status, one.text("{DAV:}getetag")) == ("/cal/one.ics", None, '"e1"')
    assert one.text(f"{CALDAV}calendar-data") is None  # a 404 propstat is no data
    assert (gone.href, gone.status) == ("/cal/gone.ics", 404)
    assert (marker.href, marker.status) == ("/cal/", 507)
    assert sync_token(tree) == "http://example.test/sync/42"


def test_bodies_ask_for_etag_and_data_only_and_escape_what_they_carry() -> None:
    initial = sync_collection_body(None)
    assert "<D:sync-token/>" in initial
    assert "schedule-tag" not in initial
    assert "<D:sync-token>a&amp;b</D:sync-token>" in sync_collection_body("a&b")
    multiget = multiget_body(["/cal/x&y.ics", "/cal/z.ics"])
    assert "<D:href>/cal/x&amp;y.ics</D:href>" in multiget
    assert "schedule-tag" not in multiget
    ET.fromstring(multiget)  # well-formed


def test_status_lines() -> None:
    assert status_code("HTTP/1.1 404 Not Found") == 404
    assert status_code("garbage") is None
    assert status_code(None) is None
