"""What the planner shows operators on its ops listener (``ops.host``:``ops.planner_port``).

Ready when its database answers, the broker is connected, both streams exist and the durable
consumer ``planner`` is there (the planner made it, or another replica did; the queue or the
consumer group on RabbitMQ and Redis). At each scrape of ``/metrics`` the queue's figures are
read from the broker (JetStream's consumer info on NATS): messages not yet delivered
(``nextsteps_queue_pending_messages``, the queue lag) and delivered but unanswered
(``nextsteps_queue_unacknowledged_messages``; NaN where the broker does not say).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from nextsteps_planner.service import PlannerApp
from nextsteps_shared.ops.listener import OpsListener
from nextsteps_shared.ops.metrics import QUEUE_PENDING, QUEUE_UNACKNOWLEDGED, planner_registry
from nextsteps_shared.ops.readiness import (
    Check,
    Readiness,
    broker_check,
    database_check,
    streams_check,
)
from nextsteps_shared.settings import OpsSettings

QUEUE_TIMEOUT_S: Final = 2.0


def planner_readiness(app: PlannerApp) -> Readiness:
    """The planner's checks: database, broker, streams, consumer."""
    return Readiness(
        {
            "database": database_check(lambda: app.engine),
            "broker": broker_check(lambda: app.broker),
            "streams": streams_check(lambda: app.broker),
            "consumer": _consumer_check(app),
        }
    )


def _consumer_check(app: PlannerApp) -> Check:
    async def check() -> str | None:
        if not await app.broker.ping(timeout=0.5):
            return "unknown: the broker is not connected"
        await app.broker.planner_queue()  # raises when the consumer (group, queue) is missing
        return None

    return check


async def read_queue(app: PlannerApp) -> None:
    """Set the queue gauges from the consumer's info (NaN when the broker does not answer)."""
    try:
        depth = await asyncio.wait_for(app.broker.planner_queue(), QUEUE_TIMEOUT_S)
    except Exception:  # not connected, or no answer: readiness says which
        QUEUE_PENDING.set(math.nan)
        QUEUE_UNACKNOWLEDGED.set(math.nan)
        return
    QUEUE_PENDING.set(depth.waiting)
    QUEUE_UNACKNOWLEDGED.set(math.nan if depth.unanswered is None else depth.unanswered)


@asynccontextmanager
async def ops_served(app: PlannerApp, settings: OpsSettings) -> AsyncIterator[OpsListener]:
    """The planner's ops listener, listening while the block runs."""
    listener = OpsListener(
        "planner",
        planner_readiness(app),
        planner_registry(),
        before_scrape=lambda: read_queue(app),
    )
    await listener.start(settings.host, settings.planner_port, "ops.planner_port")
    try:
        yield listener
    finally:
        await listener.stop()
