"""Ingest when things go wrong: the broker down mid-round, refused credentials, backoff."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
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
from tests.servers.dav_servers import DavServer

from nextsteps_ingest.backoff import Backoff
from nextsteps_ingest.ledger import Ledger
from nextsteps_ingest.service import IngestService, RoundReport, create_app
from nextsteps_shared.accounts.model import AccountState
from nextsteps_shared.embedded_nats import EmbeddedNats
from nextsteps_shared.errors import SettingsError
from nextsteps_shared.settings import NextstepsSettings, load_settings

UID = "b61d0e9a-final-round@brightwave.io"


def test_the_broker_down_during_publish_commits_nothing_and_the_next_round_publishes(
    tmp_path: Path,
) -> None:
    with EmbeddedNats(tmp_path / "broker") as broker:
        settings = ingest_settings(tmp_path / "data", broker.url)
        calendar = OwnerCalendar.fresh("memory", None)
        calendar.store("final.ics", interview(UID, soon()))
        account = connect(settings, calendar)
        ledger = Ledger(open_state(settings))

        async def outage_then_recovery() -> tuple[RoundReport, RoundReport, RoundReport]:
            app = create_app(settings, poll_interval=0.01, publish_timeout=1.0)
            await app.start()
            try:
                broker.stop()
                during = await app.poll_round()
                assert ledger.state(account.id, calendar.url) is None
                broker.start()
                after = await _until_synced(app)
                return during, after, await app.poll_round()
            finally:
                await app.close()

        during, after, quiet = asyncio.run(outage_then_recovery())
        messages = published(broker.url, account.id)

    assert during.broker_failed
    assert account.id in during.failed
    assert after.synced == [account.id]
    assert quiet.synced == [account.id]
    assert kinds(messages)[-1] == ("interview_snapshot", UID)
    assert {m.kind for m in messages} == {"interview_snapshot"}  # a retry, never a loss
    assert ledger.state(account.id, calendar.url) is not None
    stored = account_store(settings).get(account.id)
    assert stored.last_error is None


async def _until_synced(app: IngestService, tries: int = 20) -> RoundReport:
    for _ in range(tries):
        await asyncio.sleep(0.25)
        report = await app.poll_round()
        if report.synced:
            return report
    raise AssertionError("the account never synced after the broker came back")


def test_refused_credentials_ask_for_a_reconnect_and_other_accounts_go_on(
    radicale_server: DavServer, settings: NextstepsSettings, nats_url: str
) -> None:
    refused = OwnerCalendar.fresh("radicale", radicale_server)
    refused.store("final.ics", interview(UID, soon()))
    fine = OwnerCalendar.fresh("memory", None)
    fine.store("final.ics", interview(UID, soon()))
    locked_out = connect(settings, refused, password="not-the-password")
    other = connect(settings, fine)

    (report,) = poll(settings)
    poll(settings)  # an account that needs a reconnect is not tried again

    store = account_store(settings)
    stored = store.get(locked_out.id)
    assert stored.state is AccountState.NEEDS_RECONNECT
    assert stored.last_error is not None
    assert "401" in stored.last_error
    assert "nextsteps connect" in stored.last_error
    assert "not-the-password" not in stored.last_error
    assert report.synced == [other.id]
    assert list(report.failed) == [locked_out.id]
    assert published(nats_url, locked_out.id) == []
    assert kinds(published(nats_url, other.id)) == [("interview_snapshot", UID)]


def test_an_unreachable_calendar_is_recorded_and_retried_with_backoff(
    settings: NextstepsSettings, xandikos_server: DavServer
) -> None:
    gone = OwnerCalendar.fresh("xandikos", xandikos_server)
    gone.url = "http://127.0.0.1:9/calendars/work/"  # nothing listens on port 9
    account = connect(settings, gone)

    async def two_rounds() -> tuple[RoundReport, RoundReport, int]:
        app = create_app(settings, poll_interval=30.0)
        await app.start()
        try:
            first = await app.poll_round()
            second = await app.poll_round()  # backing off: not tried again yet
            return first, second, app.backoff.failures(account.id)
        finally:
            await app.close()

    first, second, failures = asyncio.run(two_rounds())

    assert list(first.failed) == [account.id]
    assert second.failed == {}
    assert second.synced == []
    assert failures == 1
    stored = account_store(settings).get(account.id)
    assert stored.state is AccountState.ACTIVE
    assert stored.last_error is not None
    assert "TransientError" in stored.last_error


def test_backoff_grows_exponentially_with_jitter_up_to_a_cap_and_resets() -> None:
    now = [0.0]
    backoff = Backoff(2.0, 60.0, rng=random.Random(7), clock=lambda: now[0])

    waits = [backoff.failed("a") for _ in range(8)]

    for failures, wait in enumerate(waits, start=1):
        ceiling = min(60.0, 2.0 * 2 ** (failures - 1))
        assert ceiling / 2 <= wait <= ceiling
    assert len(set(waits)) == len(waits)  # jittered, not a fixed ladder
    assert not backoff.due("a")
    assert backoff.due("b")
    now[0] += waits[-1]
    assert backoff.due("a")
    backoff.succeeded("a")
    assert backoff.failures("a") == 0
    assert backoff.failed("a") <= 2.0


def test_the_service_refuses_to_start_without_a_broker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEXTSTEPS_BROKER_URL", raising=False)
    settings = load_settings(tmp_path, encryption_key="x" * 12)
    app = create_app(settings)
    with pytest.raises(SettingsError, match="NEXTSTEPS_BROKER_URL"):
        asyncio.run(app.start())
