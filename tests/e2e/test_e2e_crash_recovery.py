"""End to end: both services killed (SIGKILL) in the middle of a stream of interviews and the
pipeline started again: no follow-up lost, none written twice."""

from __future__ import annotations

import subprocess

from tests.e2e.installation import (
    CalendarUnderTest,
    Installation,
    kill_services,
    service_pids,
    wait_until,
)
from tests.e2e.interview_events import Interview, hours_from_now, onsite, screen

_EMPLOYERS = [
    ("Aldergrove Health", "aldergrove.health", "Clinical Data Analyst"),
    ("Brightwater Labs", "brightwater-labs.io", "Data Engineer"),
    ("Cinder & Oak", "cinderoak.co", "Product Designer"),
    ("Driftwood Games", "driftwood.games", "Gameplay Programmer"),
    ("Eastgate Mobility", "eastgate-mobility.com", "Firmware Engineer"),
    ("Fernhill Capital", "fernhill.capital", "Quant Developer"),
    ("Granite Peak Energy", "granitepeak.energy", "Grid Analyst"),
    ("Hollowell Studios", "hollowell.studio", "Video Editor"),
    ("Ironbark Security", "ironbark.security", "Security Engineer"),
    ("Juniper Row", "juniperrow.com", "Frontend Developer"),
    ("Kestrel Aerospace", "kestrel-aero.com", "Test Engineer"),
    ("Lanternfish AI", "lanternfish.ai", "ML Engineer"),
    ("Marrow Bio", "marrowbio.com", "Bioinformatician"),
    ("Northwind Freight", "northwind-freight.com", "Operations Analyst"),
    ("Oakmoss Retail", "oakmoss.shop", "Backend Engineer"),
    ("Pinecrest Schools", "pinecrest.edu", "IT Coordinator"),
]


def _wave(first: int, count: int) -> list[Interview]:
    """Interviews of the last two days, each with another employer (independent chains)."""
    made = []
    for number in range(first, first + count):
        company, domain, role = _EMPLOYERS[number]
        start = hours_from_now(-40 + 2 * number)
        uid = f"crash-{number:02d}-{domain}"
        if number % 2:
            made.append(screen(uid, company, domain, start))
        else:
            made.append(onsite(uid, company, domain, role, start, "Next steps: answer next week."))
    return made


def test_killed_services_lose_nothing_and_duplicate_nothing(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    first, second = _wave(0, 10), _wave(10, 6)
    for interview in first:
        calendar.put(f"{interview.uid}.ics", interview.ics())
    supervisor = nextsteps.start(poll_interval=0.5)
    try:
        wait_until(lambda: len(service_pids(supervisor.pid)) == 2, 30, "both services")
        wait_until(lambda: len(calendar.followups()) >= 3, 60, "the first follow-ups")
        for interview in second:  # more arrive while the planner is busy
            calendar.put(f"{interview.uid}.ics", interview.ics())
        wait_until(lambda: len(calendar.followups()) >= 12, 60, "more follow-ups")
        kill_services(supervisor.pid)
        at_kill = len(calendar.followups())
        assert supervisor.wait(30) != 0  # the supervisor noticed and stopped the rest
    finally:
        _stop(supervisor)

    nextsteps.run_once()
    nextsteps.run_once()
    interviews = [i.uid for i in (*first, *second)]
    counts = calendar.chain_counts()
    assert set(counts.values()) == {1}, f"duplicates: {[k for k, n in counts.items() if n > 1]}"
    lengths = {uid: len(calendar.followups_of(uid)) for uid in interviews}
    assert min(lengths.values()) >= 4, f"follow-ups lost: {lengths}"
    assert sum(lengths.values()) == len(calendar.followups())
    assert at_kill < len(calendar.followups()), "the kill came after all was written"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(30)
