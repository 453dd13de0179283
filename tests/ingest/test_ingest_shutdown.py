"""Stopping ingest mid-round (what SIGTERM does) stores nothing of the round it abandoned: a
poll stopped while its publishes wait for the broker's acknowledgement keeps the old sync state
and records no sync, so the next start reads the same change again and it reaches the queue."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from tests.ingest.calendar_texts import interview, soon
from tests.ingest.ingest_harness import (
    OwnerCalendar,
    account_store,
    connect,
    ingest_settings,
    kinds,
    open_state,
    poll,
    published,
)

from nextsteps_ingest.ledger import Ledger
from nextsteps_ingest.service import create_app
from nextsteps_shared.embedded_nats import EmbeddedNats
from nextsteps_shared.ops.metrics import ingest_registry

UID = "77ab-brightwave-sigterm@ats.example"


def _recognised() -> float:
    found = ingest_registry().get_sample_value(
        "nextsteps_interviews_recognised_total", {"kind": "memory"}
    )
    return found or 0.0


def test_a_round_stopped_while_publishing_stores_no_sync_state(tmp_path: Path) -> None:
    broker = EmbeddedNats(tmp_path / "broker")
    broker.start()
    try:
        settings = ingest_settings(tmp_path / "data", broker.url)
        calendar = OwnerCalendar.fresh("memory", None)
        account = connect(settings, calendar)
        poll(settings)  # an empty calendar read: its sync state stored
        ledger = Ledger(open_state(settings))
        state = ledger.state(account.id, calendar.url)

        async def stopped_while_publishing() -> tuple[int, float, datetime | None]:
            app = create_app(settings)
            await app.start()
            await app.poll_round()  # nothing new; this replica holds the account's lease
            synced_at = account_store(settings).get(account.id).last_sync
            calendar.store("sigterm.ics", interview(UID, soon()))
            broker.stop()  # the next round's publish waits for an acknowledgement in vain
            before = _recognised()
            stop = asyncio.Event()
            serving = asyncio.create_task(app.serve(stop))
            for _ in range(100):  # until the round has read the interview and is publishing
                if _recognised() > before:
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)
            stop.set()
            status = await asyncio.wait_for(serving, 10)
            recognised = _recognised() - before
            broker.start()
            await app.close()
            return status, recognised, synced_at

        status, recognised, synced_at = asyncio.run(stopped_while_publishing())
        assert (status, recognised) == (0, 1)  # it read the interview and was publishing it
        assert ledger.state(account.id, calendar.url) == state
        assert account_store(settings).get(account.id).last_sync == synced_at

        (report,) = poll(settings)  # the next start reads the change again
        assert report.synced == [account.id]
        assert ("interview_snapshot", UID) in kinds(published(broker.url, account.id))
    finally:
        broker.stop()
