"""``nextsteps-planner status``: what the planner holds per account, from its own tables only.

Read-only: a database where the planner never ran reports no accounts (nothing is created).
Per account: the interviews it follows (with their event UIDs, for ``nextsteps ignore``), its
follow-ups by state (``in_calendar``: written or moved by the owner, so in the calendar now;
``upcoming``: of those, not yet due),
and the dead letters it published (how many, and the latest few).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, case, func, inspect, select
from sqlalchemy.engine import Connection

from nextsteps_planner.records import LIVE, FollowUpState
from nextsteps_planner.tables import dead_letters, followups, interviews
from nextsteps_shared.interview import Interview

LATEST_DEAD_LETTERS = 3
_LIVE = [state.value for state in LIVE]


def planner_status(engine: Engine, now: datetime) -> dict[str, dict[str, Any]]:
    """Per account: interviews followed, follow-up counts, dead letters (see the module)."""
    tables = inspect(engine)
    report: dict[str, dict[str, Any]] = {}
    with engine.connect() as db:
        if tables.has_table(interviews.name) and tables.has_table(followups.name):
            _interviews(db, report, now)
            _followups(db, report, now)
        if tables.has_table(dead_letters.name):
            _dead_letters(db, report)
    return report


def _entry(report: dict[str, dict[str, Any]], account: str) -> dict[str, Any]:
    if account not in report:
        report[account] = {
            "interviews": [],
            "followups": {"in_calendar": 0, "upcoming": 0}
            | {state.value: 0 for state in FollowUpState},
            "dead_letters": 0,
            "latest_dead_letters": [],
        }
    return report[account]


def _interviews(db: Connection, report: dict[str, dict[str, Any]], now: datetime) -> None:
    live = followups.c.state.in_(_LIVE)
    counts = (
        select(
            followups.c.interview_key,
            func.count().label("written"),
            func.min(case((followups.c.start > now, followups.c.start))).label("next"),
        )
        .where(live)
        .group_by(followups.c.interview_key)
        .subquery()
    )
    query = (
        select(interviews.c.account, interviews.c.snapshot, counts.c.written, counts.c.next)
        .outerjoin(counts, counts.c.interview_key == interviews.c.event_key)
        .where(interviews.c.removed.is_(False), interviews.c.snapshot.is_not(None))
        .order_by(interviews.c.account, interviews.c.event_key)
    )
    for account, snapshot, written, upcoming in db.execute(query):
        interview = Interview.model_validate_json(snapshot)
        _entry(report, account)["interviews"].append(_described(interview, written, upcoming))


def _described(
    interview: Interview, written: int | None, upcoming: datetime | None
) -> dict[str, Any]:
    event = interview.event
    return {
        "uid": event.uid,
        "event_key": event.key,
        "start": event.start.isoformat(),
        "summary": event.summary,
        "company": interview.company,
        "role": interview.role,
        "followups_written": written or 0,
        "next_followup": upcoming.isoformat() if upcoming else None,
    }


def _followups(db: Connection, report: dict[str, dict[str, Any]], now: datetime) -> None:
    upcoming = func.sum(case((followups.c.start > now, 1), else_=0))
    query = select(followups.c.account, followups.c.state, func.count(), upcoming).group_by(
        followups.c.account, followups.c.state
    )
    for account, state, count, ahead in db.execute(query):
        counts = _entry(report, account)["followups"]
        counts[state] = count
        if state in _LIVE:
            counts["in_calendar"] += count
            counts["upcoming"] += int(ahead or 0)


def _dead_letters(db: Connection, report: dict[str, dict[str, Any]]) -> None:
    totals = select(dead_letters.c.account, func.count()).group_by(dead_letters.c.account)
    for account, count in db.execute(totals):
        _entry(report, account)["dead_letters"] = count
    ranked = select(
        dead_letters,
        func.row_number()
        .over(partition_by=dead_letters.c.account, order_by=dead_letters.c.id.desc())
        .label("rank"),
    ).subquery()
    latest = select(ranked).where(ranked.c.rank <= LATEST_DEAD_LETTERS).order_by(ranked.c.id)
    for row in db.execute(latest).mappings():
        _entry(report, row["account"])["latest_dead_letters"].append(
            {
                "subject": row["subject"],
                "error": row["error"],
                "attempts": row["attempts"],
                "failed_at": row["failed_at"].isoformat(),
            }
        )
