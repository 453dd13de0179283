"""One test per rule of the follow-up policy (DESIGN.md §3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.event import EventStatus
from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.interview import Interview
from nextsteps_shared.notes.reading import NotesReading, Outcome
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy import FollowUpPolicy, is_stale, plan_followups

BERLIN = ZoneInfo("Europe/Berlin")
NOTE, THANKS = FollowUpKind.NEXT_STEPS_NOTE, FollowUpKind.THANK_YOU
FIRST, AGAIN = FollowUpKind.FOLLOW_UP, FollowUpKind.FOLLOW_UP_AGAIN
DEFAULT = FollowUpPolicy()
MakeInterview = Callable[..., Interview]  # the fixture of conftest.py


def at(text: str, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def plan(
    make_interview: MakeInterview,
    owner: Owner,
    start: str,
    *,
    due: date | None = None,
    outcome: Outcome | None = None,
    policy: FollowUpPolicy = DEFAULT,
    now: datetime | None = None,
    **kw: object,
) -> tuple[FollowUp, ...]:
    interview = make_interview(start, **kw)
    moment = now or interview.event.end + timedelta(hours=1)
    return plan_followups(
        interview, NotesReading(due=due, outcome=outcome), [], owner, policy, moment
    )


def by_kind(followups: tuple[FollowUp, ...]) -> dict[tuple[FollowUpKind, int], datetime]:
    return {(f.kind, f.attempt): f.start for f in followups}


def test_default_chain(make_interview: MakeInterview, owner: Owner) -> None:
    chain = plan(make_interview, owner, "2026-03-03 14:00")  # Tuesday, 60 minutes
    assert by_kind(chain) == {
        (NOTE, 0): at("2026-03-03 15:00"),
        (THANKS, 0): at("2026-03-03 17:00"),
        (FIRST, 0): at("2026-03-10 10:00"),  # 5 business days after Tuesday
        (AGAIN, 1): at("2026-03-17 10:00"),
        (AGAIN, 2): at("2026-03-24 10:00"),
    }
    assert [f.end - f.start for f in chain] == [timedelta(minutes=m) for m in (10, 15, 30, 30, 30)]
    assert {f.timezone for f in chain} == {"Europe/Berlin"}


def test_due_date_gives_the_next_business_day_at_ten(
    make_interview: MakeInterview, owner: Owner
) -> None:
    chain = plan(make_interview, owner, "2026-03-03 14:00", due=date(2026, 3, 4))
    assert by_kind(chain)[FIRST, 0] == at("2026-03-05 10:00")


def test_friday_due_date_follows_up_on_monday(make_interview: MakeInterview, owner: Owner) -> None:
    chain = plan(make_interview, owner, "2026-03-03 14:00", due=date(2026, 3, 6))
    assert by_kind(chain)[FIRST, 0] == at("2026-03-09 10:00")
    assert by_kind(chain)[AGAIN, 1] == at("2026-03-16 10:00")


def test_weekend_due_date_follows_up_on_monday(make_interview: MakeInterview, owner: Owner) -> None:
    chain = plan(make_interview, owner, "2026-03-03 14:00", due=date(2026, 3, 8))
    assert by_kind(chain)[FIRST, 0] == at("2026-03-09 10:00")


def test_follow_up_time_is_configurable(make_interview: MakeInterview, owner: Owner) -> None:
    policy = FollowUpPolicy(follow_up_time=time(8, 30), follow_up_minutes=20)
    chain = plan(make_interview, owner, "2026-03-03 14:00", due=date(2026, 3, 4), policy=policy)
    first = next(f for f in chain if f.kind is FIRST)
    assert (first.start, first.end) == (at("2026-03-05 08:30"), at("2026-03-05 08:50"))


def test_german_holidays_are_skipped_when_configured(
    make_interview: MakeInterview, owner: Owner
) -> None:
    start, due = "2026-12-21 11:00", date(2026, 12, 24)
    plain = by_kind(plan(make_interview, owner, start, due=due))
    german = by_kind(
        plan(make_interview, owner, start, due=due, policy=FollowUpPolicy(holiday_country="DE"))
    )
    assert plain[FIRST, 0] == at("2026-12-25 10:00")
    assert german[FIRST, 0] == at("2026-12-28 10:00")  # 25th and 26th are holidays, then Sunday
    # 5 business days after Mon 28 Dec: 29, 30, 31 Dec, (1 Jan is New Year's Day), 4, 5 Jan
    assert german[AGAIN, 1] == at("2027-01-05 10:00")


def test_times_are_in_the_owners_zone_not_the_interviews(make_interview: MakeInterview) -> None:
    owner = Owner.build(["lena.hoffmann@posteo.de"], timezone="Europe/Berlin")
    new_york = ZoneInfo("America/New_York")
    interview = make_interview("2026-03-03 16:00", zone="America/New_York")  # 22:00 in Berlin
    chain = plan_followups(
        interview,
        NotesReading(due=date(2026, 3, 5)),
        [],
        owner,
        DEFAULT,
        at("2026-03-03 23:30"),
    )
    starts = by_kind(chain)
    assert starts[NOTE, 0] == at("2026-03-03 17:00", new_york) == at("2026-03-03 23:00")
    assert starts[THANKS, 0] == at("2026-03-04 17:00")  # 17:00 Berlin had passed on the 3rd
    assert starts[FIRST, 0] == at("2026-03-06 10:00")
    assert all(f.start.utcoffset() == timedelta(hours=1) for f in chain)
    assert "22:00–23:00 (Europe/Berlin); 16:00 in America/New_York" in chain[0].description


def test_owner_date_decides_the_default_wait(make_interview: MakeInterview) -> None:
    # Friday 18:00 in Los Angeles is already Saturday in Tokyo for an owner there.
    owner = Owner.build(["kenji.sato@nifty.com"], timezone="Asia/Tokyo")
    tokyo = ZoneInfo("Asia/Tokyo")
    interview = make_interview("2026-03-06 17:00", zone="America/Los_Angeles")
    chain = plan_followups(interview, NotesReading(), [], owner, DEFAULT, interview.event.end)
    starts = by_kind(chain)
    assert starts[NOTE, 0] == at("2026-03-09 10:00", tokyo)  # a Saturday end moves to Monday
    assert starts[THANKS, 0] == at("2026-03-09 17:00", tokyo)
    assert starts[FIRST, 0] == at("2026-03-13 10:00", tokyo)


def test_weekend_interview_moves_every_step_to_business_days(
    make_interview: MakeInterview, owner: Owner
) -> None:
    starts = by_kind(plan(make_interview, owner, "2026-03-07 11:00"))  # Saturday
    assert starts[NOTE, 0] == at("2026-03-09 10:00")
    assert starts[THANKS, 0] == at("2026-03-09 17:00")
    assert starts[FIRST, 0] == at("2026-03-13 10:00")


def test_thank_you_moves_to_the_next_business_day_after_a_late_interview(
    make_interview: MakeInterview, owner: Owner
) -> None:
    late = by_kind(plan(make_interview, owner, "2026-03-06 16:30"))  # Friday, ends 17:30
    assert late[NOTE, 0] == at("2026-03-06 17:30")
    assert late[THANKS, 0] == at("2026-03-09 17:00")
    exactly = by_kind(plan(make_interview, owner, "2026-03-05 16:00"))  # ends 17:00 sharp
    assert exactly[THANKS, 0] == at("2026-03-06 17:00")


def test_all_day_interview_gets_its_note_the_next_business_morning(
    make_interview: MakeInterview, owner: Owner
) -> None:
    starts = by_kind(plan(make_interview, owner, "2026-03-05 00:00", minutes=24 * 60, all_day=True))
    assert starts[NOTE, 0] == at("2026-03-06 10:00")
    assert starts[THANKS, 0] == at("2026-03-06 17:00")
    chain = plan(make_interview, owner, "2026-03-05 00:00", minutes=24 * 60, all_day=True)
    assert "Northwind Logistics, Thu 5 Mar 2026 (all day)\n" in chain[0].description


def test_daylight_saving_change_keeps_the_local_hour(
    make_interview: MakeInterview, owner: Owner
) -> None:
    starts = by_kind(plan(make_interview, owner, "2026-03-25 09:00"))  # clocks change on the 29th
    assert starts[FIRST, 0] == at("2026-04-01 10:00")
    assert starts[FIRST, 0].utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(("again", "expected"), [(0, 0), (1, 1), (2, 2), (4, 4)])
def test_persistence_count(
    make_interview: MakeInterview, owner: Owner, again: int, expected: int
) -> None:
    policy = FollowUpPolicy(max_follow_up_again=again, again_after_business_days=3)
    chain = plan(make_interview, owner, "2026-03-03 14:00", policy=policy)
    repeats = [f for f in chain if f.kind is AGAIN]
    assert [f.attempt for f in repeats] == list(range(1, expected + 1))
    previous = [f for f in chain if f.kind in (FIRST, AGAIN)]
    for earlier, later in pairwise(previous):
        assert (later.start - earlier.start).days in (3, 5)  # 3 business days, maybe a weekend


def test_switches_turn_steps_off(make_interview: MakeInterview, owner: Owner) -> None:
    policy = FollowUpPolicy(next_steps_note=False, thank_you=False)
    chain = plan(make_interview, owner, "2026-03-03 14:00", policy=policy)
    assert [f.kind for f in chain] == [FIRST, AGAIN, AGAIN]
    assert by_kind(chain)[FIRST, 0] == at("2026-03-10 10:00")  # the schedule does not move


def test_default_wait_is_configurable(make_interview: MakeInterview, owner: Owner) -> None:
    policy = FollowUpPolicy(default_wait_business_days=2)
    assert by_kind(plan(make_interview, owner, "2026-03-05 14:00", policy=policy))[FIRST, 0] == (
        at("2026-03-09 10:00")
    )


def test_cancelled_interview_gets_nothing(make_interview: MakeInterview, owner: Owner) -> None:
    assert plan(make_interview, owner, "2026-03-03 14:00", status=EventStatus.CANCELLED) == ()


def test_tentative_interview_is_planned(make_interview: MakeInterview, owner: Owner) -> None:
    assert plan(make_interview, owner, "2026-03-03 14:00", status=EventStatus.TENTATIVE)


def test_later_interview_with_the_same_employer_closes_the_chain(
    make_interview: MakeInterview, owner: Owner
) -> None:
    first = make_interview("2026-03-03 14:00")
    second = make_interview("2026-03-12 11:00", uid="onsite-northwind-2", stage="onsite")
    chain = plan_followups(first, NotesReading(), [second], owner, DEFAULT, at("2026-03-03 16:00"))
    assert by_kind(chain) == {  # only what comes before the onsite on the 12th
        (NOTE, 0): at("2026-03-03 15:00"),
        (THANKS, 0): at("2026-03-03 17:00"),
        (FIRST, 0): at("2026-03-10 10:00"),
    }
    booked_sooner = make_interview("2026-03-09 11:00", uid="onsite-northwind-2")
    chain = plan_followups(
        first, NotesReading(), [booked_sooner], owner, DEFAULT, at("2026-03-03 16:00")
    )
    assert [f.kind for f in chain] == [NOTE, THANKS]
    # the later interview's own chain is untouched by the earlier one
    assert (
        len(plan_followups(second, NotesReading(), [first], owner, DEFAULT, at("2026-03-12 13:00")))
        == 5
    )


def test_later_interview_before_the_thank_you_leaves_only_the_note(
    make_interview: MakeInterview, owner: Owner
) -> None:
    first = make_interview("2026-03-03 14:00")
    second = make_interview("2026-03-03 16:00", uid="hm-chat-same-afternoon")
    chain = plan_followups(first, NotesReading(), [second], owner, DEFAULT, at("2026-03-03 16:00"))
    assert [f.kind for f in chain] == [NOTE]


def test_what_does_not_close_the_chain(make_interview: MakeInterview, owner: Owner) -> None:
    first = make_interview("2026-03-10 14:00")
    others = [
        first,  # itself
        make_interview("2026-03-02 10:00", uid="earlier-screen"),  # before
        make_interview("2026-03-10 14:30", uid="overlapping"),  # starts before this one ends
        make_interview("2026-03-12 10:00", uid="called-off", status=EventStatus.CANCELLED),
    ]
    chain = plan_followups(first, NotesReading(), others, owner, DEFAULT, at("2026-03-10 16:00"))
    assert len(chain) == 5


@pytest.mark.parametrize(
    ("outcome", "kinds"),
    [
        (Outcome.OFFER, [NOTE, THANKS]),
        (Outcome.REJECTED, [NOTE, THANKS]),
        (Outcome.HEARD_BACK, [NOTE, THANKS]),
        (Outcome.WITHDRAWN, [NOTE]),
    ],
)
def test_outcome_stops_the_chasing(
    make_interview: MakeInterview, owner: Owner, outcome: Outcome, kinds: list[FollowUpKind]
) -> None:
    chain = plan(make_interview, owner, "2026-03-03 14:00", due=date(2026, 3, 6), outcome=outcome)
    assert [f.kind for f in chain] == kinds


def test_stale_interview_gets_nothing(make_interview: MakeInterview, owner: Owner) -> None:
    interview = make_interview("2026-03-03 14:00")
    end = interview.event.end
    fresh = plan_followups(interview, NotesReading(), [], owner, DEFAULT, end + timedelta(days=13))
    stale = plan_followups(interview, NotesReading(), [], owner, DEFAULT, end + timedelta(days=15))
    assert len(fresh) == 5
    assert stale == ()
    short = FollowUpPolicy(skip_older_than_days=2)
    assert is_stale(interview, NotesReading(), short, end + timedelta(days=3))


def test_a_long_stated_window_is_not_stale_while_it_runs(
    make_interview: MakeInterview, owner: Owner
) -> None:
    interview = make_interview("2026-03-03 14:00")
    notes = NotesReading(due=date(2026, 4, 15))
    chain = plan_followups(interview, notes, [], owner, DEFAULT, at("2026-04-01 09:00"))
    assert by_kind(chain)[FIRST, 0] == at("2026-04-16 10:00")
    assert plan_followups(interview, notes, [], owner, DEFAULT, at("2026-05-01 09:00")) == ()


def test_output_does_not_depend_on_now(make_interview: MakeInterview, owner: Owner) -> None:
    interview = make_interview("2026-03-03 14:00")
    moments = [at("2026-02-01 09:00"), at("2026-03-03 15:30"), at("2026-03-12 08:00")]
    chains = {plan_followups(interview, NotesReading(), [], owner, DEFAULT, m) for m in moments}
    assert len(chains) == 1


def test_rescheduling_recomputes_with_the_same_ids(
    make_interview: MakeInterview, owner: Owner
) -> None:
    before = plan(make_interview, owner, "2026-03-03 14:00")
    after = plan(make_interview, owner, "2026-03-05 09:30")
    assert [f.uid for f in before] == [f.uid for f in after]
    assert by_kind(after)[FIRST, 0] == at("2026-03-12 10:00")


def test_due_before_the_interview_still_follows_up_after_it(
    make_interview: MakeInterview, owner: Owner
) -> None:
    chain = plan(make_interview, owner, "2026-03-03 14:00", due=date(2026, 2, 27))
    assert by_kind(chain)[FIRST, 0] == at("2026-03-04 10:00")  # after the thank-you of the 3rd


def test_bad_settings_are_settings_errors(make_interview: MakeInterview) -> None:
    interview = make_interview("2026-03-03 14:00")
    nowhere = Owner.build(["lena.hoffmann@posteo.de"], timezone="Europe/Atlantis")
    with pytest.raises(SettingsError, match="Atlantis"):
        plan_followups(interview, NotesReading(), [], nowhere, DEFAULT, interview.event.end)
    owner = Owner.build(["lena.hoffmann@posteo.de"], timezone="Europe/Berlin")
    with pytest.raises(SettingsError, match="QQ"):
        plan_followups(
            interview,
            NotesReading(),
            [],
            owner,
            FollowUpPolicy(holiday_country="QQ"),
            interview.event.end,
        )
