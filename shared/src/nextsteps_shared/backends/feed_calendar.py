"""An ICS/webcal feed as a calendar backend: read-only, fetched whole, compared with the last
fetch.

``changes(since)``:

- before ``since.not_before`` (the feed's REFRESH-INTERVAL / X-PUBLISHED-TTL within bounds,
  :mod:`feed_refresh`) nothing is fetched and nothing changed;
- the fetch is conditional (:mod:`feed_download`); a 304, or a document byte for byte the
  same as last time (its hash is kept as the state's ``ctag``), changed nothing;
- a document that is not a whole calendar (no ``BEGIN:VCALENDAR`` near its start, e.g. an
  HTML error page; no ``END:VCALENDAR`` at its end, a truncated download; or one the reader
  refuses with CalendarDataError) raises :class:`FeedContentError`: the poll fails, the state
  stays as it was, nothing is removed;
- otherwise the lenient reader reads it (:func:`read_calendar`, as for every backend) and
  :mod:`feed_identity` says what is new, changed or gone, keeping the events of re-invented
  UIDs under their old ones;
- a valid calendar with no event after one that had events is believed only the second time
  in a row: the first such fetch changes nothing (``empty_fetches`` counts it), the second
  removes every event.

Memory: one copy of the document (bytes) and what the reader makes of it; the state keeps
hashes, not events. The size cap (``feeds.max_bytes``) bounds both.

A feed cannot be written: ``put`` and ``delete`` refuse, like a read-only CalDAV calendar.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Final

from nextsteps_shared.backends.feed_address import masked
from nextsteps_shared.backends.feed_download import Download, FeedDownloader, Validators
from nextsteps_shared.backends.feed_identity import compare
from nextsteps_shared.backends.feed_refresh import refresh_hint, refresh_seconds
from nextsteps_shared.backends.protocol import ChangeSet, EventRef, Precondition, SyncState
from nextsteps_shared.errors import CalendarDataError, FeedContentError, PermanentError
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ical.reader import ReadResult, read_calendar
from nextsteps_shared.settings import FeedSettings

_log = logging.getLogger(__name__)

_BEGIN: Final = re.compile(rb"^[ \t]*BEGIN:VCALENDAR", re.I | re.M)
_END: Final = re.compile(rb"END:VCALENDAR[ \t\r\n]*\Z", re.I)
_HEAD: Final = 4096  # BEGIN:VCALENDAR within this many bytes (a BOM, a stray warning line)
_EMPTY_FETCHES_TO_BELIEVE: Final = 2


def _now() -> datetime:
    return datetime.now(UTC)


class FeedCalendar:
    """The feed at ``url`` (http or https); implements CalendarReader, refuses writes."""

    read_only = True

    def __init__(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        default_tz: str = "UTC",
        limits: FeedSettings | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.url = url
        self._limits = limits or FeedSettings()
        auth = (username, password or "") if username else None
        self._downloader = FeedDownloader(self._limits, auth)
        self._default_tz = default_tz
        self._clock = clock

    # -- CalendarReader -------------------------------------------------------------------

    async def changes(self, since: SyncState | None) -> ChangeSet:
        """What changed since the last fetch (see the module's docstring)."""
        now = self._clock()
        if since is not None and since.not_before is not None and now < since.not_before:
            return ChangeSet(next_state=since)
        validators = Validators(since.etag, since.last_modified) if since else Validators()
        download = await self._downloader.download(self.url, validators)
        body = download.body
        digest = hashlib.sha256(body).hexdigest()[:32] if body is not None else None
        if since is not None and (body is None or digest == since.ctag):
            return self._unchanged(since, download, now)
        state = self._position(download, digest, now)
        result = self._read(download)
        del body, download  # from here on the events only, not the document
        return self._compared(since, result, state)

    def _position(self, download: Download, digest: str | None, now: datetime) -> SyncState:
        """The state after a new document (its events still to be compared)."""
        if download.body is None:
            raise FeedContentError(f"{self._where}: 304 Not Modified to an unconditional request")
        seconds = refresh_seconds(refresh_hint(download.body), self._limits)
        return SyncState(
            ctag=digest,
            etag=download.validators.etag,
            last_modified=download.validators.last_modified,
            not_before=now + timedelta(seconds=seconds),
            refresh_seconds=seconds,
        )

    def _unchanged(self, since: SyncState, download: Download, now: datetime) -> ChangeSet:
        """The same document as last time: nothing new (unless it is a second empty one)."""
        seconds = since.refresh_seconds or refresh_seconds(None, self._limits)
        state = since.model_copy(
            update={
                "etag": download.validators.etag or since.etag,
                "last_modified": download.validators.last_modified or since.last_modified,
                "not_before": now + timedelta(seconds=seconds),
            }
        )
        if since.empty_fetches > 0 and since.entries:
            return self._emptied(since, state)
        return ChangeSet(next_state=state)

    def _compared(self, since: SyncState | None, result: ReadResult, state: SyncState) -> ChangeSet:
        skipped = len(result.skipped)
        if not result.events and since is not None and since.entries:
            kept = state.model_copy(update={"entries": since.entries})
            return self._emptied(since, kept, skipped)
        found = compare(result.events, since.entries if since is not None else ())
        return ChangeSet(
            upserts=found.upserts,
            removals=found.removals,
            next_state=state.model_copy(update={"entries": found.entries}),
            full_resync=since is None,
            skipped=skipped,
        )

    def _emptied(self, since: SyncState, state: SyncState, skipped: int = 0) -> ChangeSet:
        """An empty calendar where there were events: believed on the second fetch in a row."""
        count = since.empty_fetches + 1
        if count < _EMPTY_FETCHES_TO_BELIEVE:
            _log.warning("%s came back empty; its events stay until it does so again", self._where)
            return ChangeSet(
                next_state=state.model_copy(update={"empty_fetches": count}), skipped=skipped
            )
        keys = sorted({key for entry in since.entries for key in entry.keys})
        emptied = state.model_copy(update={"empty_fetches": count, "entries": ()})
        return ChangeSet(removals=tuple(keys), next_state=emptied, skipped=skipped)

    def _read(self, download: Download) -> ReadResult:
        body = download.body or b""
        if _BEGIN.search(body[:_HEAD]) is None:
            kind = download.content_type.split(";", maxsplit=1)[0].strip() or "no content type"
            raise FeedContentError(
                f"{self._where}: the answer is not a calendar ({kind}, "
                f"{len(body)} bytes: an error page?); the last good state is kept"
            )
        if _END.search(body[-64:]) is None:
            raise FeedContentError(
                f"{self._where}: the calendar is cut off (no END:VCALENDAR at its end: a "
                "truncated download?); the last good state is kept"
            )
        try:
            result = read_calendar(body, self._default_tz, source=self._where)
        except CalendarDataError as err:
            raise FeedContentError(f"{err}; the last good state is kept") from err
        _report(result, self._where)
        return result

    @property
    def _where(self) -> str:
        return masked(self.url)

    # -- writing: refused -----------------------------------------------------------------

    async def put(self, followup: FollowUp, precondition: Precondition) -> EventRef:
        """A feed cannot be written."""
        raise PermanentError(f"put {followup.uid}: the feed {self._where} is read-only")

    async def delete(self, ref: EventRef, precondition: Precondition) -> None:
        """A feed cannot be written."""
        raise PermanentError(f"delete {ref.object_id}: the feed {self._where} is read-only")


def _report(result: ReadResult, where: str) -> None:
    for skipped in result.skipped:
        _log.warning("skipped event %s in %s: %s", skipped.uid, where, skipped.reason)
    for value in result.skipped_values:
        _log.warning("skipped a value of event %s in %s: %s", value.uid, where, value.reason)
