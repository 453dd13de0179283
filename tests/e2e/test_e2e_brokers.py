"""End to end on the other brokers: the interview lifecycle and the crash-recovery scenario,
on Radicale, with RabbitMQ and with Redis Streams instead of the private nats-server (the
real ``nextsteps`` CLI and services, the machine's RabbitMQ and Redis, names of the test's
own). The rest of the end-to-end suite runs on NATS only, to keep CI short: the delivery
guarantees themselves are tested on every broker in tests/planner/test_planner_brokers.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.e2e.installation import CalendarUnderTest, Installation
from tests.e2e.owner_calendar import OwnerCalendar
from tests.e2e.test_e2e_crash_recovery import (
    test_killed_services_lose_nothing_and_duplicate_nothing as crash_recovery,
)
from tests.e2e.test_e2e_interview_lifecycle import (
    test_an_outcome_or_a_later_interview_closes_the_chain as outcome_closes_the_chain,
)
from tests.e2e.test_e2e_interview_lifecycle import (
    test_followups_appear_without_attendees_and_are_never_interviews as followups_appear,
)
from tests.e2e.test_e2e_interview_lifecycle import (
    test_rescheduled_moves_cancelled_and_deleted_remove as rescheduled_moves,
)
from tests.servers.brokers import BrokerUnderTest
from tests.servers.dav_servers import DavServer

pytestmark = pytest.mark.parametrize("broker", ["rabbit", "redis"], indirect=True)


@pytest.fixture
def calendar(radicale_server: DavServer) -> CalendarUnderTest:
    """A new, empty calendar on Radicale."""
    return OwnerCalendar(radicale_server)


@pytest.fixture
def nextsteps(tmp_path: Path, calendar: CalendarUnderTest, broker: BrokerUnderTest) -> Installation:
    """The installation, on ``broker``."""
    return Installation(tmp_path / "data", calendar, broker)


def test_followups_appear_on_the_broker(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    followups_appear(nextsteps, calendar)


def test_rescheduled_moves_on_the_broker(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    rescheduled_moves(nextsteps, calendar)


def test_outcome_closes_the_chain_on_the_broker(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    outcome_closes_the_chain(nextsteps, calendar)


def test_killed_services_lose_nothing_on_the_broker(
    nextsteps: Installation, calendar: CalendarUnderTest
) -> None:
    crash_recovery(nextsteps, calendar)
