"""Ingest polls at most ``[ingest] poll_concurrency`` accounts at once."""

from __future__ import annotations

import asyncio

from tests.ingest.ingest_harness import OwnerCalendar, connect

from nextsteps_ingest.service import create_app
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.settings import NextstepsSettings


def test_a_round_polls_at_most_poll_concurrency_accounts_at_once(
    settings: NextstepsSettings,
) -> None:
    ingest = settings.ingest.model_copy(update={"poll_concurrency": 3})
    limited = settings.model_copy(update={"ingest": ingest})
    accounts = {connect(limited, OwnerCalendar.fresh("memory", None)).id for _ in range(7)}
    busy, most = 0, 0

    async def slow_sync(account: Account) -> None:
        nonlocal busy, most
        busy += 1
        most = max(most, busy)
        await asyncio.sleep(0.05)
        busy -= 1

    async def run() -> list[str]:
        app = create_app(limited, poll_interval=60.0)
        await app.start()
        app.sync_account = slow_sync  # type: ignore[method-assign]
        try:
            return (await app.poll_round()).synced
        finally:
            await app.close()

    assert set(asyncio.run(run())) == accounts
    assert most == 3
