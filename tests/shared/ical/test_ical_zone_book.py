"""ZoneBook: VTIMEZONE rules, names, look-alikes, and the trimmed copy of Outlook rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Timezone
from icalendar.timezone import tzp

from nextsteps_shared.errors import EventDataError
from nextsteps_shared.ical.zone_book import ZoneBook, _trimmed


def outlook_zone(tzid: str, std: tuple[str, str, str], dst: tuple[str, str, str]) -> Timezone:
    """An Outlook-style VTIMEZONE: observances from 1601, yearly rules."""
    (std_rule, std_from, std_to), (dst_rule, dst_from, dst_to) = std, dst
    text = (
        f"BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n"
        f"BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:{std_from}\r\n"
        f"TZOFFSETTO:{std_to}\r\nRRULE:{std_rule}\r\nEND:STANDARD\r\n"
        f"BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:{dst_from}\r\n"
        f"TZOFFSETTO:{dst_to}\r\nRRULE:{dst_rule}\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    )
    component = Timezone.from_ical(text)
    assert isinstance(component, Timezone)
    return component


CENTRAL_EUROPE = outlook_zone(
    "Custom Europe",
    ("FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "+0200", "+0100"),
    ("FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "+0100", "+0200"),
)
US_EASTERN = outlook_zone(
    "Custom Eastern",
    ("FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "-0400", "-0500"),
    ("FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "-0500", "-0400"),
)
SOUTH_AUSTRALIA = outlook_zone(
    "Custom Adelaide",
    ("FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "+1030", "+0930"),
    ("FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "+0930", "+1030"),
)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([CENTRAL_EUROPE, US_EASTERN, SOUTH_AUSTRALIA]),
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2099, 12, 31)),
)
def test_the_trimmed_copy_has_the_same_offsets_from_1970_on(
    component: Timezone, wall: datetime
) -> None:
    original: tzinfo = tzp.create_timezone(component)
    trimmed: tzinfo = tzp.create_timezone(_trimmed(component))
    assert trimmed.utcoffset(wall) == original.utcoffset(wall)


def test_custom_outlook_rules_place_times_before_and_after_1970() -> None:
    book = ZoneBook([CENTRAL_EUROPE])
    for year in (1965, 2024):
        moment, name = book.place("Custom Europe", datetime(year, 7, 1, 12))
        assert moment.astimezone(UTC) == datetime(year, 7, 1, 10, tzinfo=UTC)
    # 2024: a zone with these very offsets exists; 1965: none did, so UTC is reported
    moment, name = book.place("Custom Europe", datetime(2024, 7, 1, 12))
    assert (moment.hour, moment.utcoffset(), name) == (12, timedelta(hours=2), "Europe/Berlin")


def test_a_lookalike_name_is_only_given_where_it_has_the_same_offset() -> None:
    book = ZoneBook([SOUTH_AUSTRALIA])
    for month in range(1, 13):
        wall = datetime(2024, month, 3, 12)
        moment, name = book.place("Custom Adelaide", wall)
        assert moment.replace(tzinfo=None) == wall or name == "UTC"
        rules: tzinfo = tzp.create_timezone(SOUTH_AUSTRALIA)
        offset = rules.utcoffset(wall)
        assert offset is not None
        assert moment.utcoffset() == offset or name == "UTC"
        assert moment.astimezone(UTC) == (wall - offset).replace(tzinfo=UTC)


def test_an_unknown_name_without_vtimezone_is_an_event_data_error() -> None:
    with pytest.raises(EventDataError, match='TZID "Atlantis Standard Time"'):
        ZoneBook([]).place("Atlantis Standard Time", datetime(2024, 1, 1))
