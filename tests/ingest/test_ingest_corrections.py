"""The owner's corrections (``nextsteps ignore`` / ``track``) as ingest applies them: they win
over recognition and over the event's own tag, and take effect at the next poll although the
event itself did not change."""

from __future__ import annotations

from tests.ingest.calendar_texts import interview, ordinary, soon
from tests.ingest.ingest_harness import OwnerCalendar, connect, kinds, open_state, poll, published

from nextsteps_ingest.account_sync import corrections_mark
from nextsteps_shared.accounts.corrections import (
    CorrectionStore,
    Verdict,
    correction_now,
)
from nextsteps_shared.messages import InterviewRemoved, InterviewSnapshot
from nextsteps_shared.settings import NextstepsSettings

UID = "5d2b90c4-final-round@brightwave.io"
COFFEE = "coffee-0917@fastmail.com"


def _corrections(settings: NextstepsSettings) -> CorrectionStore:
    return CorrectionStore(open_state(settings))


def test_ignore_removes_an_unchanged_interview_and_track_brings_it_back(
    calendar: OwnerCalendar, settings: NextstepsSettings, nats_url: str
) -> None:
    calendar.store("final.ics", interview(UID, soon()))
    calendar.store("coffee.ics", ordinary(COFFEE, soon(2), "Coffee with Priya (ex-colleague)"))
    account = connect(settings, calendar)
    poll(settings)
    corrections = _corrections(settings)

    corrections.record(correction_now(None, UID, Verdict.NOT_INTERVIEW))
    poll(settings, rounds=2)  # the second round publishes nothing more
    removed = published(nats_url, account.id)

    corrections.record(correction_now(account.id, UID, Verdict.INTERVIEW))
    corrections.record(correction_now(account.id, COFFEE, Verdict.INTERVIEW))
    poll(settings, rounds=2)
    messages = published(nats_url, account.id)

    assert kinds(removed) == [("interview_snapshot", UID), ("interview_removed", UID)]
    assert isinstance(removed[1], InterviewRemoved)
    assert removed[1].reason == "not_interview"
    assert sorted(kinds(messages[2:])) == sorted(
        [("interview_snapshot", COFFEE), ("interview_snapshot", UID)]
    )
    tracked = next(m for m in messages[2:] if m.event_key == COFFEE)
    assert isinstance(tracked, InterviewSnapshot)
    assert tracked.interview.event.summary == "Coffee with Priya (ex-colleague)"


def test_a_correction_wins_over_the_tag_in_the_notes(
    settings: NextstepsSettings, nats_url: str
) -> None:
    calendar = OwnerCalendar.fresh("memory", None)
    mock = "Mock interview with my mentor, for practice #not-interview"
    calendar.store("mock.ics", interview(UID, soon(), description=mock))
    account = connect(settings, calendar)
    poll(settings)
    assert published(nats_url, account.id) == []

    _corrections(settings).record(correction_now(account.id, UID, Verdict.INTERVIEW))
    poll(settings)

    (snapshot,) = published(nats_url, account.id)
    assert isinstance(snapshot, InterviewSnapshot)
    assert snapshot.interview.company == "Brightwave"
    assert snapshot.interview.role == "Staff Data Engineer"
    assert snapshot.interview.event.description == mock  # the event as written, tag and all


def test_a_correction_of_another_account_changes_nothing_here(
    settings: NextstepsSettings, nats_url: str
) -> None:
    calendar = OwnerCalendar.fresh("memory", None)
    calendar.store("final.ics", interview(UID, soon()))
    account = connect(settings, calendar)
    poll(settings)
    _corrections(settings).record(correction_now("caldav-0badc0de", UID, Verdict.NOT_INTERVIEW))
    poll(settings)
    assert kinds(published(nats_url, account.id)) == [("interview_snapshot", UID)]


def test_the_corrections_mark_follows_the_verdicts_not_their_order() -> None:
    assert corrections_mark({}) == ""
    one = {UID: Verdict.NOT_INTERVIEW, COFFEE: Verdict.INTERVIEW}
    assert corrections_mark(one) == corrections_mark(dict(reversed(one.items())))
    assert corrections_mark(one) != corrections_mark({**one, UID: Verdict.INTERVIEW})
