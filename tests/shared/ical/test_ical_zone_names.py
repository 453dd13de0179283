"""Time-zone names as calendars write them, mapped to IANA ids."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from nextsteps_shared.ical.windows_zones import WINDOWS_ZONES
from nextsteps_shared.ical.zone_names import iana_name, is_iana_id


def test_every_windows_zone_maps_to_a_zone_that_zoneinfo_knows() -> None:
    assert len(WINDOWS_ZONES) >= 135  # CLDR lists about 140 Windows ids
    for windows, zone in WINDOWS_ZONES.items():
        expected = "UTC" if windows == "UTC" else zone  # "UTC" is also an IANA id
        assert iana_name(windows) == expected
        ZoneInfo(zone)


def test_the_windows_table_covers_every_id_icalendar_knows() -> None:
    assert set(WINDOWS_TO_OLSON) <= set(WINDOWS_ZONES)


@pytest.mark.parametrize(
    ("written", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("  Europe/Berlin ", "Europe/Berlin"),
        ('"America/New_York"', "America/New_York"),
        ("US/Eastern", "US/Eastern"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("Z", "UTC"),
        ("Romance Standard Time", "Europe/Paris"),
        ("romance standard time", "Europe/Paris"),
        ("Pacific Standard Time:", "America/Los_Angeles"),  # a stray colon some writers leave
        ("UTC-11", "Etc/GMT+11"),  # the Windows id, as CLDR maps it
        ("/freeassociation.sourceforge.net/Tzfile/Europe/Berlin", "Europe/Berlin"),
        ("/freeassociation.sourceforge.net/Europe/Berlin", "Europe/Berlin"),
        ("/softwarestudio.org/Olson_20011030_5/America/Chicago", "America/Chicago"),
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Amsterdam"),
        ("(GMT-08:00) Pacific Time (US & Canada); Tijuana", "America/Los_Angeles"),
        ("Pacific Time (US & Canada)\\, Tijuana", "America/Los_Angeles"),
        ("(UTC+09:00) Osaka, Sapporo, Tokyo", "Asia/Tokyo"),
        ("Kuala Lumpur\\, Singapore", "Asia/Kuala_Lumpur"),
        ("(UTC-03:00) Brasília", "Etc/GMT+3"),
        ("GMT+0530", None),  # not whole hours: no Etc zone says it
        ("GMT+0100", "Etc/GMT-1"),
        ("GMT -0500", "Etc/GMT+5"),
        ("UTC+00:00", "UTC"),
    ],
)
def test_names_writers_use(written: str, zone: str | None) -> None:
    assert iana_name(written) == zone


@pytest.mark.parametrize(
    "written",
    ["", "FOO", "LOLOLOL", "Customized Time Zone", "CUSTOM_tzid", "US-Eastern", "x" * 5000],
)
def test_names_that_say_nothing_resolve_to_none(written: str) -> None:
    assert iana_name(written) is None


def test_only_real_iana_ids_count_as_iana_ids() -> None:
    assert is_iana_id("Europe/Moscow")
    assert is_iana_id("/Europe/Moscow")
    assert is_iana_id("UTC")
    assert not is_iana_id("W. Europe Standard Time")
    assert not is_iana_id("/mozilla.org/20070129_1/Europe/Berlin")
