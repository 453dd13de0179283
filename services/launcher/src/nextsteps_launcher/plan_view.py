"""How a dry run is shown: JSON Lines for scripts, a readable table for people."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from nextsteps_shared.dry_run import DryRun, PlannedEvent
from nextsteps_shared.event import CalendarEvent


def json_lines(run: DryRun) -> Iterator[str]:
    """One JSON object per VEVENT, in file order."""
    for planned in run.events:
        yield json.dumps(_as_json(planned), ensure_ascii=False)


def _as_json(planned: PlannedEvent) -> dict[str, Any]:
    event, verdict = planned.event, planned.recognition
    return {
        "uid": event.uid,
        "recurrence_id": event.recurrence_id.isoformat() if event.recurrence_id else None,
        "start": _start(event),
        "is_interview": verdict.is_interview,
        "company": verdict.company if verdict.is_interview else None,
        "role": verdict.role if verdict.is_interview else None,
        "stage": verdict.stage if verdict.is_interview else None,
        "next_steps_due": planned.next_steps_due.isoformat() if planned.next_steps_due else None,
        "anchor": planned.anchor.isoformat() if planned.anchor else None,
        "followups": [
            {"kind": f.kind.value, "start": f.start.isoformat(), "summary": f.summary}
            for f in planned.followups
        ],
    }


def _start(event: CalendarEvent) -> str:
    return event.start.date().isoformat() if event.all_day else event.start.isoformat()


def _at(event: CalendarEvent, moment: datetime) -> str:
    return moment.date().isoformat() if event.all_day else moment.isoformat()[:16]


def table(run: DryRun) -> Iterator[str]:
    """A readable listing: every event on one line, each interview's follow-ups below it."""
    found = sum(1 for p in run.events if p.recognition.is_interview)
    yield f"{len(run.events)} events, {found} interviews, {len(run.skipped)} skipped"
    for planned in run.events:
        yield from _rows(planned)


def _rows(planned: PlannedEvent) -> Iterator[str]:
    event, verdict = planned.event, planned.recognition
    mark = "INTERVIEW" if verdict.is_interview else "-        "
    yield f"{_start(event)[:16]:<16}  {mark}  {event.summary[:70]}"
    if not verdict.is_interview:
        return
    due = planned.next_steps_due.isoformat() if planned.next_steps_due else "not noted"
    yield (
        f"{'':16}  employer: {verdict.company or '?'} · role: {verdict.role or '?'}"
        f" · stage: {verdict.stage or '?'} · hear back by: {due}"
    )
    if planned.anchor is not None:
        yield f"{'':16}  recurring: planned from the occurrence of {_at(event, planned.anchor)}"
    for followup in planned.followups:
        yield f"{'':16}    {followup.start.isoformat()[:16]}  {followup.summary}"
