"""``nextsteps-ingest``: the ingest service as its own process.

    nextsteps-ingest [--data-dir DIR] [--poll-interval SECONDS] [--once]
    nextsteps-ingest status [--json] [--data-dir DIR]

``status`` reads ingest's tables and prints what it knows per account (no broker needed).

Needs a broker URL (``NEXTSTEPS_BROKER_URL`` or ``broker_url`` in settings.toml; ``nextsteps
run`` passes its embedded broker's). Stops cleanly on SIGTERM or SIGINT: the round in
progress is abandoned and nothing unacknowledged is committed. Exit status: 0 done, 1 the
broker failed during ``--once``, 2 the broker or the settings are unusable.

While it serves (not ``--once``) it answers ``/healthz``, ``/readyz`` and ``/metrics`` on
``ops.host``:``ops.ingest_port`` (:mod:`operations`), from before it connects to the broker.
Logs go to stderr as ``log_format`` says (text or JSON lines), at ``log_level``, secrets masked.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
from collections.abc import Sequence
from pathlib import Path

from nextsteps_ingest.operations import ops_served
from nextsteps_ingest.service import create_app
from nextsteps_ingest.status_report import ingest_status
from nextsteps_shared.database import open_database, settings_database_url
from nextsteps_shared.errors import NextstepsError, SettingsError
from nextsteps_shared.ops.logs import configure_logging
from nextsteps_shared.settings import NextstepsSettings, load_settings

_log = logging.getLogger("nextsteps_ingest")


def parser() -> argparse.ArgumentParser:
    """The command line of ``nextsteps-ingest``."""
    result = argparse.ArgumentParser(
        prog="nextsteps-ingest",
        description="Read the connected calendars and publish interview changes to the queue.",
    )
    result.add_argument("--data-dir", type=Path, default=None, help="the data directory")
    result.add_argument(
        "--poll-interval",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="pause between rounds (fractions allowed; default 60)",
    )
    result.add_argument("--once", action="store_true", help="sync every account once and exit")
    commands = result.add_subparsers(dest="command")
    status = commands.add_parser("status", help="what ingest knows per account (read-only)")
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the service; return the exit status."""
    args = parser().parse_args(argv)
    try:
        settings = load_settings(args.data_dir)
    except SettingsError as err:
        logging.basicConfig(level=logging.INFO)
        _log.error("%s", err)
        return 2
    if args.command == "status":
        return _status(settings, as_json=args.json)
    configure_logging(settings, "ingest")
    return asyncio.run(_serve(settings, args.poll_interval, once=args.once))


async def _serve(settings: NextstepsSettings, poll_interval: float, *, once: bool) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    app = create_app(settings, poll_interval=poll_interval)
    ops = contextlib.AsyncExitStack()
    try:
        if not once:
            await ops.enter_async_context(ops_served(app, settings.ops))
        await app.start()
        _log.info("ingest started (poll every %.3g s%s)", poll_interval, ", once" if once else "")
        return await app.serve(stop, once=once)
    except NextstepsError as err:  # broker or database unreachable, settings, schema: say which
        _log.error("%s", err)
        return 2
    finally:
        await app.close()
        await ops.aclose()


def _status(settings: NextstepsSettings, *, as_json: bool) -> int:
    engine = open_database(settings_database_url(settings))
    try:
        report = ingest_status(engine)
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps({"accounts": report}, sort_keys=True))
        return 0
    for account, figures in sorted(report.items()):
        counts = ", ".join(f"{k}={v}" for k, v in figures.items() if k != "interview_uids")
        print(f"{account}: {counts}")
    return 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("the poll interval must be more than 0 seconds")
    return value


if __name__ == "__main__":
    raise SystemExit(main())
