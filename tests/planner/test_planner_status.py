"""``nextsteps-planner status``: what the planner holds per account, dead letters included;
the planner run against SQLite and against PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.planner.planner_world import PlannerWorld, next_monday

from nextsteps_planner.status_report import LATEST_DEAD_LETTERS, planner_status
from nextsteps_shared.database import open_database


def test_status_counts_followups_interviews_and_dead_letters(
    tmp_path: Path, nats_url: str, state_database: str
) -> None:
    world = PlannerWorld(tmp_path, nats_url, state_database)
    world.connect()
    world.publish(world.interview("robotics-40", next_monday()))
    world.publish(world.interview("robotics-41", next_monday(15), company="Fjord Dynamics"))
    for number in range(LATEST_DEAD_LETTERS + 1):
        world.publish_raw(f'{{"kind": "not_a_kind_{number}"}}'.encode())
    world.run_planner()
    world.publish(world.removed("robotics-41"))  # after its snapshot was applied
    world.run_planner()

    engine = open_database(state_database)
    report = planner_status(engine, datetime.now(UTC))[world.account_id]

    assert [i["uid"] for i in report["interviews"]] == ["robotics-40"]
    (held,) = report["interviews"]
    assert held["company"] == "Lindqvist Robotics"
    assert held["followups_written"] == report["followups"]["in_calendar"] >= 3
    assert report["followups"]["upcoming"] == report["followups"]["in_calendar"]
    assert datetime.fromisoformat(held["next_followup"]) > datetime.now(UTC)
    assert report["followups"]["removed"] >= 3  # robotics-41's chain, taken away
    assert report["dead_letters"] == LATEST_DEAD_LETTERS + 1
    latest = report["latest_dead_letters"]
    assert len(latest) == LATEST_DEAD_LETTERS
    assert all(letter["error"].startswith("UnreadableMessageError") for letter in latest)
    assert all(letter["attempts"] == 1 for letter in latest)


def test_status_of_a_database_the_planner_never_used_is_empty(state_database: str) -> None:
    engine = open_database(state_database)
    assert planner_status(engine, datetime.now(UTC)) == {}
