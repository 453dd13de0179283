"""Accounts in the state database (SQLite and PostgreSQL): round trip, encrypted secrets, state
and status, clear errors."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from nextsteps_shared.accounts.model import Account, AccountState, WatchedCalendar, new_account_id
from nextsteps_shared.accounts.store import AccountStore, UnknownAccountError, accounts
from nextsteps_shared.accounts.vault import KEY_FILE, Vault, VaultError
from nextsteps_shared.database import database_url, open_database
from nextsteps_shared.messages import SourceKind

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXTSTEPS_NO_KEYRING", "1")


def _account() -> Account:
    return Account(
        id=new_account_id(SourceKind.CALDAV),
        kind=SourceKind.CALDAV,
        url="https://dav.example.net/",
        username="sam",
        owner_addresses=("sam@example.net",),
        calendars=(WatchedCalendar(url="https://dav.example.net/sam/work/", name="Work"),),
        connected_at=NOW,
    )


def _store(data_dir: Path, key: str | None = None, database: str | None = None) -> AccountStore:
    engine = open_database(database or database_url(data_dir, None))
    return AccountStore(engine, Vault.open(data_dir, key))


def test_account_round_trips_with_status(tmp_path: Path, state_database: str) -> None:
    store, account = _store(tmp_path, database=state_database), _account()
    store.add(account, "hunter2")
    store.record_sync(account.id, NOW, "server said 503")
    again = store.get(account.id)
    assert again.calendars == account.calendars
    assert again.last_sync == NOW
    assert again.last_error == "server said 503"
    assert [a.id for a in store.all()] == [account.id]


def test_secret_is_encrypted_at_rest_with_a_private_key_file(tmp_path: Path) -> None:
    store, account = _store(tmp_path), _account()
    store.add(account, "hunter2")
    assert store.secret(account.id) == "hunter2"
    assert b"hunter2" not in (tmp_path / "nextsteps.sqlite3").read_bytes()
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
    assert _store(tmp_path).secret(account.id) == "hunter2"  # the same key is found again


def test_configured_passphrase_is_used_and_a_wrong_one_is_explained(
    tmp_path: Path, state_database: str
) -> None:
    store, account = _store(tmp_path, "correct horse", state_database), _account()
    store.add(account, "hunter2")
    assert not (tmp_path / KEY_FILE).exists()
    assert _store(tmp_path, "correct horse", state_database).secret(account.id) == "hunter2"
    with pytest.raises(VaultError, match="encryption key changed"):
        _store(tmp_path, "wrong horse", state_database).secret(account.id)


def test_state_changes_and_removal(tmp_path: Path, state_database: str) -> None:
    store, account = _store(tmp_path, database=state_database), _account()
    store.add(account, None)
    store.set_state(account.id, AccountState.NEEDS_RECONNECT, "401 Unauthorized")
    assert store.get(account.id).state is AccountState.NEEDS_RECONNECT
    store.remove(account.id)
    with pytest.raises(UnknownAccountError, match=account.id):
        store.get(account.id)
    with pytest.raises(UnknownAccountError):
        store.remove(account.id)


def test_vault_refuses_damaged_tokens(tmp_path: Path) -> None:
    vault = Vault.open(tmp_path)
    with pytest.raises(VaultError):
        vault.decrypt("not-a-token")


def test_a_reconnect_replaces_the_secret_and_wakes_only_a_waiting_account(
    tmp_path: Path, state_database: str
) -> None:
    store, waiting, paused = _store(tmp_path, database=state_database), _account(), _account()
    store.add(waiting, "old grant")
    store.add(paused, "old grant")
    store.set_state(waiting.id, AccountState.NEEDS_RECONNECT, "refused: reconnect")
    store.set_state(paused.id, AccountState.PAUSED)
    store.reconnect(waiting.id, "new grant")
    store.reconnect(paused.id, "new grant")
    again = store.get(waiting.id)
    assert (again.state, again.last_error, again.calendars) == (
        AccountState.ACTIVE,
        None,
        waiting.calendars,
    )
    assert store.secret(waiting.id) == "new grant"
    assert store.get(paused.id).state is AccountState.PAUSED  # the person's pause holds
    with open_database(state_database).connect() as db:  # sealed at rest, as stored
        stored = list(db.scalars(select(accounts.c.secret)))
    assert len(stored) == 2
    assert not any("grant" in sealed for sealed in stored)
    with pytest.raises(UnknownAccountError):
        store.reconnect("caldav-00000000", "grant")
