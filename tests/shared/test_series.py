"""The occurrence a recurring event's chain hangs off: examples, and Hypothesis against an
independent expansion of the same series (recurring_ical_events over the iCalendar text)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.series import HORIZON, MOST_OCCURRENCES, anchor, first_from, occurrences

BERLIN = ZoneInfo("Europe/Berlin")
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC")


def _series(
    start: datetime,
    rrule: str | None = "FREQ=WEEKLY",
    *,
    minutes: int = 60,
    exdates: tuple[datetime, ...] = (),
    rdates: tuple[datetime, ...] = (),
) -> CalendarEvent:
    zone = getattr(start.tzinfo, "key", "UTC")
    return CalendarEvent(
        uid="pairing@brightwave.io",
        summary="Trial week pairing",
        start=start,
        end=start + timedelta(minutes=minutes),
        timezone=zone,
        rrule=rrule,
        exdates=exdates,
        rdates=rdates,
    )


def _from_json(event: CalendarEvent) -> CalendarEvent:
    """As the planner holds it: through JSON, its times with a fixed offset only."""
    return CalendarEvent.model_validate_json(event.model_dump_json())


# -- examples -----------------------------------------------------------------------------


def test_a_weekly_series_stays_at_ten_across_the_change_to_summer_time() -> None:
    series = _from_json(_series(datetime(2025, 3, 17, 10, tzinfo=BERLIN)))
    assert series.start.tzinfo != BERLIN  # a fixed +01:00: the zone must come from `timezone`
    moved = anchor(series, datetime(2025, 4, 8, tzinfo=UTC))
    assert moved is not None
    assert moved.start == datetime(2025, 4, 7, 10, tzinfo=BERLIN)
    assert moved.start.utcoffset() == timedelta(hours=2)
    assert moved.end - moved.start == timedelta(hours=1)
    assert moved.key == series.key and moved.recurrence_id is None


def test_before_the_first_occurrence_the_first_one_anchors() -> None:
    series = _series(datetime(2025, 3, 17, 10, tzinfo=BERLIN))
    assert anchor(series, datetime(2025, 1, 1, tzinfo=UTC)) == series


def test_the_latest_started_occurrence_anchors_until_the_next_one_starts() -> None:
    series = _series(datetime(2025, 3, 3, 10, tzinfo=BERLIN), "FREQ=DAILY;COUNT=3")
    during = anchor(series, datetime(2025, 3, 4, 10, 30, tzinfo=BERLIN))
    just_before = anchor(series, datetime(2025, 3, 5, 9, 59, tzinfo=BERLIN))
    at_start = anchor(series, datetime(2025, 3, 5, 10, tzinfo=BERLIN))
    assert during is not None and during.start.day == 4
    assert just_before is not None and just_before.start.day == 4
    assert at_start is not None and at_start.start.day == 5


def test_a_finished_series_is_anchored_at_its_last_occurrence() -> None:
    series = _series(datetime(2025, 3, 3, 10, tzinfo=BERLIN), "FREQ=WEEKLY;COUNT=3")
    moved = anchor(series, datetime(2027, 1, 1, tzinfo=UTC))
    assert moved is not None and moved.start == datetime(2025, 3, 17, 10, tzinfo=BERLIN)


def test_exdates_and_overridden_instants_are_never_the_anchor() -> None:
    first = datetime(2025, 3, 3, 10, tzinfo=BERLIN)
    weeks = [first + timedelta(weeks=n) for n in range(4)]
    series = _series(first, "FREQ=WEEKLY;COUNT=4", exdates=(weeks[3].astimezone(UTC),))
    after_all = datetime(2025, 6, 1, tzinfo=UTC)
    moved = anchor(series, after_all, overridden=[weeks[2]])
    assert moved is not None and moved.start == weeks[1]
    before_all = datetime(2025, 1, 1, tzinfo=UTC)
    moved = anchor(series, before_all, overridden=[weeks[0].astimezone(UTC)])
    assert moved is not None and moved.start == weeks[1]  # the first one still to come


def test_a_series_with_every_occurrence_taken_out_has_no_anchor() -> None:
    first = datetime(2025, 3, 3, 10, tzinfo=BERLIN)
    series = _series(first, "FREQ=WEEKLY;COUNT=2", exdates=(first,))
    assert anchor(series, datetime(2025, 6, 1, tzinfo=UTC), [first + timedelta(weeks=1)]) is None


def test_rdates_are_occurrences_and_keep_the_duration() -> None:
    first = datetime(2025, 3, 3, 10, tzinfo=BERLIN)
    extra = datetime(2025, 3, 20, 15, 30, tzinfo=UTC)
    series = _series(first, "FREQ=WEEKLY;COUNT=2", minutes=90, rdates=(extra,))
    moved = anchor(series, datetime(2025, 3, 25, tzinfo=UTC))
    assert moved is not None
    assert moved.start == extra and moved.end == extra + timedelta(minutes=90)
    assert moved.start.tzinfo == BERLIN  # reported in the series' zone


def test_an_event_with_rdates_only_is_a_series() -> None:
    first = datetime(2025, 3, 3, 10, tzinfo=BERLIN)
    series = _series(first, None, rdates=(first + timedelta(days=2),))
    moved = anchor(series, first + timedelta(days=3))
    assert moved is not None and moved.start == first + timedelta(days=2)


def test_an_event_that_does_not_recur_is_its_own_anchor() -> None:
    single = _series(datetime(2025, 3, 3, 10, tzinfo=BERLIN), None)
    assert anchor(single, datetime(2026, 1, 1, tzinfo=UTC)) is single


@pytest.mark.parametrize(
    ("until", "last_day"),
    [
        ("UNTIL=20250317T090000Z", 17),  # UTC, as RFC 5545 wants with a zoned DTSTART
        ("UNTIL=20250317T085959Z", 10),
        ("UNTIL=20250317", 17),  # a date: the whole day
        ("UNTIL=20250317T100000", 17),  # floating: wall time in the series' zone
    ],
)
def test_until_in_every_form_it_is_written(until: str, last_day: int) -> None:
    series = _series(datetime(2025, 3, 3, 10, tzinfo=BERLIN), f"FREQ=WEEKLY;{until}")
    moved = anchor(series, datetime(2025, 6, 1, tzinfo=UTC))
    assert moved is not None and moved.start.day == last_day


def test_all_day_occurrences_last_a_day_on_the_day_the_clocks_change() -> None:
    series = _series(datetime(2025, 3, 23, tzinfo=BERLIN), "FREQ=WEEKLY", minutes=24 * 60)
    moved = anchor(series, datetime(2025, 3, 30, 12, tzinfo=UTC))
    assert moved is not None
    assert moved.start == datetime(2025, 3, 30, tzinfo=BERLIN)
    assert moved.end == datetime(2025, 3, 31, tzinfo=BERLIN)  # 23 hours that Sunday


def test_an_endless_series_far_in_the_past_is_expanded_with_bounded_work() -> None:
    start = datetime(2000, 1, 3, 10, tzinfo=BERLIN)
    series = _series(start, "FREQ=MINUTELY")
    moved = anchor(series, datetime(2030, 1, 1, tzinfo=UTC))
    assert moved is not None  # stopped after MOST_OCCURRENCES, not after 15 million
    assert moved.start == start + timedelta(minutes=MOST_OCCURRENCES - 1)
    weekly = anchor(_series(start), datetime(2030, 1, 1, 12, tzinfo=UTC))
    assert weekly is not None and weekly.start == datetime(2029, 12, 31, 10, tzinfo=BERLIN)


def test_a_rule_that_never_produces_a_date_leaves_the_single_event() -> None:
    start = datetime(2025, 3, 3, 10, tzinfo=BERLIN)
    series = _series(start, "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    assert anchor(series, datetime(2026, 1, 1, tzinfo=UTC)) == series


def test_a_rule_with_escaped_semicolons_is_read() -> None:
    series = _series(datetime(2025, 3, 3, 10, tzinfo=BERLIN), "FREQ=WEEKLY\\;COUNT=2")
    moved = anchor(series, datetime(2026, 1, 1, tzinfo=UTC))
    assert moved is not None and moved.start == datetime(2025, 3, 10, 10, tzinfo=BERLIN)


@pytest.mark.parametrize("rule", ["FREQ=FORTNIGHTLY", "COUNT=3", "FREQ=WEEKLY;UNTIL=soon", ""])
def test_an_unreadable_rule_counts_as_none(rule: str) -> None:
    series = _series(datetime(2025, 3, 3, 10, tzinfo=BERLIN), rule)
    assert anchor(series, datetime(2026, 1, 1, tzinfo=UTC)) == series


def test_first_from_is_an_instance_of_the_series() -> None:
    first = datetime(2025, 3, 3, 10, tzinfo=BERLIN)
    series = _series(first, "FREQ=WEEKLY;COUNT=3", exdates=(first + timedelta(weeks=1),))
    found = first_from(series, first + timedelta(hours=1))
    assert found is not None and found.start == first + timedelta(weeks=2)
    assert found.recurrence_id == found.start and found.key != series.key
    assert first_from(series, first + timedelta(weeks=2, minutes=1)) is None


# -- properties ---------------------------------------------------------------------------

_FREQS = st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"])


@st.composite
def _cases(draw: st.DrawFn) -> tuple[CalendarEvent, datetime, list[datetime], list[datetime]]:
    """A series, ``now``, every occurrence the oracle expands (up to the horizon and one
    past it, unfiltered) and the instants taken out (EXDATEs and overrides)."""
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    day = draw(
        st.dates(min_value=datetime(2024, 1, 1).date(), max_value=datetime(2026, 12, 28).date())
    )
    wall = datetime(
        day.year,
        day.month,
        min(day.day, 28),
        draw(st.integers(0, 23)),
        draw(st.sampled_from([0, 30])),
    )
    start = wall.replace(tzinfo=zone)
    count = draw(st.none() | st.integers(1, 20))
    rule = f"FREQ={draw(_FREQS)};INTERVAL={draw(st.integers(1, 3))}"
    rule += f";COUNT={count}" if count else ""
    now = start + timedelta(hours=draw(st.integers(-24 * 40, 24 * 500)))
    event = _series(start, rule, minutes=draw(st.integers(0, 180)))
    expanded = _oracle(event, max(now, start) + HORIZON)
    taken = draw(st.sets(st.integers(0, 24)))
    out = [expanded[i] for i in sorted(taken) if i < len(expanded)]
    split = draw(st.integers(0, len(out)))
    event = event.model_copy(update={"exdates": tuple(o.astimezone(UTC) for o in out[:split])})
    return _from_json(event), now, expanded, out[split:]


def _oracle(event: CalendarEvent, until: datetime) -> list[datetime]:
    """The occurrences recurring_ical_events finds in the series' iCalendar text."""
    wall = f"{event.start.astimezone(ZoneInfo(event.timezone)):%Y%m%dT%H%M%S}"
    text = "\r\n".join([
        "BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:oracle",
        f"DTSTART;TZID={event.timezone}:{wall}" if event.timezone != "UTC" else f"DTSTART:{wall}Z",
        f"DURATION:PT{int((event.end - event.start).total_seconds() // 60)}M",
        f"RRULE:{event.rrule}", "END:VEVENT", "END:VCALENDAR", "",
    ])  # fmt: skip
    calendar = icalendar.Calendar.from_ical(text)
    found = recurring_ical_events.of(calendar).between(event.start, until + HORIZON)
    return sorted(component["DTSTART"].dt for component in found)


