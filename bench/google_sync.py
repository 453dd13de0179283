"""Benchmark: syncing a 10,000-event Google calendar through GoogleCalendar, on the emulator.

Run: .venv/bin/python bench/google_sync.py [--events N]

The Calendar v3 emulator (tests/google_emulator) runs in this process on a loopback port and is
seeded in bulk (no HTTP). Then, through google-api-python-client with real OAuth against the
emulator's token endpoint, and the default ``google`` settings (pacing included):

1. ``GoogleCalendar.changes(None)``: the initial sync (every page, read into CalendarEvents);
2. ``changes(state)`` with nothing changed: the no-change poll;
3. the baseline, in the same run: the bare client paging through the same listing with
   Google's default page size (250, what a client that does not ask gets), nothing read.

Printed per step: API requests and quota units (the emulator's request log: Calendar charges
one unit per request), seconds, and the page size asked for. Targets: a no-change poll is one
request; the initial sync uses the largest page size Google serves (2,500).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nextsteps_shared.backends.google_calendar import PAGE_SIZE, GoogleCalendar
from nextsteps_shared.backends.google_client import GoogleClient
from nextsteps_shared.backends.google_pacer import pacer_for
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.settings import GoogleSettings
from servers import use_test_helpers
from synthetic_calendar import events

if TYPE_CHECKING:
    from tests.google_emulator.control import GoogleEmulator


@dataclass(frozen=True)
class Step:
    """One measured step."""

    name: str
    requests: int
    quota: int
    seconds: float
    page_size: str
    items: int


def bodies(items: list[CalendarEvent]) -> Iterator[dict[str, Any]]:
    """The synthetic events as Google Event bodies (ids chosen by Google)."""
    for event in items:
        yield {
            "iCalUID": event.uid,
            "summary": event.summary,
            "description": event.description,
            "start": {"dateTime": event.start.isoformat(), "timeZone": event.timezone},
            "end": {"dateTime": event.end.isoformat(), "timeZone": event.timezone},
            "attendees": [{"email": p.email} for p in event.attendees],
        }


def measured(google: GoogleEmulator, name: str, page_size: str, run: Any) -> Step:
    """Run ``run()`` and read what it cost from the emulator's log."""
    google.state.log.clear()
    started = time.perf_counter()
    items = run()
    seconds = time.perf_counter() - started
    return Step(name, len(google.requests()), google.quota_units(), seconds, page_size, items)


def _bare(google: GoogleEmulator) -> int:
    """Every item through the bare client at Google's default page size."""
    service = google.client()
    request, count = service.events().list(calendarId="primary"), 0
    while request is not None:
        answer = request.execute()
        count += len(answer["items"])
        request = service.events().list_next(request, answer)
    return count


def run(count: int) -> list[Step]:
    use_test_helpers()
    from tests.google_emulator.control import running_google_emulator

    with running_google_emulator() as google:
        started = time.perf_counter()
        google.seed_events(bodies(events(count)))
        print(f"seeded {count} events in {time.perf_counter() - started:.1f} s (no HTTP)")
        settings = GoogleSettings()
        client = GoogleClient(google.client(), settings, pacer=pacer_for("bench", settings))
        calendar = GoogleCalendar(client, "primary", default_tz="Europe/Berlin")
        first = asyncio.run(calendar.changes(None))
        google.state.log.clear()  # the timed runs below start from a warm client
        return [
            measured(google, "initial sync", str(PAGE_SIZE), lambda: _sync(calendar, None)),
            measured(
                google, "no-change poll", str(PAGE_SIZE), lambda: _sync(calendar, first.next_state)
            ),
            measured(google, "baseline: bare listing", "250 (default)", lambda: _bare(google)),
        ]


def _sync(calendar: GoogleCalendar, state: Any) -> int:
    return len(asyncio.run(calendar.changes(state)).upserts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    count = parser.parse_args().events
    steps = run(count)
    print(
        f"{'step':<26} {'requests':>8} {'quota':>6} {'seconds':>8} {'page size':>14} {'events':>7}"
    )
    for step in steps:
        print(
            f"{step.name:<26} {step.requests:>8} {step.quota:>6} {step.seconds:>8.3f} "
            f"{step.page_size:>14} {step.items:>7}"
        )
    initial, poll, bare = steps
    print(
        f"initial sync: {bare.requests / initial.requests:.1f}x fewer requests than the default "
        f"page size; {initial.seconds / bare.seconds:.2f}x the bare listing's time "
        "(reading every event included)"
    )
    print(f"no-change poll: {poll.requests} request(s) (target 1)")


if __name__ == "__main__":
    main()
