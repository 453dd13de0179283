"""``nextsteps-planner``: the planner service's own entry point (for containers, scaling out,
and the ``nextsteps run`` supervisor, which passes ``NEXTSTEPS_BROKER_URL``).

``nextsteps-planner status [--json]`` prints what the planner holds per account (its tables
only; no broker needed): ``nextsteps status`` runs it.

While it serves (not ``--once``) it answers ``/healthz``, ``/readyz`` and ``/metrics`` on
``ops.host``:``ops.planner_port`` (:mod:`operations`). Logs go to stderr as ``log_format``
says (text or JSON lines), at ``log_level``, secrets masked. SIGTERM or SIGINT stops it: the
batch in hand is finished, whatever was fetched and not begun is handed back at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from nextsteps_planner.operations import ops_served
from nextsteps_planner.service import PlannerApp, create_app
from nextsteps_planner.status_report import planner_status
from nextsteps_shared.database import open_database, settings_database_url
from nextsteps_shared.errors import NextstepsError
from nextsteps_shared.ops.logs import configure_logging
from nextsteps_shared.settings import NextstepsSettings, OpsSettings, load_settings

_log = logging.getLogger("nextsteps_planner")


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="nextsteps-planner",
        description="Plan follow-ups for the interviews on the queue and write them.",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="state directory")
    parser.add_argument(
        "--once",
        action="store_true",
        help="consume until nothing is pending, then exit",
    )
    commands = parser.add_subparsers(dest="command")
    status = commands.add_parser("status", help="what the planner holds per account (read-only)")
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    return parser.parse_args(argv)


async def _serve(app: PlannerApp, once: bool, ops: OpsSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    try:
        if once:
            await app.run_once(stop)
        else:
            async with ops_served(app, ops):
                await app.run(stop)
    finally:
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(number)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the planner; 0 on a clean stop, 2 on a configuration problem, 1 on failure."""
    arguments = _arguments(argv)
    try:
        settings = load_settings(arguments.data_dir)
        if arguments.command == "status":
            return _status(settings, as_json=arguments.json)
        configure_logging(settings, "planner")
        app = create_app(settings)
    except NextstepsError as err:
        print(f"nextsteps-planner: {err}", file=sys.stderr)
        return 2
    try:
        asyncio.run(_serve(app, arguments.once, settings.ops))
    except NextstepsError as err:
        _log.error("stopped: %s", err)
        return 1
    return 0


def _status(settings: NextstepsSettings, *, as_json: bool) -> int:
    engine = open_database(settings_database_url(settings))
    try:
        report = planner_status(engine, datetime.now(UTC))
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps({"accounts": report}, sort_keys=True))
        return 0
    for account, held in sorted(report.items()):
        counts = ", ".join(f"{k}={v}" for k, v in held["followups"].items())
        print(
            f"{account}: interviews={len(held['interviews'])}, {counts}, "
            f"dead_letters={held['dead_letters']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
