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
    _add_run(commands.add_parser("run", help="run the pipeline (embedded broker by default)"))
    _add_demo(commands.add_parser("demo", help="the whole pipeline on a local demo calendar"))
    _add_common(
        commands.add_parser("settings", help="print the effective settings (secrets hidden)")
    )
    _add_connect(commands.add_parser("connect", help="connect a calendar account"))
    _add_subscribe(commands.add_parser("subscribe", help="subscribe to an ICS/webcal feed"))
    _add_common(accounts := commands.add_parser("accounts", help="list the connected accounts"))
    accounts.add_argument("--json", action="store_true", help="one JSON object per account")
    _add_disconnect(commands.add_parser("disconnect", help="forget an account"))
    for verb in ("pause", "resume"):
        _add_account(commands.add_parser(verb, help=f"{verb} polling an account"))
    _add_common(status := commands.add_parser("status", help=_STATUS_HELP))
    status.add_argument("--json", action="store_true", help="one JSON object per account")
    _add_correction(commands.add_parser("ignore", help="an event is not one of your interviews"))
    _add_correction(commands.add_parser("track", help="an event is one of your interviews"))
    _add_feed(commands.add_parser("feed", help="your follow-ups as a feed to subscribe to"))
    _add_common(commands.add_parser("migrate", help=_MIGRATE_HELP))
    return parser


_MIGRATE_HELP = "bring the state database's schema up to date (the services do it on start too)"
_STATUS_HELP = (
    "per account: last sync and error, interviews found, follow-ups written, dead letters"
)


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
    parser.add_argument(
        "file", type=Path, nargs="?", help="an iCalendar (.ics) file; - for standard input"
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        help="plan the sample calendar nextsteps ships (as of 2 March 2026)",
    )
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
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="seconds between polls of each account (fractions allowed)",
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="sync every account once, plan and write everything, then exit",
    )


