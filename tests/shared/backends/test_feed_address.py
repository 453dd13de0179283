"""Feed URLs made plain, credentials split off and masked, and which addresses are public."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from nextsteps_shared.backends.feed_address import FeedAddress, feed_address, is_public, masked
from nextsteps_shared.errors import FeedRefusedError, SettingsError
from nextsteps_shared.settings import load_settings


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("webcal://cal.example.org/team.ics", FeedAddress("https://cal.example.org/team.ics")),
        ("WEBCALS://cal.example.org:8443/t.ics", FeedAddress("https://cal.example.org:8443/t.ics")),
        ("http://cal.example.org", FeedAddress("http://cal.example.org/")),
        (
            "https://sam%40home:p%3Ass@cal.example.org/f.ics?k=1#top",
            FeedAddress("https://cal.example.org/f.ics?k=1", "sam@home", "p:ss"),
        ),
        ("https://[2001:db8::1]/f.ics", FeedAddress("https://[2001:db8::1]/f.ics")),
    ],
)
def test_a_feed_url_is_made_plain(given: str, expected: FeedAddress) -> None:
    assert feed_address(given) == expected


@pytest.mark.parametrize(
    "given",
    ["ftp://cal.example.org/f.ics", "file:///etc/passwd", "cal.example.org/f.ics", "https://"],
)
def test_other_schemes_and_hostless_urls_are_refused(given: str) -> None:
    with pytest.raises(FeedRefusedError, match="not an http, https or webcal URL"):
        feed_address(given)


def test_passwords_are_masked_in_listings() -> None:
    assert (
        masked("https://sam:s3cret@cal.example.org/f.ics")
        == "https://sam:***@cal.example.org/f.ics"
    )
    assert masked("https://cal.example.org/f.ics") == "https://cal.example.org/f.ics"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700::6810:84e5", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata, link-local
        ("100.64.0.1", False),  # shared address space
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # loopback inside IPv4-mapped IPv6
        ("::ffff:93.184.215.14", True),
    ],
)
def test_only_global_unicast_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_allow_hosts_takes_host_names_only(tmp_path: Path) -> None:
    settings = load_settings(
        tmp_path, feeds={"allow_hosts": ["Calendar.Intranet", "[::1]", "10.0.0.7"]}
    )
    assert settings.feeds.allow_hosts == ("calendar.intranet", "::1", "10.0.0.7")
    with pytest.raises(SettingsError, match=r"feeds\.allow_hosts"):
        load_settings(tmp_path, feeds={"allow_hosts": ["https://calendar.intranet/"]})
