"""The planner served (``PlannerApp.run``) in a thread of its own, its feed server on a free
loopback port, and plain HTTP requests to it from the test's thread."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from tests.planner.planner_world import FAST, PlannerWorld

from nextsteps_planner.service import PlannerApp, Timing, create_app
from nextsteps_shared.accounts.feed_tokens import FeedTokens
from nextsteps_shared.database import open_database
from nextsteps_shared.feed_links import feed_path

QUICK = Timing(retry=FAST.retry, drain_poll_s=0.05, file_delay_s=0.05)
WAIT_S = 30.0


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class ServedPlanner:
    """A planner serving until the ``served`` block ends."""

    app: PlannerApp
    address: str

    def get(self, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> Reply:
        where = urlsplit(self.address)
        connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=10)
        try:
            connection.request(method, path, headers=headers or {})
            answer = connection.getresponse()
            body = answer.read()
            found = {name.lower(): value for name, value in answer.getheaders()}
            return Reply(answer.status, found, body)
        finally:
            connection.close()

    def feed(self, token: str, headers: dict[str, str] | None = None) -> Reply:
        return self.get(feed_path(token), headers)

    def feed_when(self, token: str, ready: Callable[[bytes], bool]) -> bytes:
        """The feed's body once ``ready`` says so (the planner works while the test waits)."""
        deadline = time.monotonic() + WAIT_S
        while True:
            reply = self.feed(token)
            if reply.status == 200 and ready(reply.body):
                return reply.body
            if time.monotonic() > deadline:
                raise AssertionError(f"the feed never got ready; last: {reply.body[:2000]!r}")
            time.sleep(0.05)


def issue_token(world: PlannerWorld) -> str:
    """What ``nextsteps feed url`` does: a token for the world's account."""
    return FeedTokens(open_database(world.database)).issue(world.account_id)


@contextmanager
def served(
    world: PlannerWorld, clock: Callable[[], datetime] | None = None
) -> Iterator[ServedPlanner]:
    """Serve the world's planner; stops it (and re-raises what it failed with) at the end."""
    app = create_app(world.settings, timing=QUICK, clock=clock)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    failure: list[BaseException] = []

    def serve() -> None:
        try:
            loop.run_until_complete(app.run(stop))
        except BaseException as err:
            failure.append(err)
        finally:
            loop.close()

    thread = threading.Thread(target=serve, name="planner", daemon=True)
    thread.start()
    try:
        yield ServedPlanner(app, _address(app, thread, failure))
    finally:
        with contextlib.suppress(RuntimeError):  # the loop is closed when the planner failed
            loop.call_soon_threadsafe(stop.set)
        thread.join(WAIT_S)
    if failure:
        raise failure[0]


def _address(app: PlannerApp, thread: threading.Thread, failure: list[BaseException]) -> str:
    deadline = time.monotonic() + WAIT_S
    while app.feeds is None or app.feeds.address is None:
        if failure:
            raise failure[0]
        if not thread.is_alive() or time.monotonic() > deadline:
            raise AssertionError("the planner's feed server did not start")
        time.sleep(0.02)
    return app.feeds.address
