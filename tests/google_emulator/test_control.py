"""The handle's own promises: seeding, reset, and the emulator running as its own process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from tests.google_emulator.control import GoogleEmulator
from tests.google_emulator.errors import ApiError

EVENT = {"start": {"date": "2030-01-01"}, "end": {"date": "2030-01-02"}}


def test_seeding_is_checked_and_skips_http(google_emulator: GoogleEmulator) -> None:
    ids = google_emulator.seed_events([EVENT | {"summary": f"e{n}"} for n in range(300)])
    assert len(set(ids)) == 300
    assert google_emulator.requests() == []
    assert google_emulator.event(ids[0]) is not None
    with pytest.raises(ApiError):
        google_emulator.seed_events([{"summary": "no times"}])
    with pytest.raises(ApiError):
        google_emulator.seed_events([EVENT | {"colour": "red"}])


def test_reset_forgets_everything(google_emulator: GoogleEmulator) -> None:
    google_emulator.seed_events([EVENT])
    google_emulator.add_calendar("Extra")
    google_emulator.allow_anonymous()
    google_emulator.reset()
    assert google_emulator.events() == []
    assert list(google_emulator.state.store.calendars) == [google_emulator.user]
    assert not google_emulator.state.grants.permissive


def test_runs_as_a_process_with_http_controls(repo_root: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.google_emulator"],
        cwd=repo_root,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        announced = json.loads(child.stdout.readline())
        seed = f"{announced['base_url']}/_emulator/calendars/{announced['user']}/events"
        seeded = requests.post(seed, json=[EVENT, EVENT], timeout=10)
        assert seeded.status_code == 200 and len(seeded.json()["ids"]) == 2
        refused = requests.post(seed, json=[{"summary": "no times"}], timeout=10)
        assert refused.status_code == 400
        token = requests.post(
            announced["token_uri"],
            data={
                "grant_type": "refresh_token",
                "refresh_token": announced["refresh_token"],
                "client_id": announced["client_id"],
                "client_secret": announced["client_secret"],
            },
            timeout=10,
        ).json()["access_token"]
        listed = requests.get(
            f"{announced['api_endpoint']}calendars/primary/events",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert len(listed.json()["items"]) == 2
        summary = requests.get(f"{announced['base_url']}/_emulator/requests", timeout=10).json()
        assert summary == {
            "requests": 1,
            "quotaUnits": 1,
            "byMethod": {"calendar.events.list": 1},
        }
    finally:
        child.terminate()
        assert child.wait(timeout=10) == 0
