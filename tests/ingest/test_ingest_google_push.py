"""Google push on the emulator: ingest opens a channel per watched calendar, a notification
makes it poll that account long before its poll interval, a forged one wakes nothing, channels
are renewed before they expire, and ``nextsteps disconnect`` stops them."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from tests.google_emulator.control import GoogleEmulator
from tests.google_emulator.faults import Fault
from tests.ingest.calendar_texts import interview, soon
from tests.ingest.ingest_harness import KEY, OWNER, read_published
from tests.ingest.test_ingest_google import connect_google, put_interview

from nextsteps_ingest.push_keeper import PushKeeper
from nextsteps_ingest.service import IngestService, create_app
from nextsteps_shared.accounts.model import Account, AccountState
from nextsteps_shared.settings import NextstepsSettings, load_settings

UID = "push-interview-1@brightwave.io"
CLI = Path(sys.executable).with_name("nextsteps")
HOUR = 3600.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def push_settings(data_dir: Path, broker: str, **google: object) -> NextstepsSettings:
    """An installation with push: the webhook on a free loopback port, reached directly."""
    port = _free_port()
    return load_settings(
        data_dir,
        broker_url=broker,
        encryption_key=KEY,
        owner={"addresses": [OWNER], "timezone": "Europe/Berlin"},
        google={
            "webhook_url": f"http://127.0.0.1:{port}/google/push",
            "webhook_port": port,
            **google,
        },
    )


async def _started(settings: NextstepsSettings) -> IngestService:
    app = create_app(settings, poll_interval=HOUR, publish_timeout=5.0)
    await app.start()
    return app


async def _until(condition: object, what: str) -> None:
    """Wait (bounded) for ``condition()`` to hold; the bound only keeps a broken run finite."""
    assert callable(condition)
    for _ in range(300):
        if await condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


def test_a_notification_polls_the_account_before_its_interval(
    google_emulator: GoogleEmulator, tmp_path: Path, nats_url: str
) -> None:
    settings = push_settings(tmp_path / "data", nats_url)
    account, _ = connect_google(settings, google_emulator)

    async def run() -> None:
        app = await _started(settings)
        stop = asyncio.Event()
        serving = asyncio.create_task(app.serve(stop))
        try:
            await _until(lambda: _booked(app, account), "a channel was opened and booked")
            await asyncio.to_thread(put_interview, google_emulator, interview(UID, soon()))

            async def published() -> bool:
                return bool(await read_published(nats_url, account.id))

            await _until(published, "the interview was published after the notification")
        finally:
            stop.set()
            await serving
            await app.close()

    asyncio.run(run())
    (channel,) = google_emulator.channels
    assert channel.open and channel.calendar_id == google_emulator.user
    assert channel.address == settings.google.webhook_url
    assert [d.state for d in channel.deliveries] == ["sync", "exists"]
    assert all(d.status == 200 for d in channel.deliveries)


async def _booked(app: IngestService, account: Account) -> bool:
    return app.push is not None and bool(app.push.book.of_account(account.id))


def test_a_notification_with_a_wrong_token_wakes_nothing(
    google_emulator: GoogleEmulator, tmp_path: Path, nats_url: str
) -> None:
    settings = push_settings(tmp_path / "data", nats_url)
    account, _ = connect_google(settings, google_emulator)

    async def run() -> list[tuple[int, set[str]]]:
        app = await _started(settings)
        try:
            await app.poll_round()
            assert app.push is not None
            (channel,) = app.push.book.of_account(account.id)
            answers = []
            for token, state in [
                ("forged", "exists"),
                (channel.token, "sync"),
                (channel.token, "exists"),
            ]:
                headers = {
                    "X-Goog-Channel-ID": channel.id,
                    "X-Goog-Channel-Token": token,
                    "X-Goog-Resource-ID": channel.resource_id,
                    "X-Goog-Resource-State": state,
                }
                answers.append((await _post(settings, headers), set(app._woken)))
            return answers
        finally:
            await app.close()

    forged, sync, change = asyncio.run(run())
    assert forged == (404, set())
    assert sync == (200, set())
    assert change == (200, {account.id})


async def _post(settings: NextstepsSettings, headers: dict[str, str]) -> int:
    assert settings.google.webhook_url is not None
    url = settings.google.webhook_url
    async with aiohttp.ClientSession() as session, session.post(url, headers=headers) as answer:
        return answer.status


def test_a_channel_near_its_end_is_renewed_and_the_old_one_stopped(
    google_emulator: GoogleEmulator, tmp_path: Path, nats_url: str
) -> None:
    settings = push_settings(tmp_path / "data", nats_url)
    account, _ = connect_google(settings, google_emulator)

    async def run() -> None:
        app = await _started(settings)
        try:
            await app.poll_round()
            assert app.push is not None
            secret = app._store().secret(account.id)
            later = datetime.now(UTC) + timedelta(days=6, hours=12)
            keeper = PushKeeper(app.push.book, settings.google, clock=lambda: later)
            await keeper.keep(_stored(app, account), secret)
            await app.push.keep(_stored(app, account), secret)  # today: nothing to renew
            (kept,) = app.push.book.of_account(account.id)
            assert kept.id == google_emulator.channels[1].id
        finally:
            await app.close()

    asyncio.run(run())
    old, new = google_emulator.channels
    assert old.stopped and new.open and len(google_emulator.channels) == 2


def _stored(app: IngestService, account: Account) -> Account:
    return app._store().get(account.id)


def test_disconnect_stops_the_accounts_channels(
    google_emulator: GoogleEmulator, tmp_path: Path, nats_url: str
) -> None:
    data_dir = tmp_path / "data"
    settings = push_settings(data_dir, nats_url)
    account, _ = connect_google(settings, google_emulator)

    async def run() -> None:
        app = await _started(settings)
        try:
            await app.poll_round()
        finally:
            await app.close()

    asyncio.run(run())
    (channel,) = google_emulator.channels
    assert channel.open
    env = {**os.environ, "NEXTSTEPS_ENCRYPTION_KEY": KEY, "NEXTSTEPS_NO_KEYRING": "1"}
    result = subprocess.run(
        [str(CLI), "disconnect", account.id, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Stopped 1 push channel(s)." in result.stdout
    assert channel.stopped


def test_a_failed_watch_never_stops_polling_and_is_tried_again(
    google_emulator: GoogleEmulator, tmp_path: Path, nats_url: str
) -> None:
    settings = push_settings(tmp_path / "data", nats_url, max_tries=1)
    account, _ = connect_google(settings, google_emulator)
    google_emulator.fail_next(Fault.BACKEND_ERROR, method_id="calendar.events.watch")

    async def run() -> list[list[str]]:
        app = await _started(settings)
        try:
            first = await app.poll_round()
            opened_first = len(google_emulator.channels)
            second = await app.poll_round()
            return [first.synced, [str(opened_first)], second.synced]
        finally:
            await app.close()

    assert asyncio.run(run()) == [[account.id], ["0"], [account.id]]
    (channel,) = google_emulator.channels
    assert channel.open


def test_pausing_an_account_stops_its_channels(
    google_emulator: GoogleEmulator, tmp_path: Path, nats_url: str
) -> None:
    settings = push_settings(tmp_path / "data", nats_url)
    account, _ = connect_google(settings, google_emulator)

    async def run() -> int:
        app = await _started(settings)
        try:
            await app.poll_round()
            app._store().set_state(account.id, AccountState.PAUSED)
            await app.poll_round()
            assert app.push is not None
            return len(app.push.book.of_account(account.id))
        finally:
            await app.close()

    assert asyncio.run(run()) == 0
    (channel,) = google_emulator.channels
    assert channel.stopped
