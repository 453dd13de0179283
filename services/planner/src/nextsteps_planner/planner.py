"""The planner's work on one message, and the sweep (DESIGN.md §2, §3).

Every unit of work (a message, or one interview in the sweep) runs under one lock, so the
consumer and the sweep never interleave on the same follow-ups. A message's calendar writes and
their records are done before it is acknowledged; the accounts whose follow-ups changed are
noted, and their follow-up files (a view of the stored records) are rewritten by
:meth:`Planner.export_pending`, which the service calls shortly after and when it stops (one
rewrite per burst of messages instead of one per message: a file holds every follow-up of
the account, and rendering it for every message would make a long queue quadratic).

Within one unit of work, what does not change while it runs is looked up once (:class:`Lookups`):
the accounts, the calendar writers (opening one decrypts the account's secret) and the
interviews of an employer (a unit writes follow-ups, never another interview).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from nextsteps_planner.calendars import CalendarSource, target_of
from nextsteps_planner.chain import is_active, plan_chain
from nextsteps_planner.followup_file import write_followup_file
from nextsteps_planner.owner_edits import heard
from nextsteps_planner.reconciliation import Reconciliation
from nextsteps_planner.records import InterviewRecord, gone, same_footprint, seen
from nextsteps_planner.store import PlannerStore
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.backends.protocol import CalendarWriter
from nextsteps_shared.errors import NextstepsError
from nextsteps_shared.ical.followup_writer import UID_SUFFIX
from nextsteps_shared.messages import (
    FollowUpChanged,
    InterviewRemoved,
    InterviewSnapshot,
    Message,
)
from nextsteps_shared.settings import NextstepsSettings

_log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Lookups:
    """What one unit of work has looked up already (thrown away when the unit ends)."""

    accounts: dict[str, Account] = field(default_factory=dict)
    writers: dict[tuple[str, str], CalendarWriter] = field(default_factory=dict)
    employers: dict[str, list[InterviewRecord]] = field(default_factory=dict)


class Planner:
    """Applies messages to the stored interviews and the calendars."""

    def __init__(
        self,
        settings: NextstepsSettings,
        store: PlannerStore,
        accounts: AccountStore,
        calendars: CalendarSource,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.settings = settings
        self.store = store
        self.lock = asyncio.Lock()
        self._accounts = accounts
        self._calendars = calendars
        self._clock = clock
        self._dirty: set[str] = set()  # accounts whose follow-up files are out of date
        self._lookups = Lookups()

    async def handle(self, message: Message) -> None:
        """Apply one message: its effects written to the calendars and stored (the follow-up
        files follow with :meth:`export_pending`).

        The caller holds :attr:`lock` (the consumer decides under it whether to begin)."""
        self._lookups = Lookups()
        if isinstance(message, InterviewSnapshot):
            await self._seen(message)
        elif isinstance(message, InterviewRemoved):
            await self._gone(message)
        else:
            await self._owner_changed(message)

    async def sweep(self) -> int:
        """Recompute every active chain; returns how many interviews were looked at."""
        keys = [r.event_key for r in self.store.live_interviews() if self._active(r)]
        keys += self.store.removed_with_live_followups()  # a removal cut short by a crash
        for key in keys:
            async with self.lock:
                await self._sweep_one(key)
        return len(keys)

    async def close(self) -> None:
        """Close the calendar clients."""
        await self._calendars.close()

    def export(self, accounts: set[str]) -> None:
        """Rewrite the follow-up files of ``accounts``."""
        for account in sorted(accounts):
            write_followup_file(
                self.settings.data_dir,
                account,
                self.store.current_followups(account),
                self._clock(),
                self.settings.policy.alarm_minutes_before,
            )

    def export_pending(self) -> None:
        """Rewrite the files of the accounts whose follow-ups changed since the last call."""
        dirty, self._dirty = self._dirty, set()
        self.export(dirty)

    def export_all(self) -> None:
        """Rewrite every account's file (at start: a file left behind by a crash is renewed)."""
        self.export(set(self.store.accounts()))

    # -- messages -------------------------------------------------------------------------

    async def _seen(self, message: InterviewSnapshot) -> None:
        if message.event.uid.endswith(UID_SUFFIX):
            _log.warning("ignored: %s is a follow-up nextsteps wrote", message.event_key)
            return
        record = self.store.interview(message.event_key)
        if record is not None and not record.is_newer(message):
            return
        self._account(message.account)  # an unknown account fails before anything is kept
        await self._apply(record, seen(record, message))

    async def _gone(self, message: InterviewRemoved) -> None:
        record = self.store.interview(message.event_key)
        if record is not None and not record.is_newer(message):
            return
        await self._apply(record, gone(record, message))

    async def _apply(self, before: InterviewRecord | None, after: InterviewRecord) -> None:
        """Keep ``after`` and bring the chains to it; when that fails, ``before`` is put back,
        so the retried message is still newer and redoes what is missing."""
        self.store.save_interview(after)
        try:
            await self._replan(after, before)
        except BaseException:
            self.store.restore_interview(after.event_key, before)
            raise

    async def _owner_changed(self, message: FollowUpChanged) -> None:
        record = self.store.followup(message.followup_uid.removesuffix(UID_SUFFIX))
        updated = None if record is None else heard(record, message)
        if record is None or updated is None:
            return
        self.store.save_followup(updated)
        self._dirty.add(record.account)
        interview = self.store.interview(record.content.interview_key)
        if interview is not None:
            await self._reconcile(interview)

    # -- chains ---------------------------------------------------------------------------

    async def _replan(self, record: InterviewRecord, before: InterviewRecord | None) -> None:
        """Reconcile ``record`` and, when what the others see of it changed, every interview
        with the same employer (before or now)."""
        await self._reconcile(record)
        if before is not None and same_footprint(before, record):
            return
        previous = before.company if before else None
        for company in sorted(c for c in {record.company, previous} if c is not None):
            for other in self._same_employer(company):
                if other.event_key != record.event_key:
                    await self._reconcile(other)

    async def _reconcile(self, record: InterviewRecord) -> None:
        if record.interview is None:
            return
        account = self._account(record.account)
        others = [
            other.interview
            for other in (self._same_employer(record.company) if record.company else [])
            if other.event_key != record.event_key and other.interview is not None
        ]
        chain = plan_chain(record, account, others, self.settings, self._clock())

        async def writer_of(url: str) -> CalendarWriter:
            return await self._writer(account, url)

        reconciliation = Reconciliation(self.store, record, writer_of)
        try:
            await reconciliation.apply(chain, target_of(account, record.calendar))
        finally:
            if reconciliation.changed:
                self._dirty.add(record.account)

    async def _sweep_one(self, key: str) -> None:
        self._lookups = Lookups()
        record = self.store.interview(key)
        if record is None or not (record.removed or self._active(record)):
            return
        try:
            await self._reconcile(record)
        except NextstepsError as err:  # the next sweep or message tries again
            _log.warning("sweep: interview %s: %s", key, err)
        except Exception:
            _log.exception("sweep: interview %s failed", key)

    def _active(self, record: InterviewRecord) -> bool:
        return is_active(record, self.settings, self._clock())

    # -- looked up once per unit of work --------------------------------------------------

    def _account(self, account_id: str) -> Account:
        known = self._lookups.accounts
        if account_id not in known:
            known[account_id] = self._accounts.get(account_id)
        return known[account_id]

    def _same_employer(self, company: str) -> list[InterviewRecord]:
        known = self._lookups.employers
        if company not in known:
            known[company] = self.store.same_employer(company)
        return known[company]

    async def _writer(self, account: Account, url: str) -> CalendarWriter:
        known = self._lookups.writers
        if (account.id, url) not in known:
            known[account.id, url] = await self._calendars.writer(account, url)
        return known[account.id, url]