def _kept(
    event: CalendarEvent, expanded: list[datetime], overridden: list[datetime]
) -> list[datetime]:
    out = {o.astimezone(UTC) for o in (*event.exdates, *overridden)}
    return [o for o in expanded if o.astimezone(UTC) not in out]


@settings(max_examples=150, deadline=None)
@given(_cases())
def test_the_anchor_is_the_latest_started_occurrence_else_the_first_to_come(
    case: tuple[CalendarEvent, datetime, list[datetime], list[datetime]],
) -> None:
    event, now, expanded, overridden = case
    kept = _kept(event, expanded, overridden)
    started = [o for o in kept if o <= now]
    coming = [o for o in kept if o > now]
    expected = started[-1] if started else (coming[0] if coming else None)
    assume(expected is None or expected <= max(now, event.start) + HORIZON)
    moved = anchor(event, now, overridden)

    if expected is None:
        assert moved is None
        return
    assert moved is not None
    assert moved.start == expected  # an occurrence of the rule, never one taken out
    assert moved.start in expanded and moved.start not in overridden
    assert not coming or moved.start <= coming[0]  # never later than the first to come
    assert moved.end - moved.start == event.end - event.start or _clocks_change(moved)
    zone = ZoneInfo(event.timezone)
    assert moved.start.astimezone(zone).time() == event.start.astimezone(zone).time() or _gap(
        moved.start.astimezone(zone)
    )
    assert moved.key == event.key


