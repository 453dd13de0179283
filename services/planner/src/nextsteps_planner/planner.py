"""The planner's work on a batch of messages, and the sweep (DESIGN.md §2, §3).

Every unit of work (a batch of messages, or one interview in the sweep) runs under one lock and
in one database transaction, so the consumer and the sweep never interleave on the same
follow-ups. A batch first keeps every message's change, then reconciles each touched interview
once (see :mod:`work_unit`). Planner replicas on one database are kept off each other's
interviews by the unit's transaction (:mod:`interview_lock`). A message's calendar writes and
their records are done (and committed) before it is acknowledged; the accounts whose follow-ups
changed are noted, and their follow-up files (a view of the stored records) are rewritten by
:meth:`Planner.export_pending`, which the service calls shortly after and when it stops (one
rewrite per burst of messages instead of one per message: a file holds every follow-up of
the account, and rendering it for every message would make a long queue quadratic). The same
rendering is the account's published feed (:mod:`publication`).

Within one unit of work, what does not change while it runs is looked up once (:class:`Lookups`):
the accounts, the calendar writers (opening one decrypts the account's secret) and the
interviews of an employer (looked up only once every message's change is kept; reconciling
writes follow-ups, never another interview).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from nextsteps_planner.calendars import CalendarSource, target_of
from nextsteps_planner.chain import is_active, plan_chain
from nextsteps_planner.interview_lock import InterviewBusyError
from nextsteps_planner.owner_edits import heard
from nextsteps_planner.publication import Publication
from nextsteps_planner.reconciliation import Reconciliation
from nextsteps_planner.records import InterviewRecord, gone, seen
from nextsteps_planner.store import PlannerStore
from nextsteps_planner.work_unit import WorkUnit
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.backends.protocol import CalendarWriter
from nextsteps_shared.errors import NextstepsError
from nextsteps_shared.event import parse_instance_key
from nextsteps_shared.ical.followup_writer import UID_SUFFIX
from nextsteps_shared.interview import Interview
from nextsteps_shared.messages import FollowUpChanged, InterviewSnapshot, Message
from nextsteps_shared.ops.metrics import count_error
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
    instances: dict[str, frozenset[datetime]] = field(default_factory=dict)  # by series UID


class Planner:
    """Applies messages to the stored interviews and the calendars."""

    def __init__(
        self,
        settings: NextstepsSettings,
        store: PlannerStore,
        accounts: AccountStore,
        calendars: CalendarSource,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.lock = asyncio.Lock()
        self._accounts = accounts
        self._calendars = calendars
        self._clock = clock or _utc_now
        self._dirty: set[str] = set()  # accounts whose follow-up files are out of date
        self._lookups = Lookups()
        self.publication = Publication(
            settings.data_dir,
            self._clock,
            alarm_minutes_before=settings.policy.alarm_minutes_before,
            refresh=timedelta(minutes=settings.publish.refresh_minutes),
        )

    async def handle(self, message: Message) -> None:
        """Apply one message (a batch of one); raises what it failed with."""
        (error,) = await self.handle_all([message])
        if error is not None:
            raise error

    async def handle_all(self, messages: Sequence[Message]) -> list[BaseException | None]:
        """Apply a batch: every message's change kept, then each interview it touched (and
        every interview of an employer whose picture changed) reconciled once, all in one
        transaction. Returns per message None (done: written and stored) or its error; the
        interviews of failed messages are as they were before (see :mod:`work_unit`).
        The follow-up files follow with :meth:`export_pending`.

        The caller holds :attr:`lock` (the consumer decides under it whether to begin)."""
        self._lookups = Lookups()
        unit = WorkUnit()
        with self.store.unit():
            self.store.hold_interviews(
                m.event_key for m in messages if not isinstance(m, FollowUpChanged)
            )
            for index, message in enumerate(messages):
                try:
                    self._take(index, message, unit)
                except Exception as err:
                    unit.failed(index, err)
            await self._reconcile_unit(unit)
            for key, before in unit.to_restore().items():
                self.store.restore_interview(key, before)
        return unit.outcomes(len(messages))

    async def sweep(self) -> int:
        """Recompute every active chain; returns how many interviews were looked at."""
        self._lookups = Lookups()  # what the last unit looked up may have been put back since
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
        """Publish the follow-ups of ``accounts``: their files and feeds."""
        for account in sorted(accounts):
            self.publication.publish(account, self.store.current_followups(account))

    def export_pending(self) -> None:
        """Rewrite the files of the accounts whose follow-ups changed since the last call."""
        dirty, self._dirty = self._dirty, set()
        self.export(dirty)

    def export_all(self) -> None:
        """Rewrite every account's file (at start: a file left behind by a crash is renewed)."""
        self.export(set(self.store.accounts()))

    # -- messages -------------------------------------------------------------------------

    def _take(self, index: int, message: Message, unit: WorkUnit) -> None:
        """Keep what ``message`` changes and note what must be reconciled."""
        if isinstance(message, FollowUpChanged):
            self._owner_changed(index, message, unit)
            return
        if isinstance(message, InterviewSnapshot) and message.event.uid.endswith(UID_SUFFIX):
            _log.warning("ignored: %s is a follow-up nextsteps wrote", message.event_key)
            return
        record = self.store.interview(message.event_key)
        if record is not None and not record.is_newer(message):
            return
        if isinstance(message, InterviewSnapshot):
            self._account(message.account)  # an unknown account fails before anything is kept
            after = seen(record, message)
        else:
            after = gone(record, message)
        self.store.save_interview(after)
        unit.changed(index, record, after)
        instance = parse_instance_key(after.event_key)
        if instance is not None:  # a moved or cancelled instance changes its series' anchor
            unit.reconcile(instance[0], index)

    def _owner_changed(self, index: int, message: FollowUpChanged, unit: WorkUnit) -> None:
        record = self.store.followup(message.followup_uid.removesuffix(UID_SUFFIX))
        updated = None if record is None else heard(record, message)
        if record is None or updated is None:
            return
        self.store.save_followup(updated)
        self._dirty.add(record.account)
        unit.reconcile(record.content.interview_key, index)

    # -- chains ---------------------------------------------------------------------------

    async def _reconcile_unit(self, unit: WorkUnit) -> None:
        """Reconcile every interview the unit touched, once, in key order; a failure fails
        the messages that asked for it."""
        causes = {key: set(indices) for key, indices in unit.causes.items()}
        for company, indices in unit.companies.items():
            for other in self._same_employer(company):
                causes.setdefault(other.event_key, set()).update(indices)
        for key in sorted(causes):
            if not self.store.try_hold_interview(key):  # another planner is on it now
                unit.failed_all(causes[key], InterviewBusyError(f"{key}: planned elsewhere"))
                continue
            record = self.store.interview(key)  # as the last unit of any planner left it
            if record is None:
                continue
            try:
                await self._reconcile(record)
            except Exception as err:
                unit.failed_all(causes[key], err)

    async def _reconcile(self, record: InterviewRecord) -> None:
        if record.interview is None:
            return
        account = self._account(record.account)
        others = [
            other.interview
            for other in (self._same_employer(record.company) if record.company else [])
            if other.event_key != record.event_key and other.interview is not None
        ]
        overrides = self._overrides([record.interview, *others])
        chain = plan_chain(
            record, account, others, self.settings, self._clock(), overrides=overrides
        )

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
        with self.store.unit():
            if self.store.try_hold_interview(key):  # else another planner is on it now
                await self._sweep_unit(key)

    async def _sweep_unit(self, key: str) -> None:
        record = self.store.interview(key)
        if record is None or not (record.removed or self._active(record)):
            return
        try:
            await self._reconcile(record)
        except NextstepsError as err:  # the next sweep or message tries again
            count_error("sweep", err)
            _log.warning("sweep: interview %s: %s", key, err)
        except Exception as err:
            count_error("sweep", err)
            _log.exception("sweep: interview %s failed", key)

    def _active(self, record: InterviewRecord) -> bool:
        interviews = [] if record.interview is None else [record.interview]
        overrides = self._overrides(interviews)
        return is_active(record, self.settings, self._clock(), overrides=overrides)

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

    def _overrides(self, interviews: Sequence[Interview]) -> dict[str, frozenset[datetime]]:
        """The instants of each series among ``interviews`` that are interviews of their own
        (moved) or removed (cancelled): never occurrences of the series."""
        known = self._lookups.instances
        for uid in {i.event.uid for i in interviews if i.event.is_series} - known.keys():
            found = (parse_instance_key(key) for key in self.store.instance_keys(uid))
            known[uid] = frozenset(i[1] for i in found if i is not None and i[0] == uid)
        return known

    async def _writer(self, account: Account, url: str) -> CalendarWriter:
        known = self._lookups.writers
        if (account.id, url) not in known:
            known[account.id, url] = await self._calendars.writer(account, url)
        return known[account.id, url]
