"""Recurring interviews: the series and each moved or cancelled instance, one key each."""

from __future__ import annotations

from datetime import timedelta

from tests.ingest.calendar_texts import override, series, soon
from tests.ingest.ingest_harness import OwnerCalendar, connect, kinds, poll, published

from nextsteps_shared.messages import InterviewRemoved, InterviewSnapshot
from nextsteps_shared.settings import NextstepsSettings

UID = "trial-week-pairing@brightwave.io"


def test_a_series_its_moved_instance_and_a_cancelled_one(
    calendar: OwnerCalendar, settings: NextstepsSettings, nats_url: str
) -> None:
    first = soon(days=2, hour=9)
    second, third = first + timedelta(weeks=1), first + timedelta(weeks=2)
    moved = override(UID, second, second + timedelta(hours=3))
    calendar.store("pairing.ics", series(UID, first, moved))
    account = connect(settings, calendar)
    poll(settings)
    cancelled = override(UID, third, third, status="CANCELLED")
    calendar.store("pairing.ics", series(UID, first, moved, cancelled))
    poll(settings, rounds=2)

    messages = published(nats_url, account.id)
    second_key = f"{UID}#{second.strftime('%Y%m%dT%H%M%SZ')}"
    third_key = f"{UID}#{third.strftime('%Y%m%dT%H%M%SZ')}"
    assert sorted(kinds(messages[:2])) == [
        ("interview_snapshot", UID),
        ("interview_snapshot", second_key),
    ]
    assert kinds(messages[2:]) == [("interview_removed", third_key)]
    master = next(m for m in messages if m.event_key == UID)
    instance = next(m for m in messages if m.event_key == second_key)
    assert isinstance(master, InterviewSnapshot)
    assert isinstance(instance, InterviewSnapshot)
    assert master.event.rrule is not None
    assert master.event.start == first  # the chain of the series follows its first DTSTART
    assert instance.event.start == second + timedelta(hours=3)
    assert isinstance(messages[2], InterviewRemoved)
    assert messages[2].reason == "cancelled"


def test_a_series_first_seen_with_instances_taken_out_and_begun_before_connecting(
    calendar: OwnerCalendar, settings: NextstepsSettings, nats_url: str
) -> None:
    first = soon(days=-20, hour=9)  # before skip_ended_before, the last session still ahead
    second, third = first + timedelta(weeks=1), first + timedelta(weeks=2)
    cancelled = override(UID, third, third, status="CANCELLED")
    tagged = override(UID, second, second).replace(
        "DESCRIPTION:", "DESCRIPTION:#not-interview - lunch with the team instead. "
    )
    calendar.store("pairing.ics", series(UID, first, cancelled, tagged))
    account = connect(settings, calendar)
    poll(settings)

    messages = published(nats_url, account.id)
    second_key = f"{UID}#{second.strftime('%Y%m%dT%H%M%SZ')}"
    third_key = f"{UID}#{third.strftime('%Y%m%dT%H%M%SZ')}"
    assert kinds(messages[:1]) == [("interview_snapshot", UID)]  # the series comes first
    assert sorted(kinds(messages[1:])) == [
        ("interview_removed", second_key),
        ("interview_removed", third_key),
    ]
    reasons = {m.event_key: m.reason for m in messages[1:] if isinstance(m, InterviewRemoved)}
    assert reasons == {second_key: "not_interview", third_key: "cancelled"}
