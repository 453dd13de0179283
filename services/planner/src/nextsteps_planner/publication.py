"""Each account's follow-ups rendered once per change, kept as the file in the data directory
and, in memory, as the feed the planner serves (:mod:`feed_server`): the same text in both.

A rendering that differs from the one published only in its DTSTAMPs (the time of rendering)
is no change: the published text, its ETag and its Last-Modified stay, and the file is not
rewritten. So a restart, which renders every account again, leaves subscribers' conditional
requests answered with 304 (the text of the file an earlier run left counts as published, its
modification time as when it changed). The gzip form is made once per change, not per request.
A changed feed's Last-Modified is always a later second than the one before, so that
If-Modified-Since (whole seconds) never hides a change.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from nextsteps_planner.followup_file import read_followup_file, write_followup_file
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.followup_writer import render_calendar

_STAMPS = re.compile(rb"^DTSTAMP:[^\r\n]*\r\n", flags=re.MULTILINE)
ONE_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class PublishedFeed:
    """One account's feed as served: the body, its gzip form, its entity tag (the body's hash),
    when it last changed (whole seconds, UTC; ``http_date``: the same as HTTP writes it) and
    the hash of its content without DTSTAMPs."""

    body: bytes
    gzipped: bytes
    etag: str
    modified: datetime
    http_date: str
    content: str

    @classmethod
    def of(cls, body: bytes, modified: datetime) -> PublishedFeed:
        modified = modified.astimezone(UTC).replace(microsecond=0)
        return cls(
            body=body,
            gzipped=gzip.compress(body, compresslevel=6, mtime=0),
            etag=hashlib.sha256(body).hexdigest()[:32],
            modified=modified,
            http_date=format_datetime(modified, usegmt=True),
            content=_content_of(body),
        )


def _content_of(body: bytes) -> str:
    return hashlib.sha256(_STAMPS.sub(b"", body)).hexdigest()


class Publication:
    """Every account's follow-ups, published as its file and its feed."""

    def __init__(
        self,
        data_dir: Path,
        clock: Callable[[], datetime],
        *,
        alarm_minutes_before: int = 0,
        refresh: timedelta | None = None,
    ) -> None:
        self._data_dir = data_dir
        self._clock = clock
        self._alarm_minutes = alarm_minutes_before
        self._refresh = refresh
        self._feeds: dict[str, PublishedFeed] = {}

    def publish(self, account: str, followups: Sequence[FollowUp]) -> PublishedFeed:
        """Render ``followups`` as the account's calendar; write and serve it when its
        content changed. Returns what is published now."""
        body = self._render(account, followups)
        current = self._feeds.get(account) or self._left_behind(account)
        if current is not None and current.content == _content_of(body):
            self._feeds[account] = current
            return current
        changed = datetime.now(UTC).replace(microsecond=0)
        if current is not None:
            changed = max(changed, current.modified + ONE_SECOND)
        write_followup_file(self._data_dir, account, body.decode("utf-8"), changed)
        self._feeds[account] = published = PublishedFeed.of(body, changed)
        return published

    def feed(self, account: str) -> PublishedFeed:
        """The account's feed; an empty calendar for an account with no follow-ups yet."""
        return self._feeds.get(account) or self.publish(account, ())

    def _render(self, account: str, followups: Sequence[FollowUp]) -> bytes:
        text = render_calendar(
            followups,
            self._clock(),
            f"nextsteps follow-ups ({account})",
            alarm_minutes_before=self._alarm_minutes,
            refresh=self._refresh,
        )
        return text.encode("utf-8")

    def _left_behind(self, account: str) -> PublishedFeed | None:
        found = read_followup_file(self._data_dir, account)
        return None if found is None else PublishedFeed.of(found[0].encode("utf-8"), found[1])
