"""A recurring interview: its chain hangs off the newest occurrence and moves as they pass.

A weekly pairing series of five Mondays, the third taken out by an EXDATE and the fourth
cancelled (a removal of its instance key, as ingest publishes it). The planner runs against
a real nats-server with its clock fixed at chosen moments; each run starts with the sweep,
which is what moves a chain when no message arrives.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.planner.planner_world import PlannerWorld, next_monday

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.messages import InterviewRemoved, InterviewSnapshot, SourceKind

UID = "trial-week-pairing@lindqvist-robotics.example"
NOTE = "Write down the next steps"


@pytest.fixture
def world(tmp_path: Path, nats_url: str) -> PlannerWorld:
    planner_world = PlannerWorld(tmp_path, nats_url)
    planner_world.connect()
    return planner_world


def _series(world: PlannerWorld, first: datetime, exdate: datetime) -> InterviewSnapshot:
    single = world.interview(UID, first)
    event = single.event.model_copy(update={"rrule": "FREQ=WEEKLY;COUNT=5", "exdates": (exdate,)})
    interview = single.interview.model_copy(update={"event": event})
    return single.model_copy(update={"interview": interview})


def _cancelled(world: PlannerWorld, instance: datetime) -> InterviewRemoved:
    return InterviewRemoved(
        account=world.account_id,
        calendar=world.work,
        source=SourceKind.MEMORY,
        event_key=f"{UID}#{instance.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        revision=world.revision(),
        observed_at=datetime.now(UTC),
        reason="cancelled",
    )


def _followups(world: PlannerWorld) -> list[CalendarEvent]:
    return [e for e in world.events() if e.uid.endswith("@nextsteps")]


def _note(world: PlannerWorld) -> CalendarEvent:
    (note,) = [e for e in _followups(world) if e.summary.startswith(NOTE)]
    return note


def _chasing(world: PlannerWorld) -> list[CalendarEvent]:
    return [e for e in _followups(world) if e.summary.startswith("Follow up")]


def test_the_chain_moves_to_the_newest_occurrence_and_skips_the_ones_taken_out(
    world: PlannerWorld,
) -> None:
    weeks = [next_monday() + timedelta(weeks=n) for n in range(5)]
    now = [weeks[0] + timedelta(hours=2)]
    world.publish(_series(world, weeks[0], exdate=weeks[2]), _cancelled(world, weeks[3]))
    world.run_planner(clock=lambda: now[0])

    first_note = _note(world)
    assert weeks[0] + timedelta(hours=1) <= first_note.start < weeks[1]
    assert _chasing(world) == []  # the series goes on: the next Monday is the answer
    uids = {e.uid for e in _followups(world)}

    now[0] = weeks[1] + timedelta(hours=2)  # the second Monday is over: the sweep moves on
    world.run_planner(clock=lambda: now[0])
    assert _note(world).uid == first_note.uid
    assert weeks[1] + timedelta(hours=1) <= _note(world).start < weeks[2]
    # with the third Monday excluded and the fourth cancelled, the fifth is the next one
    assert _chasing(world)
    assert all(weeks[1] < e.start < weeks[4] for e in _chasing(world))

    now[0] = weeks[3] + timedelta(hours=2)  # neither taken-out Monday becomes the anchor
    world.run_planner(clock=lambda: now[0])
    assert weeks[1] + timedelta(hours=1) <= _note(world).start < weeks[2]

    now[0] = weeks[4] + timedelta(hours=2)  # the last Monday: the whole chain after it
    world.run_planner(clock=lambda: now[0])
    written = _followups(world)
    assert all(e.start >= weeks[4] + timedelta(hours=1) for e in written)
    assert len(_chasing(world)) == 3  # follow up, and again twice
    # the first follow-ups were moved, not doubled: one chain of five, under the same UIDs
    assert uids <= {e.uid for e in written}
    assert len(written) == len({e.uid for e in written}) == 5


def test_a_series_with_every_occurrence_taken_out_has_no_chain(world: PlannerWorld) -> None:
    monday = next_monday()
    series = _series(world, monday, exdate=monday)
    event = series.event.model_copy(update={"rrule": "FREQ=WEEKLY;COUNT=2"})
    interview = series.interview.model_copy(update={"event": event})
    world.publish(series.model_copy(update={"interview": interview}))
    world.run_planner(clock=lambda: monday - timedelta(days=1))
    assert _followups(world)  # the second Monday is left

    world.publish(_cancelled(world, monday + timedelta(weeks=1)))
    world.run_planner(clock=lambda: monday - timedelta(days=1))
    assert _followups(world) == []
