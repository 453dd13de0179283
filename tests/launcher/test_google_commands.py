"""`nextsteps connect google` run as a person runs it (the console script, no terminal), against
the Calendar v3 emulator in this process: --token-file, --api-endpoint and its setting, the
choices, the --no-browser consent with the test as the person's browser, and --reconnect."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import requests
from google.auth.transport.requests import Request
from tests.google_emulator.control import GoogleEmulator

from nextsteps_shared.accounts.connection import DEDICATED_NAME
from nextsteps_shared.accounts.google_grant import DEDICATED_SCOPES, EVENTS_SCOPES
from nextsteps_shared.accounts.model import AccountState
from nextsteps_shared.accounts.store import open_account_store

CLI = Path(sys.executable).with_name("nextsteps")
ENV = {"NEXTSTEPS_NO_KEYRING": "1", "PATH": "/usr/bin"}


def _nextsteps(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args, "--data-dir", str(data_dir)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=ENV | (env or {}),
    )


def _token_file(
    google: GoogleEmulator, folder: Path, scopes: Sequence[str] = EVENTS_SCOPES
) -> Path:
    """An authorized-user JSON with a live access token, as google-auth writes it."""
    credentials = google.credentials(scopes=scopes)
    credentials.refresh(Request())  # type: ignore[no-untyped-call]
    path = folder / "token.json"
    path.write_text(credentials.to_json())  # type: ignore[no-untyped-call]
    google.state.log.clear()
    return path


def _accounts(data_dir: Path) -> list[dict[str, object]]:
    result = _nextsteps(data_dir, "accounts", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _connect(google: GoogleEmulator, data_dir: Path, *extra: str) -> str:
    token = _token_file(google, data_dir.parent)
    result = _nextsteps(
        data_dir,
        "connect",
        "google",
        "--token-file",
        str(token),
        *extra,
        "--api-endpoint",
        google.api_endpoint,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("as account ", 1)[1].split(".", 1)[0]


def test_a_token_file_is_checked_once_and_stored_encrypted(
    google_emulator: GoogleEmulator, tmp_path: Path
) -> None:
    google_emulator.add_calendar("Work")
    token = _token_file(google_emulator, tmp_path)
    data = tmp_path / "data"
    result = _nextsteps(
        data,
        "connect",
        "google",
        "--token-file",
        str(token),
        "--api-endpoint",
        google_emulator.api_endpoint.rstrip("/"),
    )
    assert result.returncode == 0, result.stderr
    assert f"{google_emulator.user}: watched\n  Work: not watched" in result.stdout
    assert "into the calendar that holds each interview" in result.stdout
    assert [(r.method_id, r.status) for r in google_emulator.requests()] == [
        ("calendar.calendarList.list", 200)  # the file's access token, no refresh
    ]
    (listed,) = _accounts(data)
    assert (listed["kind"], listed["url"], listed["username"]) == (
        "google",
        google_emulator.api_endpoint,
        google_emulator.user,
    )
    assert listed["owner_addresses"] == [google_emulator.user]
    grant = json.loads(token.read_text())
    database = (data / "nextsteps.sqlite3").read_bytes()
    assert grant["refresh_token"].encode() not in database
    assert grant["token"].encode() not in database
    stored = open_account_store(data, None, None).secret(str(listed["id"]))
    assert stored is not None
    assert json.loads(stored)["refresh_token"] == grant["refresh_token"]
    assert json.loads(stored)["token_uri"] == google_emulator.token_uri


def test_the_api_endpoint_setting_is_the_default(
    google_emulator: GoogleEmulator, tmp_path: Path
) -> None:
    token = _token_file(google_emulator, tmp_path)
    endpoint = {"NEXTSTEPS_GOOGLE__API_ENDPOINT": google_emulator.api_endpoint}
    data = tmp_path / "data"
    result = _nextsteps(data, "connect", "google", "--token-file", str(token), env=endpoint)
    assert result.returncode == 0, result.stderr
    assert _accounts(data)[0]["url"] == google_emulator.api_endpoint


def test_chosen_calendars_and_a_new_one_for_follow_ups(
    google_emulator: GoogleEmulator, tmp_path: Path
) -> None:
    work = google_emulator.add_calendar("Work")
    token = _token_file(google_emulator, tmp_path, DEDICATED_SCOPES)
    data = tmp_path / "data"
    result = _nextsteps(
        data,
        "connect",
        "google",
        "--token-file",
        str(token),
        "--watch",
        "Work",
        "--write-to",
        "new",
        "--owner",
        "me@example.org",
        "--api-endpoint",
        google_emulator.api_endpoint,
    )
    assert result.returncode == 0, result.stderr
    assert f"Follow-ups will be written into '{DEDICATED_NAME}'" in result.stdout
    created = [
        c for c in google_emulator.state.store.calendars.values() if c.summary == DEDICATED_NAME
    ]
    assert len(created) == 1
    (listed,) = _accounts(data)
    calendars = {c["url"]: c for c in listed["calendars"]}  # type: ignore[attr-defined]
    assert calendars[work]["watch"] and calendars[created[0].id]["watch"]
    assert not calendars[google_emulator.user]["watch"]
    assert listed["owner_addresses"] == ["me@example.org"]


def test_without_a_terminal_a_browser_consent_is_not_waited_for(
    google_emulator: GoogleEmulator, tmp_path: Path
) -> None:
    result = _nextsteps(
        tmp_path, "connect", "google", "--api-endpoint", google_emulator.api_endpoint
    )
    assert result.returncode == 2
    assert "--no-browser" in result.stderr and "--token-file" in result.stderr
    assert _accounts(tmp_path) == []


def test_a_missing_oauth_client_says_how_to_make_one(tmp_path: Path) -> None:
    result = _nextsteps(tmp_path, "connect", "google", "--no-browser")
    assert result.returncode == 2
    assert str(tmp_path / "google_client_secret.json") in result.stderr
    assert "'Desktop app'" in result.stderr


def _paste_consent(
    google: GoogleEmulator, data_dir: Path, *args: str
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run a --no-browser consent as the person would: open the printed address, paste the
    address the browser ends on. Returns the finished process and the consent address."""
    secrets = data_dir.parent / "client.json"
    secrets.write_text(json.dumps(google.client_config()))
    command = [str(CLI), "connect", "google", "--no-browser", "--client-secrets", str(secrets)]
    with subprocess.Popen(
        [*command, *args, "--data-dir", str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    ) as process:
        assert process.stdout is not None and process.stdin is not None
        printed: list[str] = []
        while not (line := process.stdout.readline()).startswith("Paste"):
            assert line, f"no consent address printed: {printed}"
            printed.append(line)
        address = next(s.strip() for s in printed if s.strip().startswith("http"))
        landed = requests.get(address, allow_redirects=False, timeout=10).headers["Location"]
        out, err = process.communicate(landed + "\n", timeout=60)
    return subprocess.CompletedProcess(command, process.returncode, out, err), address


def test_the_no_browser_consent_end_to_end(google_emulator: GoogleEmulator, tmp_path: Path) -> None:
    data = tmp_path / "data"
    done, address = _paste_consent(
        google_emulator, data, "--api-endpoint", google_emulator.api_endpoint
    )
    assert done.returncode == 0, done.stderr
    assert "Permissions granted: calendar.events, calendar.calendarlist.readonly." in done.stdout
    assert "scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcalendar.events+" in address
    (listed,) = _accounts(data)
    assert listed["username"] == google_emulator.user


def test_a_reconnect_keeps_the_account_and_wakes_it(
    google_emulator: GoogleEmulator, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    account = _connect(google_emulator, data, "--watch", google_emulator.user)
    store = open_account_store(data, None, None)
    old = json.loads(store.secret(account) or "")
    google_emulator.revoke(old["refresh_token"])
    store.set_state(account, AccountState.NEEDS_RECONNECT, "Google refused the stored grant")
    done, address = _paste_consent(google_emulator, data, "--reconnect", account)
    assert done.returncode == 0, done.stderr
    assert f"Reconnected {account} ({google_emulator.user})" in done.stdout
    assert "login_hint=candidate%40example.com" in address
    (listed,) = _accounts(data)
    assert (listed["id"], listed["state"], listed["last_error"]) == (account, "active", None)
    assert json.loads(store.secret(account) or "")["refresh_token"] != old["refresh_token"]


def test_a_reconnect_as_another_google_account_is_refused(
    google_emulator: GoogleEmulator, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    account = _connect(google_emulator, data)
    google_emulator.add_user("someone.else@example.com")
    other = google_emulator.credentials("someone.else@example.com", EVENTS_SCOPES)
    token = tmp_path / "other.json"
    token.write_text(other.to_json())  # type: ignore[no-untyped-call]
    result = _nextsteps(
        data, "connect", "google", "--reconnect", account, "--token-file", str(token)
    )
    assert result.returncode == 2
    assert "you signed in as someone.else@example.com" in result.stderr
    refused = _nextsteps(data, "connect", "google", "--reconnect", account, "--watch", "Work")
    assert refused.returncode == 2 and "--reconnect keeps" in refused.stderr


def test_with_a_terminal_it_asks_and_the_browser_answers_on_a_loopback_port(
    google_emulator: GoogleEmulator, tmp_path: Path
) -> None:
    """The default flow in a real terminal (a pty): where follow-ups go, the consent in "the
    browser" ($BROWSER: a script that follows the address as a browser would, in the
    background), which calendars to watch."""
    google_emulator.add_calendar("Work")
    browser = tmp_path / "browser"
    browser.write_text(
        f"#!/bin/sh\n{sys.executable} -c 'import requests, sys; "
        f'requests.get(sys.argv[1], timeout=30)\' "$1" >/dev/null 2>&1 &\n'
    )
    browser.chmod(0o755)
    secrets = tmp_path / "client.json"
    secrets.write_text(json.dumps(google_emulator.client_config()))
    data = tmp_path / "data"
    with _Terminal(
        [str(CLI), "connect", "google", "--client-secrets", str(secrets), "--api-endpoint",
         google_emulator.api_endpoint, "--data-dir", str(data)],
        ENV | {"BROWSER": str(browser)},
    ) as terminal:  # fmt: skip
        terminal.answer("Choose 1, 2 or 3", "2")
        terminal.answer("Watch which calendars", "1 2")
        shown = terminal.finish()
    assert terminal.status == 0, shown
    assert "http://127.0.0.1" in shown and "Waiting for Google's answer" in shown
    assert f"Follow-ups will be written into '{DEDICATED_NAME}'" in shown
    assert (
        "Permissions granted: calendar.events.readonly, calendar.app.created, "
        "calendar.calendarlist.readonly." in shown
    )
    (listed,) = _accounts(data)
    watched = [c["name"] for c in listed["calendars"] if c["watch"]]  # type: ignore[attr-defined]
    assert watched == [google_emulator.user, "Work", DEDICATED_NAME]


class _Terminal:
    """A command in a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self._master, slave = pty.openpty()
        self._process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env)
        os.close(slave)
        self._shown = ""
        self.status: int | None = None

    def __enter__(self) -> _Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(timeout=10)
        os.close(self._master)

    def answer(self, prompt: str, typed: str) -> None:
        while prompt not in self._shown:
            assert self._read(), f"the command ended before asking {prompt!r}:\n{self._shown}"
        os.write(self._master, typed.encode() + b"\r")

    def finish(self) -> str:
        while self._read():
            pass
        self.status = self._process.wait(timeout=30)
        return self._shown

    def _read(self) -> bool:
        ready, _, _ = select.select([self._master], [], [], 60)
        assert ready, f"nothing shown for 60 s:\n{self._shown}"
        try:
            chunk = os.read(self._master, 4096)
        except OSError:  # the command ended and closed the terminal
            return False
        self._shown += chunk.decode(errors="replace")
        return bool(chunk)
