"""``nextsteps connect google``: asking and printing only; the consent, the check, the choices
and the account record are the shared package's (``nextsteps_shared.accounts.google_*``).

With a terminal it asks where follow-ups go before the consent (that choice decides the
permissions asked), and which calendars to watch after it. Without one it asks nothing: the
consent then needs ``--no-browser`` (the redirected address comes on stdin) or
``--token-file``, and the defaults hold (the primary calendar, follow-ups into it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from google.oauth2.credentials import Credentials

from nextsteps_launcher.account_commands import account_store
from nextsteps_launcher.arguments import UsageError
from nextsteps_shared.accounts.connection import NEW, SAME, Choice, followups_destination
from nextsteps_shared.accounts.google_authorization import (
    CONSENT_TIMEOUT_S,
    PASTE_REDIRECT,
    Consent,
    client_config,
    loopback_consent,
)
from nextsteps_shared.accounts.google_calendar_list import endpoint_url
from nextsteps_shared.accounts.google_connection import (
    GoogleSession,
    check_reconnect,
    connect_google,
    open_google,
    reconnect_scopes,
    scopes_for,
)
from nextsteps_shared.accounts.google_grant import granted_scopes, read_token_file
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.accounts.store import AccountStore
from nextsteps_shared.accounts.vault import VaultError
from nextsteps_shared.backends.caldav_account import CalendarInfo
from nextsteps_shared.messages import SourceKind
from nextsteps_shared.settings import GOOGLE_CLIENT_SECRETS_FILE, NextstepsSettings

_PICK: Final = "pick"  # follow-ups into a calendar the person picks once signed in
_NO_CONSENT_WITHOUT_TERMINAL: Final = (
    "without a terminal, give --no-browser (and paste the redirected address on stdin) "
    "or --token-file FILE"
)


def connect(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Consent, check, choose, store; say where follow-ups go."""
    if args.reconnect:
        return _reconnect(args, settings)
    for address in args.owner:
        if "@" not in address:
            raise UsageError(f"--owner: {address!r} is not an e-mail address")
    asking = sys.stdin.isatty() and not args.watch and args.write_to is None
    where = _ask_where() if asking else (args.write_to or SAME)
    credentials = _consent(args, settings, scopes_for(where))
    session = open_google(credentials, endpoint_url(args.api_endpoint or _endpoint(settings)))
    choice = (
        _ask_choice(session.calendars, where)
        if asking
        else Choice(watch=tuple(args.watch), write_to=where)
    )
    account = connect_google(
        session,
        choice,
        args.owner,
        now=datetime.now(UTC),
        skip_older_than_days=settings.policy.skip_older_than_days,
    )
    account_store(settings).add(account, session.grant)
    _describe(account, session)
    return 0


