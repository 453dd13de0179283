"""The lease side of a running ingest replica: its own broker connection, its
:class:`AccountLeases`, the task that renews them, and the clean hand-over when it stops.

``start`` connects and opens the bucket; ``settle`` (at every full round) and ``held`` (for a
push wake-up between rounds) say what the replica may poll; ``stop`` gives every lease back
(bounded by ``RELEASE_TIMEOUT_S``: a broker that is gone cannot take them back, and they expire
by themselves) and disconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from typing import Final

import nats
from nats.aio.client import Client as NatsClient

from nextsteps_ingest.account_lease import AccountLeases
from nextsteps_shared.settings import ReplicaSettings
from nextsteps_shared.subjects import LEASE_BUCKET

_log = logging.getLogger(__name__)

RELEASE_TIMEOUT_S: Final = 5.0


class LeaseKeeper:
    """Leases of one running replica, renewed in the background."""

    def __init__(self, client: NatsClient, leases: AccountLeases) -> None:
        self._client = client
        self.leases = leases
        self._renewing = asyncio.create_task(leases.keep_renewing())

    @classmethod
    async def start(
        cls, url: str, settings: ReplicaSettings, bucket: str = LEASE_BUCKET
    ) -> LeaseKeeper:
        """Connect to the broker at ``url`` and open the lease bucket."""
        client = await nats.connect(
            url, connect_timeout=5, max_reconnect_attempts=-1, reconnect_time_wait=1
        )
        try:
            leases = await AccountLeases.open(client, settings, bucket)
        except BaseException:
            await client.close()
            raise
        _log.info("replica %s (leases live %.3g s)", leases.replica, leases.term)
        return cls(client, leases)

    async def settle(self, accounts: Iterable[str]) -> frozenset[str]:
        """The accounts to poll this round (see :meth:`AccountLeases.settle`); while the
        broker is away, at once, those whose leases are still valid."""
        if not self._client.is_connected:
            self.leases.reached = False
            return self.leases.held()
        return await self.leases.settle(accounts)

    @property
    def broker_away(self) -> bool:
        """Whether the last settle could not reach the broker."""
        return not self.leases.reached

    def held(self) -> frozenset[str]:
        """The accounts this replica may poll now."""
        return self.leases.held()

    async def stop(self) -> None:
        """Give the leases back (others take over at once) and disconnect."""
        self._renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._renewing
        try:
            await asyncio.wait_for(self.leases.release(), RELEASE_TIMEOUT_S)
        except Exception as err:  # they expire by themselves
            _log.warning("leases not given back (%s: %s)", type(err).__name__, err)
        await self._client.close()
