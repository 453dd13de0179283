"""What ingest shows operators on its ops listener (``ops.host``:``ops.ingest_port``).

Ready when its database answers, the broker is connected and both streams exist; before
``IngestService.start`` has connected, and while the broker is away (nats-py reconnects by
itself), it is not, and ``/readyz`` says which part.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nextsteps_ingest.service import IngestService
from nextsteps_shared.ops.listener import OpsListener
from nextsteps_shared.ops.metrics import ingest_registry
from nextsteps_shared.ops.readiness import Readiness, broker_check, database_check, streams_check
from nextsteps_shared.settings import OpsSettings


def ingest_readiness(app: IngestService) -> Readiness:
    """Ingest's checks: database, broker, streams."""
    return Readiness(
        {
            "database": database_check(lambda: app.engine),
            "broker": broker_check(lambda: app.broker),
            "streams": streams_check(lambda: app.broker),
        }
    )


@asynccontextmanager
async def ops_served(app: IngestService, settings: OpsSettings) -> AsyncIterator[OpsListener]:
    """Ingest's ops listener, listening while the block runs."""
    listener = OpsListener("ingest", ingest_readiness(app), ingest_registry())
    await listener.start(settings.host, settings.ingest_port, "ops.ingest_port")
    try:
        yield listener
    finally:
        await listener.stop()
