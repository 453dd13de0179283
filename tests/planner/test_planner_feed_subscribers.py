"""Real subscribers of the published feed: vdirsyncer's ``http`` storage syncs it into a
``filesystem`` storage, and khal (configured on that folder, fixed locale and zone) lists every
follow-up at its time in the owner's zone; a removed interview's follow-ups leave the folder
at the next sync. Both run as subprocesses with time limits, as a person runs them.

vdirsyncer's http storage gives every item a UID of its own (a hash of its content:
``HttpStorage._ignore_uids``), so what khal lists is matched on time and title."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tests.planner.planner_world import PlannerWorld, next_monday
from tests.planner.served_planner import issue_token, served

from nextsteps_planner.store import PlannerStore
from nextsteps_shared.database import open_database
from nextsteps_shared.feed_links import feed_path

BIN = Path(sys.executable).parent
ZONE = "Europe/Berlin"
VDIRSYNCER_CONFIG = """\
[general]
status_path = "{root}/status/"

[pair followups]
a = "published"
b = "local"
collections = null
conflict_resolution = "a wins"

[storage published]
type = "http"
url = "{url}"

[storage local]
type = "filesystem"
path = "{root}/calendar/"
fileext = ".ics"
"""
KHAL_CONFIG = """\
[calendars]
[[followups]]
path = {root}/calendar/
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}
firstweekday = 0

[sqlite]
path = {root}/khal.db
"""


@pytest.fixture
def world(tmp_path: Path, nats_url: str) -> PlannerWorld:
    planner_world = PlannerWorld(tmp_path / "data", nats_url)
    planner_world.connect()
    return planner_world


class Subscriber:
    """vdirsyncer and khal in a folder of their own."""

    def __init__(self, root: Path, url: str) -> None:
        self.root = root
        (root / "calendar").mkdir(parents=True)
        self.vdirsyncer_config = root / "vdirsyncer.conf"
        self.vdirsyncer_config.write_text(VDIRSYNCER_CONFIG.format(root=root, url=url))
        self.khal_config = root / "khal.conf"
        self.khal_config.write_text(KHAL_CONFIG.format(root=root, zone=ZONE))
        self.env = {
            "PATH": f"{BIN}:/usr/bin:/bin",
            "HOME": str(root),
            "TZ": ZONE,
            "LC_ALL": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
        }

    def run(self, *command: str) -> str:
        result = subprocess.run(
            [str(BIN / command[0]), *command[1:]],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, **self.env},
        )
        assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"
        return result.stdout

    def sync(self) -> None:
        config = str(self.vdirsyncer_config)
        self.run("vdirsyncer", "-c", config, "discover", "followups")
        self.run("vdirsyncer", "-c", config, "sync", "followups")

    def files(self) -> list[Path]:
        return sorted((self.root / "calendar").glob("*.ics"))

    def khal_list(self, first: str, last: str) -> list[str]:
        """``start in the zone|title`` of every event khal lists between the days, sorted."""
        output = self.run(
            "khal", "-c", str(self.khal_config), "list", "--once", "--day-format", "",
            "--format", "{start-date}T{start-time}|{title}", first, last,
        )  # fmt: skip
        return sorted(line for line in output.splitlines() if line)


def test_vdirsyncer_and_khal_see_every_followup_at_its_time(
    world: PlannerWorld, tmp_path: Path
) -> None:
    token = issue_token(world)
    store = PlannerStore(open_database(world.database))
    with served(world) as planner:
        world.publish(world.interview("sub-1", next_monday()))
        world.publish(world.interview("sub-2", next_monday(15), company="Halden Analytics"))
        planner.feed_when(token, lambda body: body.count(b"BEGIN:VEVENT") >= 8)
        subscriber = Subscriber(tmp_path / "subscriber", planner.address + feed_path(token))
        subscriber.sync()
        followups = store.current_followups(world.account_id)
        zone = ZoneInfo(ZONE)
        first = min(f.start for f in followups).astimezone(zone).date() - timedelta(days=1)
        last = max(f.start for f in followups).astimezone(zone).date() + timedelta(days=1)
        listed = subscriber.khal_list(first.isoformat(), last.isoformat())

        world.publish(world.removed("sub-2"))
        planner.feed_when(token, lambda body: b"sub-2" not in body)
        subscriber.sync()
        kept = subscriber.khal_list(first.isoformat(), last.isoformat())

    expected = sorted(f"{f.start.astimezone(zone):%Y-%m-%dT%H:%M}|{f.summary}" for f in followups)
    assert len(expected) >= 8
    assert listed == expected
    assert len(subscriber.files()) == len(kept)
    assert kept == [line for line in expected if "Halden" not in line]
    assert len(kept) < len(expected)
