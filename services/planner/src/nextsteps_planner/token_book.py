"""The feed tokens as the feed server looks them up: held in memory, read again as soon as the
database may hold others.

Reading ``feed_tokens`` at every request costs a query (about 60 µs on SQLite, more than the
rest of a 304 answer); holding them forever would keep a rotated token working. With SQLite,
``PRAGMA data_version`` on a connection of the book's own (a few µs) changes whenever any other
connection, in this process or another (the CLI's ``feed rotate``, an account removed),
committed: the tokens are read again then, before the answer, so a rotation still ends the old
address at once. Other databases have no such cheap signal: the tokens are read at every
lookup there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from nextsteps_shared.accounts.feed_tokens import FeedTokens, holder_of


class TokenBook:
    """Finds the account of a feed token (constant-time comparisons, see ``holder_of``)."""

    def __init__(self, tokens: FeedTokens, engine: Engine) -> None:
        self._tokens = tokens
        self._engine = engine
        self._watch: Any = None  # the SQLite connection of the book's own, once needed
        self._version: object = None
        self._known: list[tuple[str, str]] = []

    def account_of(self, token: str) -> str | None:
        """The existing account whose token ``token`` is."""
        version = self._database_version()
        if version is None or version != self._version:
            self._known = self._tokens.current()
            self._version = version
        return holder_of(token, self._known)

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    def _database_version(self) -> object:
        """A value that changes whenever another connection committed; None: no such value."""
        if self._engine.dialect.name != "sqlite":
            return None
        if self._watch is None:
            self._watch = self._engine.raw_connection()
        cursor = self._watch.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return cursor.fetchone()[0]
        finally:
            cursor.close()
