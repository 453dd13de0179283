"""The addresses ``nextsteps feed url`` prints: webcal:// only for an https:// base URL."""

from __future__ import annotations

import pytest

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.feed_links import base_url, feed_links, feed_path, listening_address
from nextsteps_shared.settings import PublishSettings


def test_an_https_base_url_gives_webcal_and_https_addresses() -> None:
    publish = PublishSettings(base_url="https://feeds.example.org/nextsteps/")

    links = feed_links(publish, "T0k-en_")

    assert links.web == "https://feeds.example.org/nextsteps/feeds/T0k-en_.ics"
    assert links.webcal == "webcal://feeds.example.org/nextsteps/feeds/T0k-en_.ics"


def test_without_a_base_url_the_address_is_where_the_planner_listens() -> None:
    links = feed_links(PublishSettings(host="192.168.1.20", port=8471), "tok")

    assert links.web == "http://192.168.1.20:8471/feeds/tok.ics"
    assert links.webcal is None  # webcal:// means https://: there is none to give
    assert listening_address(PublishSettings(host="::1", port=80)) == "http://[::1]:80"
    assert feed_path("tok") == "/feeds/tok.ics"


def test_a_port_chosen_at_each_start_has_no_address_without_a_base_url() -> None:
    with pytest.raises(SettingsError, match=r"publish\.base_url"):
        base_url(PublishSettings(port=0))
    assert base_url(PublishSettings(port=0, base_url="https://x.example")) == "https://x.example"
    with pytest.raises(SettingsError, match="every interface"):
        base_url(PublishSettings(host="0.0.0.0"))
