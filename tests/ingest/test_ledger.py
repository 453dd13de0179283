"""Ingest's ledger on SQLite and PostgreSQL: sync states, event records (booleans, big
revisions, aware times), chunked lookups, one transaction per commit, forgetting an account."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from nextsteps_ingest.ledger import Ledger
from nextsteps_ingest.record import EventRecord, RecordKind
from nextsteps_shared.backends.protocol import StoredObject, SyncState
from nextsteps_shared.database import open_database

WHEN = datetime(2026, 3, 2, 10, 30, tzinfo=timezone(timedelta(hours=1)))
CAL = "https://dav.example.net/sam/work/"


def _interview(key: str, revision: int | None = 1_772_443_800_000_000_123) -> EventRecord:
    return EventRecord(
        key=key,
        uid=key.split("#", maxsplit=1)[0],
        kind=RecordKind.INTERVIEW,
        fingerprint="f",
        revision=revision,
    )


def test_a_commit_round_trips_state_and_records(state_database: str) -> None:
    ledger = Ledger(open_database(state_database))
    state = SyncState(token="t-1", objects=(StoredObject(href="a.ics", etag='"1"', keys=("a",)),))
    followup = EventRecord(
        key="f@nextsteps",
        uid="f@nextsteps",
        kind=RecordKind.FOLLOWUP,
        etag='"e"',
        start=WHEN,
        end=WHEN + timedelta(minutes=30),
    )
    ledger.commit("acc", CAL, state, [_interview("a"), followup], (), corrections="m1")

    again = Ledger(open_database(state_database))  # another process, as it were
    assert again.state("acc", CAL) == state
    assert again.records("acc", CAL) == {"a": _interview("a"), "f@nextsteps": followup}
    found = again.records("acc", CAL)["f@nextsteps"]
    assert found.start == WHEN and found.start.tzinfo is not None
    assert again.corrections_mark("acc", CAL) == "m1"
    assert again.state("acc", "https://elsewhere/") is None
    assert again.corrections_mark("acc", "https://elsewhere/") == ""


def test_later_commits_replace_and_forget(state_database: str) -> None:
    ledger = Ledger(open_database(state_database))
    ledger.commit("acc", CAL, SyncState(token="1"), [_interview("a"), _interview("b")], ())
    ledger.commit("acc", CAL, SyncState(token="2"), [_interview("a", None)], ["b"])
    assert ledger.records("acc", CAL) == {"a": _interview("a", None)}
    assert ledger.state("acc", CAL) == SyncState(token="2")
    ledger.forget_account("acc")
    assert ledger.records("acc", CAL) == {}
    assert ledger.state("acc", CAL) is None


def test_many_keys_are_looked_up_in_chunks(state_database: str) -> None:
    ledger = Ledger(open_database(state_database))
    keys = [f"uid-{n}#2026030{n % 9}T100000Z" for n in range(1_200)]
    ledger.commit("acc", CAL, SyncState(token="1"), [_interview(k) for k in keys], ())
    wanted = {*keys[::2], "never-seen"}
    assert set(ledger.records("acc", CAL, wanted)) == set(keys[::2])
    ledger.commit("acc", CAL, SyncState(token="2"), [], keys[:1_100])
    assert sorted(ledger.records("acc", CAL)) == sorted(keys[1_100:])


def test_accounts_and_calendars_are_kept_apart(state_database: str) -> None:
    ledger = Ledger(open_database(state_database))
    ledger.commit("acc", CAL, SyncState(token="1"), [_interview("a")], ())
    ledger.commit("other", CAL, SyncState(token="9"), [_interview("z")], ())
    ledger.forget_account("acc")
    assert ledger.records("other", CAL) == {"z": _interview("z")}
    assert ledger.state("other", CAL) == SyncState(token="9")
