"""Hypothesis: the planner's invariants hold for any interview, owner zone, notes and policy."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from random import Random
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from nextsteps_shared.event import CalendarEvent, EventStatus
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.interview import Interview
from nextsteps_shared.notes.reading import NotesReading, Outcome
from nextsteps_shared.owner import Owner
from nextsteps_shared.people import Person
from nextsteps_shared.policy import FollowUpPolicy, business_calendar, plan_followups

ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/St_Johns",
    "America/Santiago",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
)
PEOPLE = (
    Person(email="mei.chen@harbor-analytics.io", name="Mei Chen"),
    Person(email="careers@harbor-analytics.io", name="Harbor Careers"),
    Person(email="noreply@harbor-analytics.io"),
    Person(email="o.adeyemi@harbor-analytics.io", name="Adeyemi, Olu"),
)
OWNER_ADDRESS = "sam.okafor@fastmail.com"

zones = st.sampled_from(ZONES)
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31))


@st.composite
def interviews(draw: st.DrawFn, uid: str = "hx-1@ashbyhq.com") -> Interview:
    zone = draw(zones)
    start = draw(moments).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC).astimezone(ZoneInfo(zone))
    all_day = draw(st.booleans())
    minutes = 24 * 60 * draw(st.integers(1, 2)) if all_day else draw(st.integers(0, 600))
    event = CalendarEvent(
        uid=uid,
        summary=draw(st.sampled_from(["Harbor Analytics – Final round", "", "Chat"])),
        start=start,
        end=start + timedelta(minutes=minutes),
        timezone=zone,
        all_day=all_day,
        status=draw(st.sampled_from([EventStatus.CONFIRMED, EventStatus.TENTATIVE])),
        attendees=(Person(email=OWNER_ADDRESS), *draw(st.lists(st.sampled_from(PEOPLE)))),
    )
    return Interview(
        event=event,
        company=draw(st.sampled_from(["Harbor Analytics", None])),
        role=draw(st.sampled_from(["Data Engineer", None])),
        stage=draw(st.sampled_from(["final round", "technical", None])),
    )


@st.composite
def policies(draw: st.DrawFn) -> FollowUpPolicy:
    return FollowUpPolicy(
        next_steps_note=draw(st.booleans()),
        thank_you=draw(st.booleans()),
        thank_you_time=time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30, 59]))),
        follow_up_time=time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 45]))),
        default_wait_business_days=draw(st.integers(1, 15)),
        again_after_business_days=draw(st.integers(1, 10)),
        max_follow_up_again=draw(st.integers(0, 4)),
        holiday_country=draw(st.sampled_from([None, "DE", "US", "JP", "BR"])),
        skip_older_than_days=10_000,
    )


@st.composite
def cases(
    draw: st.DrawFn,
) -> tuple[Interview, NotesReading, list[Interview], Owner, FollowUpPolicy]:
    interview = draw(interviews())
    local_day = interview.event.start.date()
    due = draw(st.none() | st.integers(-10, 60).map(lambda d: local_day + timedelta(days=d)))
    notes = NotesReading(due=due, outcome=draw(st.none() | st.sampled_from(list(Outcome))))
    others = [draw(_shifted(interview, f"other-{i}")) for i in range(draw(st.integers(0, 3)))]
    owner = Owner.build([OWNER_ADDRESS], timezone=draw(zones))
    return interview, notes, others, owner, draw(policies())


@st.composite
def _shifted(draw: st.DrawFn, interview: Interview, uid: str) -> Interview:
    offset = timedelta(minutes=draw(st.integers(-20 * 24 * 60, 40 * 24 * 60)))
    status = draw(st.sampled_from(list(EventStatus)))
    event = interview.event.model_copy(
        update={
            "uid": uid,
            "start": interview.event.start + offset,
            "end": interview.event.end + offset,
            "status": status,
        }
    )
    return interview.model_copy(update={"event": event})


def _plan(
    case: tuple[Interview, NotesReading, list[Interview], Owner, FollowUpPolicy],
    others: list[Interview] | None = None,
) -> tuple[FollowUp, ...]:
    interview, notes, same, owner, policy = case
    now = interview.event.end + timedelta(days=1)
    return plan_followups(interview, notes, same if others is None else others, owner, policy, now)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_never_before_the_interview_ends_never_off_a_business_day(
    case: tuple[Interview, NotesReading, list[Interview], Owner, FollowUpPolicy],
) -> None:
    interview, _, _, owner, policy = case
    days = business_calendar(policy)
    zone = ZoneInfo(owner.timezone)
    for followup in _plan(case):
        assert followup.start >= interview.event.end
        local = followup.start.astimezone(zone)
        assert local.weekday() < 5, (followup.kind, local)
        assert days.is_business_day(local.date()), (followup.kind, local)
        assert followup.start < followup.end
        assert followup.timezone == owner.timezone
        assert followup.start.utcoffset() == local.utcoffset()


@settings(max_examples=200, deadline=None)
@given(cases())
def test_stable_and_unique_ids_and_a_chain_in_order(
    case: tuple[Interview, NotesReading, list[Interview], Owner, FollowUpPolicy],
) -> None:
    first, second = _plan(case), _plan(case)
    assert first == second
    uids = [f.uid for f in first]
    assert len(set(uids)) == len(uids)
    starts = [f.start for f in first]
    assert starts == sorted(starts)
    assert len(set(starts)) == len(starts)


@settings(max_examples=200, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_order_of_same_employer_interviews_does_not_matter(
    case: tuple[Interview, NotesReading, list[Interview], Owner, FollowUpPolicy],
    rng: Random,
) -> None:
    others = list(case[2])
    rng.shuffle(others)
    assert _plan(case, others) == _plan(case)
    assert _plan(case, [*others, case[0]]) == _plan(case)  # the interview itself is ignored


@settings(max_examples=100, deadline=None)
@given(cases())
def test_nothing_for_a_cancelled_interview(
    case: tuple[Interview, NotesReading, list[Interview], Owner, FollowUpPolicy],
) -> None:
    interview, notes, others, owner, policy = case
    event = interview.event.model_copy(update={"status": EventStatus.CANCELLED})
    cancelled = interview.model_copy(update={"event": event})
    assert plan_followups(cancelled, notes, others, owner, policy, event.end) == ()


@settings(max_examples=100, deadline=None)
@given(cases())
def test_the_full_chain_exists_without_outcome_or_later_interview(
    case: tuple[Interview, NotesReading, list[Interview], Owner, FollowUpPolicy],
) -> None:
    interview, notes, _, owner, policy = case
    plain = NotesReading(due=notes.due)
    chain = plan_followups(interview, plain, [], owner, policy, interview.event.end)
    expected = int(policy.next_steps_note) + int(policy.thank_you) + 1 + policy.max_follow_up_again
    assert len(chain) == expected
    assert chain[-1].start.date() >= date(2024, 1, 1)
