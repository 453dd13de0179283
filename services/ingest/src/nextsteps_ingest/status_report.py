"""``nextsteps-ingest status``: what ingest knows per account, read from its own tables only.

Read-only: a database where ingest never ran reports no accounts (nothing is created).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, RowMapping, case, func, inspect, select

from nextsteps_ingest.account_sync import corrections_mark
from nextsteps_ingest.ledger import calendar_state, corrections_seen, events
from nextsteps_ingest.record import RecordKind
from nextsteps_shared.accounts.corrections import CorrectionStore, corrections


def ingest_status(engine: Engine) -> dict[str, dict[str, Any]]:
    """Per account: calendars synced, events seen, interviews found (and announced to the
    planner), follow-ups seen, the UIDs of the interviews found, and whether the owner's
    corrections changed since its calendars were last read (they apply at the next poll)."""
    tables = inspect(engine)
    if not (tables.has_table(events.name) and tables.has_table(calendar_state.name)):
        return {}
    report: dict[str, dict[str, Any]] = {}
    with engine.connect() as db:
        for account, calendars in db.execute(_CALENDARS):
            _entry(report, account)["calendars_synced"] = calendars
        for row in db.execute(_COUNTS).mappings():
            _entry(report, row["account"]).update({key: int(row[key] or 0) for key in _COUNTED})
        for account, uid in db.execute(_INTERVIEW_UIDS):
            _entry(report, account)["interview_uids"].append(uid)
        if tables.has_table(corrections_seen.name):
            _pending(engine, db.execute(select(corrections_seen)).mappings(), report)
    return report


def _pending(
    engine: Engine, marks: Iterable[RowMapping], report: dict[str, dict[str, Any]]
) -> None:
    store = CorrectionStore(engine) if inspect(engine).has_table(corrections.name) else None
    current: dict[str, str] = {}
    for row in marks:
        account = row["account"]
        if account not in current:
            current[account] = corrections_mark(store.for_account(account)) if store else ""
        if row["mark"] != current[account]:
            _entry(report, account)["corrections_pending"] = True


_COUNTED = ("events_seen", "interviews_found", "interviews_announced", "followups_seen")
_IS_INTERVIEW = events.c.kind == RecordKind.INTERVIEW.value
_CALENDARS = select(calendar_state.c.account, func.count()).group_by(calendar_state.c.account)
_COUNTS = select(
    events.c.account,
    func.count().label("events_seen"),
    func.sum(case((_IS_INTERVIEW, 1), else_=0)).label("interviews_found"),
    func.sum(case((_IS_INTERVIEW & events.c.revision.is_not(None), 1), else_=0)).label(
        "interviews_announced"
    ),
    func.sum(case((events.c.kind == RecordKind.FOLLOWUP.value, 1), else_=0)).label(
        "followups_seen"
    ),
).group_by(events.c.account)
_INTERVIEW_UIDS = (
    select(events.c.account, events.c.uid)
    .where(_IS_INTERVIEW)
    .distinct()
    .order_by(events.c.account, events.c.uid)
)


def _entry(report: dict[str, dict[str, Any]], account: str) -> dict[str, Any]:
    if account not in report:
        report[account] = {
            "calendars_synced": 0,
            **dict.fromkeys(_COUNTED, 0),
            "interview_uids": [],
            "corrections_pending": False,
        }
    return report[account]
