"""Bringing one interview's follow-ups in the calendar to what its chain wants.

Creates use If-None-Match (a create that finds the object there means an earlier try wrote it:
the planner's own UID is then overwritten, never duplicated); updates and deletes use If-Match
with the etag the planner holds, so an object the owner changed meanwhile is left alone until
the owner's change has been heard (FollowUpChanged) — the sweep or that message retries it.
Only objects with the planner's own UIDs, recorded in ``planner_followups``, are touched.
A follow-up keeps its UID for life; each write of changed content carries the next SEQUENCE
(one written again after a removal too, so a subscriber that saw the old version takes it).
Each write is counted (``nextsteps_followups_total`` by action: written, updated, removed).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

from nextsteps_planner.chain import Chain
from nextsteps_planner.records import FollowUpRecord, FollowUpState, InterviewRecord
from nextsteps_planner.store import PlannerStore
from nextsteps_shared.backends.protocol import CalendarWriter, EventRef, Precondition
from nextsteps_shared.errors import PreconditionFailedError
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.ops.metrics import FOLLOWUPS

_log = logging.getLogger(__name__)

WriterOf = Callable[[str], Awaitable[CalendarWriter]]


class Reconciliation:
    """The diff of one interview's chain against what was written, applied."""

    def __init__(self, store: PlannerStore, record: InterviewRecord, writer_of: WriterOf) -> None:
        self._store = store
        self._record = record
        self._writer_of = writer_of
        self.changed = False

    async def apply(self, chain: Chain, target: str) -> bool:
        """Create, update and delete; True when anything in a calendar changed."""
        existing = self._store.followups_of(self._record.event_key)
        wanted = {f.uid for f in chain.wanted}
        if not chain.keep_written:
            for record in existing.values():
                if record.live and record.uid not in wanted:
                    await self._remove(record)
        for followup in chain.wanted:
            await self._ensure(followup, existing.get(followup.uid), target)
        return self.changed

    async def _ensure(self, followup: FollowUp, record: FollowUpRecord | None, target: str) -> None:
        if record is None or record.state is FollowUpState.REMOVED:
            await self._create(followup, record, target)
        elif record.live:
            await self._update(record, record.as_wanted(followup))

    async def _create(self, followup: FollowUp, before: FollowUpRecord | None, target: str) -> None:
        if before is not None:
            followup = followup.model_copy(update={"sequence": before.content.sequence + 1})
        writer = await self._writer_of(target)
        try:
            ref = await writer.put(followup, Precondition(if_none_match=True))
        except PreconditionFailedError:  # an earlier try wrote it and did not live to say so
            ref = await writer.put(followup, Precondition())
        record = FollowUpRecord(
            content=followup,
            account=self._record.account,
            calendar=target,
            state=FollowUpState.WRITTEN,
            written_at=datetime.now(UTC),
            change_revision=before.change_revision if before else 0,
            own_etags=before.own_etags if before else (),
        )
        self._saved(_at(record, ref), "written")

    async def _update(self, record: FollowUpRecord, wanted: FollowUp) -> None:
        if wanted.same_content(record.content):
            return
        wanted = wanted.model_copy(update={"sequence": record.content.sequence + 1})
        writer = await self._writer_of(record.calendar)
        try:
            ref = await writer.put(wanted, Precondition(if_match=record.etag))
        except PreconditionFailedError:
            _log.info("follow-up %s changed in the calendar; update waits", record.uid)
            return
        self._saved(
            _at(replace(record, content=wanted, written_at=datetime.now(UTC)), ref), "updated"
        )

    async def _remove(self, record: FollowUpRecord) -> None:
        writer = await self._writer_of(record.calendar)
        try:
            await writer.delete(record.ref, Precondition(if_match=record.etag))
        except PreconditionFailedError:
            _log.info("follow-up %s changed in the calendar; removal waits", record.uid)
            return
        removed = replace(record, state=FollowUpState.REMOVED, written_at=datetime.now(UTC))
        self._saved(removed, "removed")

    def _saved(self, record: FollowUpRecord, action: str) -> None:
        self._store.save_followup(record)
        self.changed = True
        FOLLOWUPS.labels(action=action).inc()


OWN_ETAGS_KEPT = 8


def _at(record: FollowUpRecord, ref: EventRef) -> FollowUpRecord:
    """``record`` as just written at ``ref`` (its etag remembered as the planner's own)."""
    own = record.own_etags if ref.etag is None else (*record.own_etags, ref.etag)
    return replace(record, object_id=ref.object_id, etag=ref.etag, own_etags=own[-OWN_ETAGS_KEPT:])
