"""Syncing one account: every watched calendar, read, understood, published, then committed.

Per calendar: ``changes(state)`` -> :func:`~nextsteps_ingest.observation.digest` -> publish
every message and wait for the broker's acknowledgements -> store the next sync state and the
event records in one transaction. A calendar whose publishes were not all acknowledged keeps
its old state, so the next poll reads the same changes again (at-least-once, no loss).

The owner's corrections (``nextsteps ignore`` / ``track``) change no event, so no change set
would carry them: a calendar last read with other corrections than the account's current ones
is read whole (a full resync, which publishes only what now means something else).

Counted per account kind: the events each change set brought (``nextsteps_events_read_total``)
and the interviews recognised in them and announced (``nextsteps_interviews_recognised_total``).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from nextsteps_ingest.ledger import Ledger
from nextsteps_ingest.observation import Digest, Scope, digest
from nextsteps_ingest.publisher import Publisher
from nextsteps_ingest.record import EventRecord
from nextsteps_shared.accounts.corrections import CorrectionStore, Verdict
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.caldav_calendar import CaldavCalendar
from nextsteps_shared.backends.feed_calendar import FeedCalendar
from nextsteps_shared.backends.google_calendar import GoogleCalendar
from nextsteps_shared.backends.memory import MemoryCalendar
from nextsteps_shared.backends.opener import AccountCalendars
from nextsteps_shared.backends.protocol import ChangeSet
from nextsteps_shared.messages import InterviewSnapshot
from nextsteps_shared.ops.metrics import EVENTS_READ, INTERVIEWS_RECOGNISED, kind_label
from nextsteps_shared.owner import Owner
from nextsteps_shared.settings import FeedSettings, GoogleSettings

_log = logging.getLogger(__name__)

Calendar = CaldavCalendar | MemoryCalendar | FeedCalendar | GoogleCalendar


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class CalendarSync:
    """Figures of one calendar's sync (what the log line says)."""

    calendar: str
    upserts: int
    removals: int
    published: int
    skipped: int
    old: int
    full_resync: bool
    seconds: float


class AccountSync:
    """Syncs accounts into the ledger and onto the queue."""

    def __init__(
        self,
        ledger: Ledger,
        publisher: Publisher,
        clock: Callable[[], datetime] = _now,
        corrections: CorrectionStore | None = None,
        feeds: FeedSettings | None = None,
        *,
        google: GoogleSettings | None = None,
    ) -> None:
        self._ledger = ledger
        self._publisher = publisher
        self._clock = clock
        self._corrections = corrections
        self._feeds = feeds
        self._google = google

    async def sync(self, account: Account, secret: str | None, owner: Owner) -> list[CalendarSync]:
        """Sync every watched calendar of the account; the first failure stops the account."""
        done = []
        verdicts = self._corrections.for_account(account.id) if self._corrections else {}
        opened = AccountCalendars(
            account, secret, owner.timezone, feeds=self._feeds, google=self._google
        )
        async with opened as calendars:
            for watched in account.watched:
                calendar = calendars.get(watched.url)
                scope = self._scope(account, watched.url, owner, verdicts)
                done.append(await self.sync_calendar(scope, calendar))
        return done

    async def sync_calendar(self, scope: Scope, calendar: Calendar) -> CalendarSync:
        """Read, publish and commit one calendar's changes."""
        started = time.monotonic()
        account, url = scope.account, scope.calendar
        mark = corrections_mark(scope.corrections)
        since = self._ledger.state(account, url)
        if since is not None and self._ledger.corrections_mark(account, url) != mark:
            since = None  # corrections changed since the last read: read it whole
        change_set = await calendar.changes(since)
        known = self._ledger.records(account, url, _relevant_keys(change_set))
        result = digest(change_set, known, scope)
        _count(scope, change_set, result)
        await self._publisher.publish_all(result.messages)
        if change_set.next_state != since or result.records or result.gone:
            changed = _changed(result, known)
            self._ledger.commit(
                account, url, change_set.next_state, changed, result.gone, corrections=mark
            )
        figures = _figures(url, change_set, result, time.monotonic() - started)
        _log_sync(account, figures)
        return figures

    def _scope(
        self, account: Account, url: str, owner: Owner, corrections: Mapping[str, Verdict]
    ) -> Scope:
        return Scope(
            account=account.id,
            calendar=url,
            source=account.kind,
            owner=owner,
            now=self._clock(),
            skip_ended_before=account.skip_ended_before,
            corrections=corrections,
        )


def corrections_mark(corrections: Mapping[str, Verdict]) -> str:
    """A short digest of the corrections that hold in an account ("" when there are none)."""
    if not corrections:
        return ""
    text = "\n".join(f"{uid}\t{verdict.value}" for uid, verdict in sorted(corrections.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _count(scope: Scope, change_set: ChangeSet, result: Digest) -> None:
    kind = kind_label(scope.source)
    EVENTS_READ.labels(kind=kind).inc(len(change_set.upserts))
    recognised = sum(isinstance(message, InterviewSnapshot) for message in result.messages)
    INTERVIEWS_RECOGNISED.labels(kind=kind).inc(recognised)


def _relevant_keys(change_set: ChangeSet) -> set[str] | None:
    """The records a change set can touch (None: all of them, for a full resync)."""
    if change_set.full_resync:
        return None
    upserts = change_set.upserts
    return {e.key for e in upserts} | {e.uid for e in upserts} | set(change_set.removals)


def _changed(result: Digest, known: dict[str, EventRecord]) -> list[EventRecord]:
    """Only the records that differ from what is stored (a full resync rewrites nothing else)."""
    return [record for record in result.records if known.get(record.key) != record]


def _figures(url: str, change_set: ChangeSet, result: Digest, seconds: float) -> CalendarSync:
    return CalendarSync(
        calendar=url,
        upserts=len(change_set.upserts),
        removals=len(change_set.removals),
        published=len(result.messages),
        skipped=change_set.skipped,
        old=result.old,
        full_resync=change_set.full_resync,
        seconds=seconds,
    )


def _log_sync(account: str, figures: CalendarSync) -> None:
    _log.info(
        "synced account=%s calendar=%s upserts=%d removals=%d published=%d skipped=%d "
        "old=%d full_resync=%s seconds=%.3f",
        account,
        figures.calendar,
        figures.upserts,
        figures.removals,
        figures.published,
        figures.skipped,
        figures.old,
        figures.full_resync,
        figures.seconds,
    )