@settings(max_examples=100, deadline=None)
@given(_cases(), st.integers(0, 24 * 60))
def test_the_anchor_never_moves_back_as_time_goes_on(
    case: tuple[CalendarEvent, datetime, list[datetime], list[datetime]], hours: int
) -> None:
    event, now, _, overridden = case
    earlier = anchor(event, now, overridden)
    later = anchor(event, now + timedelta(hours=hours), overridden)
    assert (earlier is None) == (later is None)
    if earlier is not None and later is not None:
        assert later.start >= earlier.start


@settings(max_examples=100, deadline=None)
@given(_cases())
def test_first_from_is_the_first_kept_occurrence_from_then_on(
    case: tuple[CalendarEvent, datetime, list[datetime], list[datetime]],
) -> None:
    event, moment, expanded, overridden = case
    kept = [o for o in _kept(event, expanded, overridden) if o >= moment]
    assume(not kept or kept[0] <= max(moment, event.start) + HORIZON)
    found = first_from(event, moment, overridden)
    assert (found.start if found else None) == (kept[0] if kept else None)
    listed = list(occurrences(event, max(moment, event.start) + HORIZON, overridden))
    assert listed == sorted(listed)
    assert not set(listed) & {o.astimezone(UTC) for o in (*event.exdates, *overridden)}


def _clocks_change(event: CalendarEvent) -> bool:
    """The wall-clock length is kept, so an occurrence over a DST change lasts an hour more
    or less (or half an hour, in a few zones)."""
    return event.start.utcoffset() != event.end.utcoffset()


def _gap(moment: datetime) -> bool:
    """A wall time the clocks skip: it is reported as the hour after."""
    wall = moment.replace(tzinfo=None)
    return wall.replace(tzinfo=moment.tzinfo).astimezone(UTC).astimezone(moment.tzinfo) != moment