def _reconnect(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """A new grant for an existing account: same id, calendars and follow-ups."""
    if args.watch or args.write_to or args.owner or args.api_endpoint:
        raise UsageError(
            "--reconnect keeps the account's calendars, owner and endpoint: leave out "
            "--watch, --write-to, --owner and --api-endpoint (or disconnect and connect anew)"
        )
    store = account_store(settings)
    account = store.get(args.reconnect)
    if account.kind is not SourceKind.GOOGLE:
        raise UsageError(f"--reconnect: {account.id} is a {account.kind.value} account")
    scopes = reconnect_scopes(account, _old_grant(store, account.id))
    credentials = _consent(args, settings, scopes, login_hint=account.username)
    session = open_google(credentials, account.url)
    gone = check_reconnect(account, session)
    store.reconnect(account.id, session.grant)
    print(f"Reconnected {account.id} ({session.listed.email}); its calendars and follow-ups stay.")
    for calendar in gone:
        print(f"  {calendar.name}: no longer in the account's calendar list (not read)")
    _print_permissions(session)
    return 0


def _old_grant(store: AccountStore, account_id: str) -> str | None:
    try:
        return store.secret(account_id)
    except VaultError:
        return None


def _endpoint(settings: NextstepsSettings) -> str:
    return settings.google.api_endpoint


def _consent(
    args: argparse.Namespace,
    settings: NextstepsSettings,
    scopes: Sequence[str],
    login_hint: str | None = None,
) -> Credentials:
    """The grant: from --token-file, or the person's consent (pasted or on a loopback port)."""
    if args.token_file is not None:
        return read_token_file(args.token_file)
    if not args.no_browser and not sys.stdin.isatty():
        raise UsageError(_NO_CONSENT_WITHOUT_TERMINAL)
    config = client_config(_client_secrets(args, settings))
    if args.no_browser:
        return _pasted(Consent(config, scopes, PASTE_REDIRECT, login_hint))
    return loopback_consent(config, scopes, _announce, login_hint=login_hint)


def _client_secrets(args: argparse.Namespace, settings: NextstepsSettings) -> Path:
    chosen: Path | None = args.client_secrets or settings.google.client_secrets
    return (chosen or settings.data_dir / GOOGLE_CLIENT_SECRETS_FILE).expanduser()


def _pasted(consent: Consent) -> Credentials:
    print("Open this address in a browser, on any machine, and allow nextsteps access:")
    print(f"  {consent.address}")
    print(f"The browser then ends on a page that does not load ({PASTE_REDIRECT}...).")
    print("Paste that page's whole address here and press Enter:", flush=True)
    pasted = sys.stdin.readline().strip()
    if not pasted:
        raise UsageError("no address was pasted: connect again and paste it on stdin")
    return consent.finish(pasted)


def _announce(address: str) -> None:
    print("Allow nextsteps access in your browser (it should open by itself; if not, open):")
    print(f"  {address}")
    print(
        f"Waiting for Google's answer ({CONSENT_TIMEOUT_S / 60:.0f} minutes at most)...", flush=True
    )


def _ask_where() -> str:
    print("Where should follow-ups go?")
    print("  [1] into the calendar that holds the interview")
    print("  [2] into a new calendar 'Follow-ups (nextsteps)': nextsteps may then write only")
    print("      there and only read your other calendars")
    print("  [3] into another calendar of yours (chosen after you sign in)")
    answer = input("Choose 1, 2 or 3 (Enter: 1) ").strip() or "1"
    if answer not in {"1", "2", "3"}:
        raise UsageError(f"{answer!r} is not 1, 2 or 3")
    return {"1": SAME, "2": NEW, "3": _PICK}[answer]


def _ask_choice(calendars: Sequence[CalendarInfo], where: str) -> Choice:
    for number, calendar in enumerate(calendars, 1):
        print(f"  [{number}] {calendar.name}{' (read-only)' if calendar.read_only else ''}")
    picked = input("Watch which calendars for interviews? (numbers, Enter: [1]) ")
    watch = tuple(_calendar(calendars, n).url for n in picked.replace(",", " ").split())
    if where == _PICK:
        where = _calendar(calendars, input("Write follow-ups into which number? ")).url
    return Choice(watch=watch, write_to=where)


def _calendar(calendars: Sequence[CalendarInfo], number: str) -> CalendarInfo:
    if not number.strip().isdigit() or not 1 <= int(number) <= len(calendars):
        raise UsageError(f"{number.strip()!r} is not one of the numbers 1 to {len(calendars)}")
    return calendars[int(number) - 1]


def _describe(account: Account, session: GoogleSession) -> None:
    print(f"Connected Google account {account.username} as account {account.id}.")
    for calendar in account.calendars:
        mark = "watched" if calendar.watch else "not watched"
        print(f"  {calendar.name}: {mark}{' (read-only)' if calendar.read_only else ''}")
    print(f"Follow-ups will be written {followups_destination(account)}.")
    print(f"Owner address(es): {', '.join(account.owner_addresses)}.")
    _print_permissions(session)


def _print_permissions(session: GoogleSession) -> None:
    held = (s.rsplit("/", 1)[-1] for s in granted_scopes(session.credentials))
    print(f"Permissions granted: {', '.join(held)}.")
