"""``nextsteps-planner``: the planner service's own entry point (for containers, scaling out,
and the ``nextsteps run`` supervisor, which passes ``NEXTSTEPS_BROKER_URL``)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from nextsteps_planner.service import PlannerApp, create_app
from nextsteps_shared.errors import NextstepsError
from nextsteps_shared.settings import load_settings

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
    return parser.parse_args(argv)


async def _serve(app: PlannerApp, once: bool) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    try:
        if once:
            await app.run_once(stop)
        else:
            await app.run(stop)
    finally:
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(number)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the planner; 0 on a clean stop, 2 on a configuration problem, 1 on failure."""
    arguments = _arguments(argv)
    try:
        settings = load_settings(arguments.data_dir)
        logging.basicConfig(
            level=settings.log_level.upper(),
            format="%(asctime)s planner %(levelname)s %(name)s: %(message)s",
        )
        app = create_app(settings)
    except NextstepsError as err:
        print(f"nextsteps-planner: {err}", file=sys.stderr)
        return 2
    try:
        asyncio.run(_serve(app, arguments.once))
    except NextstepsError as err:
        _log.error("stopped: %s", err)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