def _add_demo(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("--poll-interval", type=float, default=2.0, metavar="SECONDS")
    parser.add_argument("--once", action="store_true", help="exit once the follow-ups are written")


def _add_account(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("account", help="the account's id (see 'nextsteps accounts')")


def _add_correction(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument(
        "event",
        metavar="EVENT",
        help="the event's UID ('nextsteps status' lists your interviews' UIDs; "
        "'nextsteps plan FILE.ics --json' those of every event of a calendar file)",
    )
    parser.add_argument(
        "--account", default=None, help="only in this account (default: in every account)"
    )


def _add_disconnect(parser: argparse.ArgumentParser) -> None:
    _add_account(parser)
    parser.add_argument(
        "--remove-followups",
        action="store_true",
        help="first delete the follow-ups nextsteps wrote into its calendars",
    )


def _add_connect(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    caldav = kinds.add_parser("caldav", help="a CalDAV account (iCloud, Fastmail, Nextcloud, ...)")
    _add_common(caldav)
    caldav.add_argument("url", help="server URL, bare host name or e-mail address (RFC 6764)")
    caldav.add_argument("--username", required=True)
    secret = caldav.add_mutually_exclusive_group()
    secret.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    secret.add_argument("--password-env", metavar="VAR", help="take the password from $VAR")
    caldav.add_argument(
        "--owner",
        action="append",
        default=[],
        metavar="EMAIL",
        help="your address (repeatable); default: the username if it is one",
    )
    caldav.add_argument(
        "--watch",
        action="append",
        default=[],
        metavar="CALENDAR",
        help="a calendar to watch, by name or URL (repeatable); default: all",
    )
    caldav.add_argument(
        "--write-to",
        metavar="CALENDAR",
        default=None,
        help="where follow-ups go: 'same' (the interview's calendar, default), "
        "'new' (a dedicated calendar nextsteps creates), or a calendar's name/URL",
    )
    _add_connect_google(kinds)


def _add_connect_google(kinds: argparse._SubParsersAction[_Parser]) -> None:
    google = kinds.add_parser(
        "google",
        help="a Google Calendar account (OAuth consent in a browser)",
        description=_GOOGLE_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(google)
    google.add_argument(
        "--client-secrets",
        type=Path,
        metavar="FILE",
        default=None,
        help="the OAuth client (type Desktop app) JSON from Google Cloud console; default: "
        "the google.client_secrets setting, else DATA_DIR/google_client_secret.json",
    )
    how = google.add_mutually_exclusive_group()
    how.add_argument(
        "--no-browser",
        action="store_true",
        help="for headless machines: print the consent address, open it in any browser, "
        "then paste the address the browser ends on (a page that does not load) on stdin",
    )
    how.add_argument(
        "--token-file",
        type=Path,
        metavar="FILE",
        default=None,
        help="an authorized-user JSON (token, refresh_token, client_id, client_secret, "
        "token_uri, scopes) instead of the consent in a browser",
    )
    google.add_argument(
        "--api-endpoint",
        metavar="URL",
        default=None,
        help="another Calendar v3 endpoint (an emulator); default: the google.api_endpoint "
        "setting, https://www.googleapis.com/calendar/v3/",
    )
    google.add_argument(
        "--reconnect",
        metavar="ACCOUNT",
        default=None,
        help="give a Google account that needs a reconnect a new grant; it keeps its id, "
        "calendars and follow-ups",
    )
    google.add_argument(
        "--owner",
        action="append",
        default=[],
        metavar="EMAIL",
        help="your address (repeatable); default: the Google account's address",
    )
    google.add_argument(
        "--watch",
        action="append",
        default=[],
        metavar="CALENDAR",
        help="a calendar to watch, by name or id (repeatable); default: the primary calendar",
    )
    google.add_argument(
        "--write-to",
        metavar="CALENDAR",
        default=None,
        help="where follow-ups go: 'same' (the interview's calendar, default), 'new' (a "
        "calendar nextsteps creates and owns, with narrower permissions), or a calendar's "
        "name/id",
    )


_GOOGLE_DESCRIPTION = """\
Connect a Google Calendar account: you consent in a browser (OAuth installed-app flow),
then nextsteps stores the grant encrypted and refreshes its access token by itself.

Permissions asked (the narrowest that do the job):
  default (--write-to same or a calendar's name):
    calendar.events                  read your events, write follow-ups beside them
    calendar.calendarlist.readonly   list your calendars
  --write-to new:
    calendar.events.readonly         read your events (no writing into your calendars)
    calendar.app.created             own the calendar nextsteps creates for follow-ups
    calendar.calendarlist.readonly   list your calendars

Without a terminal nothing is asked: the primary calendar is watched and follow-ups go
into it. An OAuth app left in 'Testing' status gets refresh tokens that expire after 7
days; publish it (or use an Internal app of a Workspace) to avoid weekly reconnects.
"""


def _add_subscribe(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument(
        "url", help="the feed's URL: https://, http:// or webcal:// (read as https://)"
    )
    parser.add_argument(
        "--owner",
        action="append",
        default=[],
        metavar="EMAIL",
        help="your address (repeatable), so that your interviews in the feed are found",
    )
    parser.add_argument(
        "--write-to",
        metavar="ACCOUNT:CALENDAR",
        default=None,
        help="a writable calendar of another account (its name or URL) for the follow-ups; "
        "they always go to the account's follow-up file too",
    )


def _add_feed(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, parser_class=_Parser)
    url = actions.add_parser("url", help="print the webcal:// and https:// feed addresses")
    rotate = actions.add_parser(
        "rotate", help="a new feed address; the old one stops working at once"
    )
    for action in (url, rotate):
        _add_common(action)
        action.add_argument(
            "account",
            nargs="?",
            default=None,
            help="the account's id (see 'nextsteps accounts'); default: every account "
            "(rotate: the only one)",
        )
