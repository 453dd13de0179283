"""Entry point of the ``nextsteps`` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from nextsteps_launcher import (
    account_commands,
    correction_commands,
    feed_commands,
    google_commands,
    migration_commands,
    status_view,
)
from nextsteps_launcher.arguments import UsageError, build_parser
from nextsteps_launcher.demo import run_demo
from nextsteps_launcher.plan_view import json_lines, table
from nextsteps_launcher.supervisor import Supervisor
from nextsteps_shared.dry_run import DryRun, dry_run
from nextsteps_shared.errors import NextstepsError
from nextsteps_shared.localzone import is_zone, system_zone_name
from nextsteps_shared.owner import Owner
from nextsteps_shared.settings import NextstepsSettings, load_settings

# The sample calendar shows interviews of early March 2026; it is planned as of this moment.
SAMPLE_NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
SAMPLE_OWNER = "sam.rivera@example.net"
SAMPLE_ZONE = "Europe/Berlin"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; exit status 0 on success, 2 on bad usage or unreadable input."""
    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args)
    except (UsageError, NextstepsError) as err:
        return _fail(str(err))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (``nextsteps plan ... | head``)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:  # the one place that turns surprises into a line
        if os.environ.get("NEXTSTEPS_DEBUG"):
            raise
        return _fail(
            f"internal error: {type(err).__name__}: {err} (NEXTSTEPS_DEBUG=1 shows more)", 1
        )


def _connect(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    if args.kind == "google":
        return google_commands.connect(args, settings)
    return account_commands.connect(args, settings)


_ACCOUNT_COMMANDS: dict[str, Callable[[argparse.Namespace, NextstepsSettings], int]] = {
    "connect": _connect,
    "subscribe": account_commands.subscribe,
    "accounts": account_commands.list_accounts,
    "disconnect": account_commands.disconnect,
    "pause": account_commands.pause_or_resume,
    "resume": account_commands.pause_or_resume,
    "ignore": correction_commands.correct,
    "track": correction_commands.correct,
    "status": status_view.status,
    "feed": feed_commands.feed,
    "migrate": migration_commands.migrate,
}


def _fail(message: str, status: int = 2) -> int:
    print(f"nextsteps: {message}", file=sys.stderr)
    return status


def _dispatch(args: argparse.Namespace) -> int:
    settings = load_settings(args.data_dir)
    if args.command == "plan":
        return _plan(args, settings)
    if args.command == "run":
        return Supervisor(settings, _interval(args.poll_interval)).run(args.once)
    if args.command == "demo":
        return run_demo(settings, args.once, _interval(args.poll_interval))
    if args.command in _ACCOUNT_COMMANDS:
        return _ACCOUNT_COMMANDS[args.command](args, settings)
    print(settings.model_dump_json(indent=2))
    return 0


def _interval(seconds: float) -> float:
    if not seconds > 0:
        raise UsageError(f"--poll-interval: {seconds} is not a positive number of seconds")
    return seconds


def _plan(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    if args.sample:
        return _plan_sample(args, settings)
    if args.file is None:
        raise UsageError("give an .ics file to plan, or --sample")
    zone = _zone(args.tz or settings.owner.timezone)
    owner = _owner(settings, args.owner, args.employer, zone)
    now = _now(args.now, zone)
    data, name = _read(args.file)
    return _show(dry_run(data, owner, settings.policy, now, source=name), args.json)


def _plan_sample(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """The dry run over the sample calendar nextsteps ships."""
    sample = resources.files("nextsteps_launcher").joinpath("samples/interviews.ics")
    owner = Owner.build([SAMPLE_OWNER], timezone=SAMPLE_ZONE)
    if not args.json:
        print(f"Dry run over the sample calendar ({sample.name}), as of {SAMPLE_NOW:%Y-%m-%d}.")
        print("Plan your own calendar with: nextsteps plan FILE.ics --owner YOU@EXAMPLE.COM\n")
    run = dry_run(sample.read_bytes(), owner, settings.policy, SAMPLE_NOW, source=sample.name)
    return _show(run, args.json)


def _show(run: DryRun, as_json: bool) -> int:
    _print_lines(json_lines(run) if as_json else table(run))
    for skipped in run.skipped:
        print(f"nextsteps: skipped {skipped.reason}", file=sys.stderr)
    for value in run.skipped_values:
        print(f"nextsteps: ignored {value.reason}", file=sys.stderr)
    return 0


def _print_lines(lines: Iterable[str]) -> None:
    for line in lines:
        print(line)


def _zone(name: str | None) -> str:
    zone = name or system_zone_name()
    if not is_zone(zone):
        raise UsageError(f"--tz: {zone!r} is not a known time zone (use an IANA name)")
    return zone


def _owner(
    settings: NextstepsSettings, owners: list[str], employers: list[str], zone: str
) -> Owner:
    for address in owners:
        if "@" not in address:
            raise UsageError(f"--owner: {address!r} is not an e-mail address")
    addresses = (*settings.owner.addresses, *owners)
    domains = employers or list(settings.owner.employer_domains)
    return Owner.build(addresses, domains, zone)


def _now(text: str | None, zone: str) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--now: {text!r} is not an ISO-8601 date or time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))


def _read(path: Path) -> tuple[bytes, str]:
    if str(path) == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    try:
        return path.read_bytes(), str(path)
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None


if __name__ == "__main__":
    sys.exit(main())
