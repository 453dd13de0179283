"""The secret in each account's feed address (``/feeds/<token>.ics``): the ``feed_tokens`` table.

A feed address is a capability: whoever has it reads the account's follow-ups (names of
employers and people, draft messages), so the token is random with 256 bits
(``secrets.token_urlsafe(32)``), made by the operator CLI the first time someone asks for the
address (``nextsteps feed url``) and replaced by ``nextsteps feed rotate`` (the old address stops
working at once: the planner reads the tokens again whenever the database changed, see its
``token_book``). The planner only reads.

A token is found by comparing it with every stored one in constant time (``hmac.compare_digest``)
rather than by an index lookup, whose time could depend on how much of a guess is right. Only
tokens of accounts that still exist count: a disconnected account's feed is gone with it.
Tokens are never logged.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Column, Engine, MetaData, String, Table, select

from nextsteps_shared.accounts.store import accounts
from nextsteps_shared.database import UtcDateTime

TOKEN_BYTES = 32  # 256 bits of randomness, 43 URL-safe characters

metadata = MetaData()
feed_tokens = Table(
    "feed_tokens",
    metadata,
    Column("account", String(64), primary_key=True),
    Column("token", String(128), nullable=False),
    Column("issued_at", UtcDateTime(), nullable=False),
)


def new_token() -> str:
    """A fresh random token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class FeedTokens:
    """Each account's feed token (``feed_tokens``; the CLI writes, the planner reads)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def token_of(self, account: str) -> str | None:
        """The account's current token; None before one was issued."""
        query = select(feed_tokens.c.token).where(feed_tokens.c.account == account)
        with self._engine.connect() as db:
            return db.scalar(query)

    def issue(self, account: str) -> str:
        """A new token for ``account``, replacing the old one (which stops working)."""
        token = new_token()
        row = {"account": account, "token": token, "issued_at": datetime.now(UTC)}
        with self._engine.begin() as db:
            db.execute(feed_tokens.delete().where(feed_tokens.c.account == account))
            db.execute(feed_tokens.insert().values(**row))
        return token

    def ensure(self, account: str) -> str:
        """The account's token, issued now when it has none."""
        return self.token_of(account) or self.issue(account)

    def current(self) -> list[tuple[str, str]]:
        """(account, token) of every account that exists and has a token."""
        query = select(feed_tokens.c.account, feed_tokens.c.token).join(
            accounts, accounts.c.id == feed_tokens.c.account
        )
        with self._engine.connect() as db:
            return [(account, token) for account, token in db.execute(query)]

    def account_of(self, token: str) -> str | None:
        """The existing account whose token ``token`` is, compared in constant time."""
        return holder_of(token, self.current())


def holder_of(token: str, known: Sequence[tuple[str, str]]) -> str | None:
    """The account in ``known`` (account, token) whose token is ``token``: every token
    compared, in constant time each, with no early exit."""
    given = token.encode()
    found = None
    for account, stored in known:
        if hmac.compare_digest(given, stored.encode()):
            found = account
    return found
