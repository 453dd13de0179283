"""Feed tokens: random, issued once and kept, replaced on rotation, found in constant time and
only for accounts that exist."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from nextsteps_shared.accounts.feed_tokens import FeedTokens
from nextsteps_shared.accounts.model import Account, WatchedCalendar, new_account_id
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.accounts.vault import Vault
from nextsteps_shared.database import open_database
from nextsteps_shared.messages import SourceKind


@pytest.fixture
def stores(tmp_path: Path, state_database: str) -> tuple[AccountStore, FeedTokens]:
    engine = open_database(state_database)
    return AccountStore(engine, Vault.open(tmp_path, Fernet.generate_key().decode())), FeedTokens(
        engine
    )


def account(accounts: AccountStore) -> str:
    found = Account(
        id=new_account_id(SourceKind.CALDAV),
        kind=SourceKind.CALDAV,
        url="https://dav.example.net/",
        calendars=(WatchedCalendar(url="https://dav.example.net/sam/work/", name="Work"),),
        connected_at=datetime(2026, 3, 2, tzinfo=UTC),
    )
    accounts.add(found, None)
    return found.id


def test_a_token_is_issued_once_and_kept(stores: tuple[AccountStore, FeedTokens]) -> None:
    accounts, tokens = stores
    first, second = account(accounts), account(accounts)

    assert tokens.token_of(first) is None
    token = tokens.ensure(first)
    assert tokens.ensure(first) == token == tokens.token_of(first)
    assert len(token) >= 43  # 256 random bits, URL-safe base64
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert tokens.ensure(second) != token
    assert tokens.account_of(token) == first
    assert tokens.account_of(tokens.ensure(second)) == second


def test_rotation_replaces_the_token(stores: tuple[AccountStore, FeedTokens]) -> None:
    accounts, tokens = stores
    owner = account(accounts)
    old = tokens.ensure(owner)

    new = tokens.issue(owner)

    assert new != old
    assert tokens.account_of(old) is None
    assert tokens.account_of(new) == owner
    assert tokens.token_of(owner) == new


def test_near_misses_and_removed_accounts_find_nothing(
    stores: tuple[AccountStore, FeedTokens],
) -> None:
    accounts, tokens = stores
    owner = account(accounts)
    token = tokens.ensure(owner)

    for guess in ("", token[:-1], token + "x", token.upper(), f"{token[:-1]}{chr(0x2603)}"):
        assert tokens.account_of(guess) is None, guess
    accounts.remove(owner)
    assert tokens.account_of(token) is None
