"""Two ingest and two planner replicas as real processes against one nats-server, a real
Radicale with several accounts and one state database (SQLite in the shared data directory,
then PostgreSQL). Interviews arrive in waves; one ingest and one planner are killed (SIGKILL)
in the middle; more interviews arrive and earlier ones are rescheduled. Then: the accounts
were shared by the two ingest replicas, every account kept being polled (the dead replica's
within a lease term and a poll interval), and every interview has exactly the follow-ups a dry
run of its final version plans, none lost, none twice."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.interview_events import Interview, hours_from_now, onsite, screen
from tests.e2e.owner_calendar import OwnerCalendar
from tests.replicas.fleet import OWNER, Fleet
from tests.servers.dav_servers import DavServer

from nextsteps_shared.embedded_nats import EmbeddedNats

ACCOUNTS = 6
LEASE_S = 3.0
POLL_S = 0.5
_NAMES = ["Alder", "Birch", "Cedar", "Damson", "Elm", "Fir", "Gorse", "Hazel", "Ivy", "Juniper"]
_TRADES = ["Health", "Labs", "Freight", "Studios"]


def interview(account: int, number: int) -> Interview:
    """The ``number``-th interview in account ``account``'s calendar: its own employer, in the
    last two days."""
    company = f"{_NAMES[account]} {_TRADES[number]}"
    domain = f"{_NAMES[account].lower()}-{_TRADES[number].lower()}.example"
    start = hours_from_now(-44 + 7 * account + 2 * number)
    uid = f"replicas-{account}-{number}@{domain}"
    if number % 2:
        return screen(uid, company, domain, start)
    return onsite(uid, company, domain, "Data Engineer", start, "Next steps: answer next week.")


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Seconds until ``condition`` held (checked every 0.2 s); fails after ``timeout``."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, f"timed out after {timeout} s: {what}"
        time.sleep(0.2)
    return time.monotonic() - start


@pytest.fixture
def fleet(tmp_path: Path, state_database: str) -> Iterator[Fleet]:
    with EmbeddedNats(tmp_path / "nats") as broker:
        deployment = Fleet(tmp_path, broker.url, state_database, LEASE_S)
        try:
            yield deployment
        finally:
            deployment.stop_all()


def test_killed_replicas_lose_no_account_and_no_follow_up(
    fleet: Fleet, radicale_server: DavServer
) -> None:
    calendars = [OwnerCalendar(radicale_server) for _ in range(ACCOUNTS)]
    for calendar in calendars:
        arguments, stdin = calendar.connect_command(fleet.workdir, OWNER)
        fleet.cli(*arguments, stdin=stdin)
    assert len(fleet.accounts()) == ACCOUNTS
    final: dict[tuple[int, int], Interview] = {}

    def put(account: int, number: int, made: Interview | None = None) -> None:
        made = made or interview(account, number)
        final[account, number] = made
        calendars[account].put(f"{made.uid.split('@')[0]}.ics", made.ics())

    for account in range(ACCOUNTS):
        put(account, 0)
    ingest = [fleet.start("nextsteps-ingest", "--poll-interval", str(POLL_S)) for _ in range(2)]
    planners = [fleet.start("nextsteps-planner") for _ in range(2)]

    def shared() -> bool:
        holders = fleet.holders()
        return len(holders) == ACCOUNTS and set(holders.values()) == {r.pid for r in ingest}

    wait_until(shared, 60, f"both ingest replicas holding accounts\n{fleet.logs()}")
    wait_until(lambda: len(_all_followups(calendars)) >= 4, 90, "the first follow-ups")
    for account in range(ACCOUNTS):  # a second wave while the planners are busy
        put(account, 1)

    holders = fleet.holders()
    victim = max(ingest, key=lambda r: sum(pid == r.pid for pid in holders.values()))
    orphaned = {account for account, pid in holders.items() if pid == victim.pid}
    victim.kill()
    planners[0].kill()
    killed_at = datetime.now(UTC)

    for account in range(ACCOUNTS):  # more interviews, and the first ones rescheduled
        put(account, 2)
        put(account, 0, final[account, 0].moved(hours=3))

    def synced_since_kill() -> bool:
        syncs = fleet.last_syncs()
        return all(when is not None and when > killed_at for when in syncs.values())

    wait_until(synced_since_kill, 60, f"every account polled again\n{fleet.logs()}")
    waited = (datetime.now(UTC) - killed_at).total_seconds()
    assert waited <= LEASE_S + POLL_S + 5.0, f"the dead replica's accounts waited {waited:.1f} s"
    assert set(fleet.holders().values()) == {ingest[1 - ingest.index(victim)].pid}
    assert orphaned, "the killed replica held no account: nothing was taken over"

    expected = _planned(fleet, final)

    def complete() -> bool:
        return _written(calendars, final) == expected

    try:
        wait_until(complete, 120, "every interview's follow-ups")
    except AssertionError:
        assert _written(calendars, final) == expected, fleet.logs()
    for calendar in calendars:
        counts = calendar.chain_counts()
        twice = [key for key, count in counts.items() if count > 1]
        assert not twice, f"written twice: {twice}"
    assert sum(len(chain) for chain in expected.values()) == len(_all_followups(calendars))
    survivors = [r for r in fleet.replicas if r.process.returncode is None]
    assert len(survivors) == 2
    assert all(status == 0 for status in fleet.stop_all().values()), fleet.logs()


def _all_followups(calendars: list[OwnerCalendar]) -> list[object]:
    return [f for calendar in calendars for f in calendar.followups()]


Chain = set[tuple[str, datetime]]


def _written(
    calendars: list[OwnerCalendar], final: dict[tuple[int, int], Interview]
) -> dict[str, Chain]:
    """What each interview's follow-ups in the calendars are: (kind, start) pairs."""
    found: dict[str, Chain] = {made.uid: set() for made in final.values()}
    for calendar in calendars:
        for followup in calendar.followups():
            moment = followup.start.astimezone(UTC)
            found.setdefault(followup.interview, set()).add((followup.kind, moment))
    return found


def _planned(fleet: Fleet, final: dict[tuple[int, int], Interview]) -> dict[str, Chain]:
    """What a dry run (``nextsteps plan``) of each interview's final version plans."""
    document = fleet.workdir / "final.ics"
    document.write_text("".join(made.ics() for made in final.values()))
    planned: dict[str, Chain] = {}
    for line in fleet.cli("plan", str(document), "--json", "--owner", OWNER).splitlines():
        entry: dict[str, Any] = json.loads(line)
        planned[entry["uid"]] = {
            (f["kind"], datetime.fromisoformat(f["start"]).astimezone(UTC))
            for f in entry["followups"]
        }
    return planned
