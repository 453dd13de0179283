"""``GET /feeds/<token>.ics`` over a real socket: the served planner's answers to calendar apps
(200 with the account's calendar, 304 to conditional requests, 404 to anything else)."""

from __future__ import annotations

import asyncio
import gzip
import socket
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import icalendar
import pytest
from tests.planner.planner_world import PlannerWorld, next_monday
from tests.planner.served_planner import QUICK, ServedPlanner, issue_token, served

from nextsteps_planner.service import create_app
from nextsteps_shared.data_layout import followup_file
from nextsteps_shared.errors import SettingsError
from nextsteps_shared.settings import PublishSettings

CALENDAR = "text/calendar; charset=utf-8"


@pytest.fixture
def world(tmp_path: Path, nats_url: str, state_database: str) -> PlannerWorld:
    """The world on SQLite, then on PostgreSQL."""
    planner_world = PlannerWorld(tmp_path, nats_url, state_database)
    planner_world.connect()
    return planner_world


def has_events(body: bytes) -> bool:
    return b"BEGIN:VEVENT" in body


def test_the_feed_is_the_accounts_calendar_with_its_headers(world: PlannerWorld) -> None:
    token = issue_token(world)
    with served(world) as planner:
        world.publish(world.interview("feed-1", next_monday()))
        body = planner.feed_when(token, has_events)
        reply = planner.feed(token)

    assert reply.status == 200
    assert reply.body == body == followup_file(world.data_dir, world.account_id).read_bytes()
    assert reply.headers["content-type"] == CALENDAR
    assert reply.headers["etag"].startswith('"') and len(reply.headers["etag"]) > 20
    assert parsedate_to_datetime(reply.headers["last-modified"]).tzinfo is not None
    assert "private" in reply.headers["cache-control"]
    calendar = icalendar.Calendar.from_ical(body)
    assert not [c.errors for c in calendar.walk() if c.errors]
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    events = calendar.walk("VEVENT")
    assert len(events) >= 3
    assert all(str(e["UID"]).endswith("@nextsteps") for e in events)


def test_conditional_requests_get_304_without_a_body(world: PlannerWorld) -> None:
    token = issue_token(world)
    with served(world) as planner:
        world.publish(world.interview("feed-2", next_monday()))
        planner.feed_when(token, has_events)
        full = planner.feed(token)
        etag, modified = full.headers["etag"], full.headers["last-modified"]
        earlier = format_datetime(parsedate_to_datetime(modified) - timedelta(hours=1), True)
        answers = {
            "same tag": planner.feed(token, {"If-None-Match": etag}),
            "weak tag in a list": planner.feed(token, {"If-None-Match": f'"x", W/{etag}'}),
            "same time": planner.feed(token, {"If-Modified-Since": modified}),
            "other tag": planner.feed(token, {"If-None-Match": '"0123"'}),
            "earlier time": planner.feed(token, {"If-Modified-Since": earlier}),
            "other tag, same time": planner.feed(
                token, {"If-None-Match": '"0123"', "If-Modified-Since": modified}
            ),
        }

    statuses = {name: reply.status for name, reply in answers.items()}
    assert statuses == {
        "same tag": 304,
        "weak tag in a list": 304,
        "same time": 304,
        "other tag": 200,
        "earlier time": 200,
        "other tag, same time": 200,  # If-None-Match decides when both are given
    }
    assert answers["same tag"].body == b""
    assert answers["same tag"].headers["etag"] == etag
    assert answers["other tag"].body == full.body


def test_an_unknown_token_or_path_is_not_found_and_rotation_ends_the_old_address(
    world: PlannerWorld,
) -> None:
    old = issue_token(world)
    with served(world) as planner:
        world.publish(world.interview("feed-3", next_monday()))
        planner.feed_when(old, has_events)
        wrong = planner.feed(old[:-1] + ("A" if old[-1] != "A" else "B"))
        elsewhere = planner.get("/feeds/")
        no_suffix = planner.get(f"/feeds/{old}")
        bad_path = planner.get("/nothing-here")
        new = issue_token(world)  # `nextsteps feed rotate`
        after_old = planner.feed(old)
        after_new = planner.feed(new)

    for reply in (wrong, elsewhere, no_suffix, bad_path, after_old):
        assert (reply.status, reply.body) == (404, bad_path.body)
        assert "etag" not in reply.headers
    assert after_new.status == 200
    assert has_events(after_new.body)


def test_a_token_of_an_account_without_followups_gets_an_empty_calendar(
    world: PlannerWorld,
) -> None:
    token = issue_token(world)
    with served(world) as planner:
        reply = planner.feed(token)

    assert reply.status == 200
    calendar = icalendar.Calendar.from_ical(reply.body)
    assert calendar.walk("VEVENT") == []
    assert followup_file(world.data_dir, world.account_id).read_bytes() == reply.body


def test_a_disconnected_accounts_feed_is_gone(world: PlannerWorld) -> None:
    token = issue_token(world)
    with served(world) as planner:
        before = planner.feed(token)
        world.accounts.remove(world.account_id)
        after = planner.feed(token)

    assert (before.status, after.status) == (200, 404)


def test_clients_that_accept_gzip_get_it_with_its_own_tag(world: PlannerWorld) -> None:
    token = issue_token(world)
    with served(world) as planner:
        world.publish(world.interview("feed-4", next_monday()))
        body = planner.feed_when(token, has_events)
        zipped = planner.feed(token, {"Accept-Encoding": "br, gzip;q=0.8"})
        refused = planner.feed(token, {"Accept-Encoding": "gzip;q=0"})
        again = planner.feed(
            token, {"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]}
        )

    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == body
    assert len(zipped.body) < len(body) / 2
    assert zipped.headers["etag"] != refused.headers["etag"]
    assert "content-encoding" not in refused.headers
    assert refused.body == body
    assert again.status == 304


def test_head_answers_the_headers_alone(world: PlannerWorld) -> None:
    token = issue_token(world)
    with served(world) as planner:
        planner.feed(token)
        reply = planner.get(f"/feeds/{token}.ics", method="HEAD")
    assert reply.status == 200
    assert reply.headers["content-type"] == CALENDAR
    assert reply.body == b""


def test_served_answers_from_the_planner_alone(world: PlannerWorld) -> None:
    """The feed server is part of ``run``: it stops with it (nothing left listening)."""
    token = issue_token(world)
    with served(world) as planner:
        assert planner.feed(token).status == 200
    with pytest.raises(ConnectionRefusedError):
        ServedPlanner(planner.app, planner.address).feed(token)


def test_a_port_in_use_stops_the_planner_with_a_clear_error(world: PlannerWorld) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = world.settings.model_copy(update={"publish": PublishSettings(port=port)})
        app = create_app(settings, timing=QUICK)
        with pytest.raises(SettingsError, match=rf"127\.0\.0\.1 port {port}: .*publish\.port"):
            asyncio.run(asyncio.wait_for(app.run(asyncio.Event()), 30))
