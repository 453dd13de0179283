"""The broker's key-value bucket that holds ingest's leases and its replicas' heartbeats.

A JetStream key-value bucket (``subjects.LEASE_BUCKET``): memory storage (leases are worth
nothing after the broker restarts, so an embedded broker starts with none), one revision per
key, and a maximum age of one lease term: a key nobody writes for that long is removed by the
server itself. That is the whole failure detector: a replica that dies stops writing.

- taking a key is ``create`` (the broker accepts it only when the key is absent);
- renewing is ``update`` with the revision last written (only the holder knows it: a key that
  expired and was taken by another replica refuses the renewal);
- giving a key back removes its messages (a stream purge of its subject), so the next replica
  sees it absent at once. It is done only while the holder's last renewal is recent (see
  :mod:`account_lease`), so it never removes a key another replica took meanwhile;
- one listing (stream info with its subjects) tells which keys exist now and the bucket's term.

Every request is counted (:attr:`LeaseBucket.requests`), for the benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

import nats.js.errors
from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig, StorageType
from nats.js.kv import KeyValue

HISTORY: Final = 1
GONE: Final = (nats.js.errors.NotFoundError, nats.js.errors.NoStreamResponseError)
"""What a request raises when the bucket is not there (the broker restarted: memory storage)."""
_STREAM_PREFIX: Final = "KV_"


@dataclass(frozen=True)
class Listing:
    """The keys of the bucket that exist now, and how long a key lives unrenewed."""

    keys: frozenset[str]
    term: float

    def with_prefix(self, prefix: str) -> frozenset[str]:
        """The keys that start with ``prefix``, without it."""
        return frozenset(k.removeprefix(prefix) for k in self.keys if k.startswith(prefix))


class LeaseBucket:
    """Create-if-absent, compare-and-set renewals and hand-backs on one key-value bucket."""

    def __init__(self, stream: JetStreamContext, store: KeyValue, name: str) -> None:
        self._js = stream
        self._kv = store
        self.name = name
        self.requests = 0

    @classmethod
    async def open(cls, stream: JetStreamContext, name: str, term: float) -> LeaseBucket:
        """The bucket ``name`` with keys living ``term`` seconds (created, or set to ``term``
        when it exists with another one)."""
        return cls(stream, await _store(stream, name, term), name)

    async def make_again(self, term: float) -> None:
        """Create the bucket again (a broker restart loses memory storage: see ``GONE``)."""
        self._kv = await _store(self._js, self.name, term)

    @property
    def _prefix(self) -> str:
        return f"$KV.{self.name}."

    async def listing(self) -> Listing:
        """Which keys exist now (one request)."""
        self.requests += 1
        info = await self._js.stream_info(_STREAM_PREFIX + self.name, subjects_filter=">")
        subjects = info.state.subjects or {}
        keys = frozenset(s.removeprefix(self._prefix) for s in subjects)
        return Listing(keys=keys, term=float(info.config.max_age or 0.0))

    async def create(self, key: str, value: str) -> int | None:
        """Take ``key``: its revision, or None when it exists."""
        self.requests += 1
        try:
            return await self._kv.create(key, value.encode())
        except nats.js.errors.KeyWrongLastSequenceError:
            return None

    async def renew(self, key: str, value: str, revision: int) -> int | None:
        """Write ``key`` again if ``revision`` is still its last one: the new revision, or None
        when it is not (it expired, and maybe another replica holds it now)."""
        self.requests += 1
        try:
            return await self._kv.update(key, value.encode(), last=revision)
        except nats.js.errors.KeyWrongLastSequenceError:
            return None

    async def drop(self, key: str) -> None:
        """Remove ``key`` and every trace of it: it is absent for everyone at once."""
        self.requests += 1
        await self._js.purge_stream(_STREAM_PREFIX + self.name, subject=self._prefix + key)


async def _store(stream: JetStreamContext, name: str, term: float) -> KeyValue:
    config = KeyValueConfig(bucket=name, ttl=term, history=HISTORY, storage=StorageType.MEMORY)
    try:
        return await stream.create_key_value(config)
    except nats.js.errors.BadRequestError:  # there already, with another term
        await _set_term(stream, _STREAM_PREFIX + name, term)
        return await stream.key_value(name)


async def _set_term(stream: JetStreamContext, name: str, term: float) -> None:
    info = await stream.stream_info(name)
    config = replace(info.config, max_age=term, duplicate_window=min(term, 120.0))
    await stream.update_stream(config)
