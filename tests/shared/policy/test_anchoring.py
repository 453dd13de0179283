"""A recurring interview planned from its anchor occurrence; series and their moved instances
closing each other's chains as later interviews with the same employer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.interview import Interview
from nextsteps_shared.notes.reading import NotesReading
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy import FollowUpPolicy, plan_followups
from nextsteps_shared.policy.anchoring import Overrides, anchored

BERLIN = ZoneInfo("Europe/Berlin")
UID = "onsite-3-days@northwind-logistics.com"
CHASING = {FollowUpKind.FOLLOW_UP, FollowUpKind.FOLLOW_UP_AGAIN}
MakeInterview = Callable[..., Interview]  # the fixture of conftest.py


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def _series(make_interview: MakeInterview, start: str, rule: str) -> Interview:
    single = make_interview(start, uid=UID)
    return single.model_copy(update={"event": single.event.model_copy(update={"rrule": rule})})


def _moved(make_interview: MakeInterview, original: str, start: str) -> Interview:
    moved = make_interview(start, uid=UID)
    instance = moved.event.model_copy(update={"recurrence_id": at(original)})
    return moved.model_copy(update={"event": instance})


def _plan(
    interview: Interview,
    others: Sequence[Interview],
    owner: Owner,
    now: datetime,
    overrides: Overrides | None = None,
) -> tuple[FollowUp, ...]:
    view = anchored(interview, others, now, overrides)
    assert view is not None
    notes = NotesReading()
    return plan_followups(view.interview, notes, view.same_employer, owner, FollowUpPolicy(), now)


def test_each_day_of_an_onsite_gets_its_note_and_the_last_day_the_chasing(
    make_interview: MakeInterview, owner: Owner
) -> None:
    onsite = _series(make_interview, "2026-03-03 09:00", "FREQ=DAILY;COUNT=3")  # Tue-Thu
    day_one = _plan(onsite, [], owner, at("2026-03-03 12:00"))
    assert {f.kind for f in day_one} & CHASING == set()  # the next day is their answer
    assert min(f.start for f in day_one) == at("2026-03-03 10:00")
    last_day = _plan(onsite, [], owner, at("2026-03-05 12:00"))
    assert min(f.start for f in last_day) == at("2026-03-05 10:00")
    assert {f.kind for f in last_day} >= CHASING
    assert {f.uid for f in day_one} <= {f.uid for f in last_day}  # the same chain, moved on


def test_a_moved_instance_is_its_own_interview_and_closed_by_the_next_occurrence(
    make_interview: MakeInterview, owner: Owner
) -> None:
    weekly = _series(make_interview, "2026-03-03 14:00", "FREQ=WEEKLY;COUNT=3")
    moved = _moved(make_interview, "2026-03-10 14:00", "2026-03-09 16:00")
    overrides = {UID: [at("2026-03-10 14:00")]}
    now = at("2026-03-09 18:00")

    master = _plan(weekly, [moved], owner, now, overrides)
    assert min(f.start for f in master) == at("2026-03-03 15:00")  # not the moved Tuesday
    assert all(f.start < at("2026-03-09 16:00") for f in master)  # closed by the moved one

    instance = _plan(moved, [weekly], owner, now, overrides)
    assert min(f.start for f in instance) == at("2026-03-09 17:00")
    assert all(f.start < at("2026-03-17 14:00") for f in instance)  # the third Tuesday
    assert {f.kind for f in instance} & CHASING  # the 5th business day comes before it

    # the slot it moved out of is never its successor, even when the caller forgot it
    assert _plan(moved, [weekly], owner, now, None) == instance


def test_a_later_single_interview_closes_the_series_chain(
    make_interview: MakeInterview, owner: Owner
) -> None:
    weekly = _series(make_interview, "2026-03-03 14:00", "FREQ=WEEKLY;COUNT=2")
    final = make_interview("2026-03-12 11:00", uid="final-round@northwind-logistics.com")
    chain = _plan(weekly, [final], owner, at("2026-03-10 16:00"))
    assert min(f.start for f in chain) == at("2026-03-10 15:00")
    assert all(f.start < at("2026-03-12 11:00") for f in chain)
    assert {f.kind for f in chain} & CHASING == set()


def test_an_interview_before_a_series_is_closed_by_its_first_occurrence_from_then_on(
    make_interview: MakeInterview, owner: Owner
) -> None:
    screen = make_interview("2026-03-02 10:00", uid="screen@northwind-logistics.com")
    weekly = _series(make_interview, "2026-02-03 14:00", "FREQ=WEEKLY")  # began a month ago
    chain = _plan(screen, [weekly], owner, at("2026-03-02 12:00"))
    assert chain
    assert all(f.start < at("2026-03-03 14:00") for f in chain)


def test_no_occurrence_left_means_nothing_to_plan(make_interview: MakeInterview) -> None:
    once = _series(make_interview, "2026-03-03 14:00", "FREQ=WEEKLY;COUNT=1")
    assert anchored(once, [], at("2026-03-04 12:00"), {UID: [at("2026-03-03 14:00")]}) is None
