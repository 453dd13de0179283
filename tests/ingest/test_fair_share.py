"""The fair share of accounts per ingest replica: what a replica takes and gives back, for any
view of the accounts (Hypothesis), and a replica next to one that counts as live but takes
nothing (on a real nats-server: no account goes unpolled, the surplus stops bouncing)."""

from __future__ import annotations

import asyncio

import nats
from hypothesis import given
from hypothesis import strategies as st
from tests.ingest.test_account_leases import ACCOUNTS, replicas

from nextsteps_ingest.fair_share import View, moves, rank, share

_NAMES = st.frozensets(st.sampled_from([f"a{n}" for n in range(30)]))


@st.composite
def views(draw: st.DrawFn) -> View:
    accounts = draw(_NAMES)
    held = draw(_NAMES)
    taken = draw(_NAMES) - held
    return View(
        replica=draw(st.sampled_from(["r1", "r2", "r3"])),
        accounts=accounts,
        held=held,
        taken=taken,
        live=draw(st.integers(min_value=1, max_value=5)),
        free_before=draw(_NAMES),
        give_surplus=draw(st.booleans()),
    )


@given(views())
def test_a_replica_takes_only_free_accounts_and_gives_back_only_its_own(view: View) -> None:
    decided = moves(view)
    free = view.accounts - view.held - view.taken
    assert set(decided.take) <= free
    assert set(decided.give_back) <= view.held
    assert view.held - view.accounts <= set(decided.give_back)  # paused or gone: given back


@given(views())
def test_a_replica_stays_within_its_share_unless_an_account_waited_a_round(view: View) -> None:
    decided = moves(view)
    after = (view.held & view.accounts) - set(decided.give_back) | set(decided.take)
    waited = (view.accounts - view.held - view.taken) & view.free_before
    limit = share(len(view.accounts), view.live)
    if view.give_surplus:
        assert len(after) <= limit + len(waited)
    assert waited <= after  # a free account never waits two rounds


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=8))
def test_the_shares_of_the_live_replicas_cover_every_account(accounts: int, live: int) -> None:
    assert live * share(accounts, live) >= accounts


def test_two_replicas_rank_accounts_differently() -> None:
    accounts = [f"acct-{n}" for n in range(40)]
    assert rank("r1", accounts) != rank("r2", accounts)
    assert sorted(rank("r1", accounts)) == sorted(accounts)


def test_a_replica_beside_one_that_takes_nothing_still_polls_everything(nats_url: str) -> None:
    async def run() -> None:
        client = await nats.connect(nats_url)
        try:
            working, idle = await replicas(client, term=60.0)
            await idle.settle([])  # alive (its heartbeat is there) but with no account to take
            held = []
            for _ in range(12):
                held.append(await working.settle(ACCOUNTS))
            assert held[0] != set(ACCOUNTS)  # its share for two live replicas
            assert all(h == set(ACCOUNTS) for h in held[4:]), held  # took the rest and kept it
        finally:
            await client.close()

    asyncio.run(run())
