"""``nextsteps status``: per account its state, last sync and error, what ingest found, what the
planner planned and wrote, and its dead letters.

The launcher reads only what it owns (accounts, corrections); each service reports its own
tables through its entry point (``nextsteps-ingest status --json``, ``nextsteps-planner status
--json``), run with the environment ``nextsteps run`` gives them. No broker is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nextsteps_launcher.account_commands import account_store
from nextsteps_launcher.supervisor import service_command, service_environment
from nextsteps_shared.accounts.corrections import ANY_ACCOUNT, Correction, open_correction_store
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.errors import PermanentError
from nextsteps_shared.localzone import system_zone_name
from nextsteps_shared.settings import NextstepsSettings

SERVICES = ("nextsteps-ingest", "nextsteps-planner")
REPORT_TIMEOUT_S = 120.0

Report = dict[str, dict[str, Any]]


def service_reports(settings: NextstepsSettings) -> dict[str, Report]:
    """Each service's ``status --json`` by service name (run side by side)."""
    env = {**os.environ, **service_environment(settings, None)}
    running = {
        name: subprocess.Popen(
            [service_command(name), "status", "--json", "--data-dir", str(settings.data_dir)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in SERVICES
    }
    return {name: _report(name, child) for name, child in running.items()}


def _report(name: str, child: subprocess.Popen[str]) -> Report:
    try:
        out, err = child.communicate(timeout=REPORT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise PermanentError(f"{name} status did not answer in {REPORT_TIMEOUT_S:.0f} s") from None
    if child.returncode != 0:
        last = (err.strip().splitlines() or ["no message"])[-1]
        raise PermanentError(f"{name} status failed ({child.returncode}): {last}")
    accounts: Report = json.loads(out)["accounts"]
    return accounts


def merged(
    accounts: list[Account], corrections: list[Correction], reports: dict[str, Report]
) -> list[dict[str, Any]]:
    """One entry per account: the connected ones first, then any other a service reported
    (a disconnected account's dead letters, ``unknown`` for unreadable subjects)."""
    ingest, planner = reports["nextsteps-ingest"], reports["nextsteps-planner"]
    known = {account.id: account for account in accounts}
    others = sorted((set(ingest) | set(planner)) - set(known))
    return [
        {
            **_account_part(known.get(account_id), account_id),
            **_ingest_part(ingest.get(account_id, {})),
            **_planner_part(planner.get(account_id, {})),
            "corrections": [
                c.model_dump(mode="json")
                for c in corrections
                if c.account in {account_id, ANY_ACCOUNT}
            ],
        }
        for account_id in [*known, *others]
    ]


def _account_part(account: Account | None, account_id: str) -> dict[str, Any]:
    if account is None:
        return {"account": account_id, "connected": False, "state": None, "url": None}
    last_sync = account.last_sync.isoformat() if account.last_sync else None
    return {
        "account": account.id,
        "connected": True,
        "kind": account.kind.value,
        "url": account.url,
        "state": account.state.value,
        "last_sync": last_sync,
        "last_error": account.last_error,
    }


def _ingest_part(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "calendars_synced": report.get("calendars_synced", 0),
        "events_seen": report.get("events_seen", 0),
        "interviews_found": report.get("interviews_found", 0),
        "corrections_pending": report.get("corrections_pending", False),
    }


def _planner_part(report: dict[str, Any]) -> dict[str, Any]:
    followups: dict[str, int] = report.get("followups", {})
    return {
        "interviews_followed": len(report.get("interviews", [])),
        "followups_written": followups.get("in_calendar", 0),
        "followups_upcoming": followups.get("upcoming", 0),
        "followups_moved_by_owner": followups.get("moved_by_owner", 0),
        "followups_deleted_by_owner": followups.get("deleted_by_owner", 0),
        "dead_letters": report.get("dead_letters", 0),
        "latest_dead_letters": report.get("latest_dead_letters", []),
        "interviews": report.get("interviews", []),
    }


def status(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Print the status: a block per account, or one JSON object per account (``--json``)."""
    entries = status_entries(settings)
    if args.json:
        lines: Iterator[str] = (json.dumps(e, sort_keys=True) for e in entries)
    else:
        lines = table(entries, ZoneInfo(settings.owner.timezone or system_zone_name()))
    for line in lines:
        print(line)
    return 0


def status_entries(settings: NextstepsSettings) -> list[dict[str, Any]]:
    """Everything ``nextsteps status`` shows, per account."""
    database = settings.database_url.get_secret_value() if settings.database_url else None
    corrections = open_correction_store(settings.data_dir, database).all()
    accounts = account_store(settings).all()
    return merged(accounts, corrections, service_reports(settings))


def table(entries: list[dict[str, Any]], zone: ZoneInfo) -> Iterator[str]:
    """The readable form: a block per account, times in ``zone``."""
    if not entries:
        yield "No accounts yet: nextsteps connect caldav URL --username USER --password-stdin"
    for entry in entries:
        yield from _block(entry, zone)


def _block(entry: dict[str, Any], zone: ZoneInfo) -> Iterator[str]:
    yield ""
    state = entry["state"] or "not connected"
    synced = _local(entry.get("last_sync"), zone) or "never"
    yield f"{entry['account']}  {entry['url'] or ''}  {state}  last sync: {synced}"
    if entry.get("last_error"):
        yield f"  last error: {entry['last_error']}"
    yield (
        f"  interviews found: {entry['interviews_found']}"
        f" ({entry['interviews_followed']} with follow-ups)"
        f"  follow-ups written: {entry['followups_written']}"
        f" ({entry['followups_upcoming']} upcoming, {entry['followups_moved_by_owner']} moved"
        f" and {entry['followups_deleted_by_owner']} deleted by you)"
        f"  dead letters: {entry['dead_letters']}"
    )
    yield from _interviews(entry["interviews"], zone)
    for letter in entry["latest_dead_letters"]:
        failed = _local(letter["failed_at"], zone)
        yield f"  dead letter ({failed}, {letter['subject']}): {letter['error']}"
    for correction in entry["corrections"]:
        verb = "track" if correction["verdict"] == "interview" else "ignore"
        yield f"  correction: {verb} {correction['uid']} ({_local(correction['at'], zone)})"
    if entry["corrections_pending"]:
        yield "  the corrections changed since the last sync: they apply at the next poll"


def _local(moment: str | None, zone: ZoneInfo) -> str | None:
    """An ISO-8601 moment as the owner reads it (``2026-03-02 10:00``)."""
    return f"{datetime.fromisoformat(moment).astimezone(zone):%Y-%m-%d %H:%M}" if moment else None


def _interviews(interviews: list[dict[str, Any]], zone: ZoneInfo) -> Iterator[str]:
    if interviews:
        yield "  interviews (event UID: 'nextsteps ignore UID' if one is not an interview):"
    for interview in interviews:
        about = " — ".join(p for p in (interview["company"], interview["role"]) if p)
        upcoming = _local(interview["next_followup"], zone)
        yield (
            f"    {_local(interview['start'], zone)}  {about or interview['summary']}"
            f"  {interview['uid']}  follow-ups: {interview['followups_written']}"
            + (f", next {upcoming}" if upcoming else "")
        )
