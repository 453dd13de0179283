"""Which ingest replicas are alive: one heartbeat key per replica in the lease bucket.

A replica writes ``replica.<its id>`` when it starts and again every third of a lease term;
the bucket's maximum age removes the key of a replica that stopped writing. Counting the
``replica.`` keys of a listing is counting the live replicas. A replica that stops cleanly
removes its key, so the others count it out at their next round.

A replica id is the host name, the process id and a few random characters: two processes on
one host, or a process started again with the same pid, never share one.
"""

from __future__ import annotations

import os
import re
import secrets
import socket

from nextsteps_ingest.lease_bucket import LeaseBucket, Listing
from nextsteps_shared.subjects import LEASE_REPLICA_PREFIX

_NOT_IN_KEYS = re.compile(r"[^A-Za-z0-9_-]+")


def new_replica_id() -> str:
    """An id for this process: ``<host>-<pid>-<random>`` (characters a key may hold)."""
    host = _NOT_IN_KEYS.sub("-", socket.gethostname())[:40].strip("-") or "host"
    return f"{host}-{os.getpid()}-{secrets.token_hex(3)}"


class ReplicaRoster:
    """This replica's heartbeat, and the count of live replicas."""

    def __init__(self, bucket: LeaseBucket, replica: str) -> None:
        self._bucket = bucket
        self.replica = replica
        self._revision: int | None = None

    @property
    def _key(self) -> str:
        return LEASE_REPLICA_PREFIX + self.replica

    async def beat(self) -> None:
        """Write the heartbeat (again)."""
        revision = None
        if self._revision is not None:
            revision = await self._bucket.renew(self._key, self.replica, self._revision)
        if revision is None:  # the first beat, or the last one expired
            revision = await self._bucket.create(self._key, self.replica)
        self._revision = revision

    def live(self, listing: Listing) -> int:
        """How many replicas are alive, this one included."""
        return len(listing.with_prefix(LEASE_REPLICA_PREFIX) | {self.replica})

    async def leave(self) -> None:
        """Remove the heartbeat: the others count this replica out at once."""
        self._revision = None
        await self._bucket.drop(self._key)
