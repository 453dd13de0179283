"""The ``accounts`` table: written by the operator CLI, status reported by ingest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    delete,
    select,
    update,
)

from nextsteps_shared.accounts.model import Account, AccountState
from nextsteps_shared.accounts.vault import Vault
from nextsteps_shared.database import UtcDateTime, database_url, open_database
from nextsteps_shared.errors import PermanentError

metadata = MetaData()
accounts = Table(
    "accounts",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("definition", Text, nullable=False),  # the Account as JSON (status columns apart)
    Column("secret", Text, nullable=True),  # encrypted with the Vault
    Column("state", String(32), nullable=False),
    Column("last_sync", UtcDateTime(), nullable=True),
    Column("last_error", Text, nullable=True),
)


class UnknownAccountError(PermanentError):
    """No account has that id."""


class AccountStore:
    """Accounts and their encrypted secrets."""

    def __init__(self, engine: Engine, vault: Vault) -> None:
        self._engine = engine
        self._vault = vault

    def add(self, account: Account, secret: str | None) -> None:
        sealed = self._vault.encrypt(secret) if secret is not None else None
        with self._engine.begin() as db:
            db.execute(accounts.insert().values(**_row(account), secret=sealed))

    def replace(self, account: Account) -> None:
        """Store a changed definition (calendars, owner addresses, state)."""
        self._change(account.id, **_row(account))

    def reconnect(self, account_id: str, secret: str | None) -> None:
        """The new secret of an account connected again; an account that waited for it
        (``needs_reconnect``) is active again, and its last error is cleared."""
        sealed = self._vault.encrypt(secret) if secret is not None else None
        row = accounts.c.id == account_id
        with self._engine.begin() as db:
            done = db.execute(update(accounts).where(row).values(secret=sealed, last_error=None))
            if done.rowcount == 0:
                raise UnknownAccountError(f"no account {account_id!r} (see 'nextsteps accounts')")
            waiting = accounts.c.state == AccountState.NEEDS_RECONNECT.value
            db.execute(update(accounts).where(row, waiting).values(state=AccountState.ACTIVE.value))

    def all(self) -> list[Account]:
        with self._engine.connect() as db:
            return [_account(row) for row in db.execute(select(accounts).order_by(accounts.c.id))]

    def get(self, account_id: str) -> Account:
        with self._engine.connect() as db:
            row = db.execute(select(accounts).where(accounts.c.id == account_id)).first()
        if row is None:
            raise UnknownAccountError(f"no account {account_id!r} (see 'nextsteps accounts')")
        return _account(row)

    def secret(self, account_id: str) -> str | None:
        with self._engine.connect() as db:
            sealed = db.execute(
                select(accounts.c.secret).where(accounts.c.id == account_id)
            ).scalar()
        return self._vault.decrypt(sealed) if sealed is not None else None

    def set_state(self, account_id: str, state: AccountState, error: str | None = None) -> None:
        self._change(account_id, state=state.value, last_error=error)

    def record_sync(self, account_id: str, at: datetime, error: str | None) -> None:
        self._change(account_id, last_sync=at, last_error=error)

    def remove(self, account_id: str) -> None:
        with self._engine.begin() as db:
            if db.execute(delete(accounts).where(accounts.c.id == account_id)).rowcount == 0:
                raise UnknownAccountError(f"no account {account_id!r} (see 'nextsteps accounts')")

    def _change(self, account_id: str, **values: object) -> None:
        with self._engine.begin() as db:
            done = db.execute(update(accounts).where(accounts.c.id == account_id).values(**values))
        if done.rowcount == 0:
            raise UnknownAccountError(f"no account {account_id!r} (see 'nextsteps accounts')")


def _row(account: Account) -> dict[str, object]:
    definition = account.model_dump_json(exclude={"state", "last_sync", "last_error"})
    return {"id": account.id, "definition": definition, "state": account.state.value}


def _account(row: object) -> Account:
    mapping = row._mapping  # type: ignore[attr-defined]
    return Account.model_validate_json(mapping["definition"]).model_copy(
        update={
            "state": AccountState(mapping["state"]),
            "last_sync": mapping["last_sync"],
            "last_error": mapping["last_error"],
        }
    )


def open_account_store(data_dir: Path, database: str | None, key: str | None) -> AccountStore:
    """The account store of an installation (its database URL and encryption key, if set)."""
    return AccountStore(open_database(database_url(data_dir, database)), Vault.open(data_dir, key))
