"""The command line of ``nextsteps``: its commands, options and help."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn


class UsageError(Exception):
    """Bad usage: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(prog="nextsteps", description=_DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_plan(
        commands.add_parser("plan", help="dry run: what nextsteps would plan for an .ics file")
    )
    _add_run(commands.add_parser("run", help="run nextsteps on its embedded default"))
    _add_common(
        commands.add_parser("settings", help="print the effective settings (secrets hidden)")
    )
    return parser


_DESCRIPTION = (
    "nextsteps recognises your job interviews in your calendars and plans follow-ups "
    "so that no employer's silence goes unanswered."
)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="data directory (settings.toml, state); "
        "default: NEXTSTEPS_DATA_DIR or the user data directory",
    )


def _add_plan(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("file", type=Path, help="an iCalendar (.ics) file; - for standard input")
    parser.add_argument(
        "--owner",
        action="append",
        default=[],
        metavar="EMAIL",
        help="one of your addresses (repeatable); adds to the settings' owner",
    )
    parser.add_argument(
        "--employer",
        action="append",
        default=[],
        metavar="DOMAIN",
        help="your current employer's domain (repeatable); default: inferred",
    )
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        default=None,
        help="zone for floating times and for follow-ups of zone-less events "
        "(default: the owner's zone from settings, else the system's)",
    )
    parser.add_argument(
        "--now",
        metavar="ISO-8601",
        default=None,
        help="plan as if it were this moment (default: now)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line per VEVENT")


def _add_run(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per line per VEVENT")
