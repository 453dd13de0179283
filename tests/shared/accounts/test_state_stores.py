"""The shared package's smaller stores on SQLite and PostgreSQL: the owner's corrections
(``recognition_corrections``) and ingest's push channels (``ingest_push_channels``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from nextsteps_shared.accounts.channel_book import ChannelBook
from nextsteps_shared.accounts.corrections import (
    ANY_ACCOUNT,
    Correction,
    CorrectionStore,
    Verdict,
)
from nextsteps_shared.backends.google_push import PushChannel
from nextsteps_shared.database import open_database

BERLIN_WINTER = timezone(timedelta(hours=1))
MORNING = datetime(2026, 3, 2, 9, tzinfo=BERLIN_WINTER)


def _correction(account: str, uid: str, verdict: Verdict, minutes: int) -> Correction:
    return Correction(
        account=account, uid=uid, verdict=verdict, at=MORNING + timedelta(minutes=minutes)
    )


def test_corrections_replace_and_the_newest_wins(state_database: str) -> None:
    store = CorrectionStore(open_database(state_database))
    store.record(_correction("acc", "a@x", Verdict.NOT_INTERVIEW, 0))
    store.record(_correction(ANY_ACCOUNT, "b@x", Verdict.INTERVIEW, 1))
    store.record(_correction("acc", "b@x", Verdict.NOT_INTERVIEW, 2))
    store.record(_correction("acc", "a@x", Verdict.INTERVIEW, 3))  # replaces the first
    store.record(_correction("other", "c@x", Verdict.INTERVIEW, 4))

    again = CorrectionStore(open_database(state_database))
    assert [(c.account, c.uid) for c in again.all()] == [
        (ANY_ACCOUNT, "b@x"),
        ("acc", "b@x"),
        ("acc", "a@x"),
        ("other", "c@x"),
    ]
    assert again.for_account("acc") == {"a@x": Verdict.INTERVIEW, "b@x": Verdict.NOT_INTERVIEW}
    assert again.for_account("nobody") == {"b@x": Verdict.INTERVIEW}
    first = again.all()[0]
    assert first.at == MORNING + timedelta(minutes=1)
    assert first.at.utcoffset() == timedelta(0)  # read back aware, in UTC


def _channel(account: str, name: str, hours: int) -> PushChannel:
    return PushChannel(
        account=account,
        calendar=f"{account}-primary",
        id=f"{name}-0b7c2d6e",
        resource_id=f"res-{name}",
        token=f"tok-{name}",
        expiration=datetime(2026, 3, 9, tzinfo=UTC) + timedelta(hours=hours),
    )


def test_push_channels_are_booked_by_id_and_account(state_database: str) -> None:
    book = ChannelBook(open_database(state_database))
    first, second, third = _channel("g1", "a", 0), _channel("g1", "b", 5), _channel("g2", "c", 9)
    for channel in (first, second, third):
        book.add(channel)

    again = ChannelBook(open_database(state_database))
    assert again.get(second.id) == second
    assert again.get("unknown") is None
    assert sorted(c.id for c in again.of_account("g1")) == [first.id, second.id]
    assert again.accounts() == {"g1", "g2"}
    again.remove(first.id)
    again.remove(third.id)
    assert again.of_account("g1") == [second]
    assert again.accounts() == {"g1"}
