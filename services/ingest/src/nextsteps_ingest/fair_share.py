"""How many accounts one ingest replica may hold, and which ones it takes or gives back.

A pure function of what a replica sees at the start of a round: the active accounts, the
ones it holds, the ones another replica holds, how many replicas are alive, and which
accounts it already saw free at its previous look.

- Its share is ``ceil(accounts / live replicas) + SLACK``: every replica taking its share
  covers every account, and none takes them all while another lives.
- It gives back what it holds beyond its share (a replica joined), and what is no longer an
  active account (paused, disconnected). When what it gave back found no taker (it had to take
  it again), it stops giving its surplus back until the number of live replicas changes: one
  that counts as live but takes nothing (a replica of another deployment on the same broker,
  say) makes no account go unpolled.
- It takes free accounts while it is under its share, and any account that was free at its
  previous look too, whatever its share: a free account never waits more than one round more
  for a replica that counts the live ones differently (a heartbeat not expired yet).
- Which ones: each replica ranks accounts by a hash of (replica, account) (rendezvous hashing),
  so two replicas looking for free accounts at once mostly want different ones, and the ones
  a replica gives back are those it ranks lowest.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

SLACK: Final = 1


@dataclass(frozen=True)
class View:
    """What one replica sees at the start of a round."""

    replica: str
    accounts: frozenset[str]  # the active accounts
    held: frozenset[str]  # by this replica
    taken: frozenset[str]  # by other replicas
    live: int  # replicas alive, this one included
    free_before: frozenset[str] = frozenset()  # free at this replica's previous look
    give_surplus: bool = True  # False: what it gave back lately found no taker


@dataclass(frozen=True)
class Moves:
    """What a replica does with its leases: take these, give back those no longer active
    (``gone``) and those beyond its share (``surplus``)."""

    take: tuple[str, ...]
    gone: tuple[str, ...] = ()
    surplus: tuple[str, ...] = ()

    @property
    def give_back(self) -> tuple[str, ...]:
        return (*self.gone, *self.surplus)


def share(accounts: int, live: int) -> int:
    """How many accounts one of ``live`` replicas may hold."""
    return math.ceil(accounts / max(live, 1)) + SLACK


def rank(replica: str, accounts: Iterable[str]) -> list[str]:
    """``accounts`` in the order ``replica`` prefers them (the most wanted first)."""
    return sorted(accounts, key=lambda account: _weight(replica, account), reverse=True)


def moves(view: View) -> Moves:
    """What ``view.replica`` should take and give back now."""
    limit = share(len(view.accounts), view.live)
    kept = view.held & view.accounts
    gone = view.held - view.accounts
    surplus = rank(view.replica, kept)[limit:] if view.give_surplus else []
    free = view.accounts - view.held - view.taken
    room = max(limit - len(kept), 0)
    wanted = rank(view.replica, free)
    take = set(wanted[:room]) | (free & view.free_before)
    return Moves(
        take=tuple(rank(view.replica, take)), gone=tuple(sorted(gone)), surplus=tuple(surplus)
    )


def free_now(view: View) -> frozenset[str]:
    """The active accounts nobody holds at this look (before this replica's moves)."""
    return view.accounts - view.held - view.taken


def _weight(replica: str, account: str) -> int:
    digest = hashlib.blake2b(f"{replica}\0{account}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")
