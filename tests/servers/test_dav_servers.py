"""The test servers start on a free port, answer CalDAV, and are gone after the block."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from tests.servers.dav_servers import DavServer, new_calendar, running_radicale, running_xandikos
from tests.servers.process import LOOPBACK, free_port, listening


@pytest.mark.parametrize("start", [running_radicale, running_xandikos])
def test_a_server_runs_only_inside_its_block(
    start: Callable[[Path], AbstractContextManager[DavServer]], tmp_path: Path
) -> None:
    with start(tmp_path) as server:
        port = urlsplit(server.base_url).port
        assert port is not None
        calendar = new_calendar(server)
        assert server.request("PROPFIND", calendar, Depth="0") == 207
    assert not listening(port)


def test_free_ports_are_free() -> None:
    port = free_port()
    assert not listening(port)
    assert LOOPBACK == "127.0.0.1"
