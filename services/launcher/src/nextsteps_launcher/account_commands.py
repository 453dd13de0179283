"""``nextsteps connect caldav``, ``subscribe``, ``accounts``, ``disconnect``, ``pause`` and
``resume``.

Asking and printing only: discovery, the choices and the store are the shared package's.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from nextsteps_launcher.arguments import UsageError
from nextsteps_shared.accounts.channel_book import ChannelBook
from nextsteps_shared.accounts.connection import (
    NEW,
    SAME,
    Choice,
    connect_caldav,
    discover_caldav,
    followups_destination,
)
from nextsteps_shared.accounts.model import Account, AccountState
from nextsteps_shared.accounts.removal import remove_followups, stop_push_channels
from nextsteps_shared.accounts.store import AccountStore, open_account_store
from nextsteps_shared.accounts.subscription import Subscription, find_target, subscribe_feed
from nextsteps_shared.backends.caldav_account import CalendarInfo
from nextsteps_shared.backends.feed_address import masked
from nextsteps_shared.data_layout import followup_file
from nextsteps_shared.database import open_database, settings_database_url
from nextsteps_shared.messages import SourceKind
from nextsteps_shared.settings import NextstepsSettings


def account_store(settings: NextstepsSettings) -> AccountStore:
    """The installation's account store."""
    database = settings.database_url.get_secret_value() if settings.database_url else None
    key = settings.encryption_key.get_secret_value() if settings.encryption_key else None
    return open_account_store(settings.data_dir, database, key)


def connect(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Check the credentials, choose calendars, store the account, say where follow-ups go."""
    password = _password(args)
    owners = list(args.owner) or ([args.username] if "@" in (args.username or "") else [])
    choice = Choice(watch=tuple(args.watch), write_to=args.write_to or SAME)
    if sys.stdin.isatty() and not args.watch and args.write_to is None:
        choice = _ask(asyncio.run(discover_caldav(args.url, args.username, password)))
    account = asyncio.run(
        connect_caldav(
            args.url,
            args.username,
            password,
            choice,
            owners,
            now=datetime.now(UTC),
            skip_older_than_days=settings.policy.skip_older_than_days,
        )
    )
    account_store(settings).add(account, password)
    _describe(account)
    return 0


def subscribe(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Fetch the feed once, store it as an account, say where its follow-ups go."""
    for address in args.owner:
        if "@" not in address:
            raise UsageError(f"--owner: {address!r} is not an e-mail address")
    store = account_store(settings)
    target = find_target(store.all(), args.write_to) if args.write_to else None
    subscription = asyncio.run(
        subscribe_feed(
            args.url,
            args.owner,
            target,
            settings.feeds,
            now=datetime.now(UTC),
            skip_older_than_days=settings.policy.skip_older_than_days,
        )
    )
    store.add(subscription.account, subscription.secret)
    _describe_feed(subscription, settings)
    return 0


def _describe_feed(subscription: Subscription, settings: NextstepsSettings) -> None:
    account = subscription.account
    print(f"Subscribed to {masked(account.url)} as account {account.id}", end="")
    print(f" ({subscription.events} events read, {subscription.skipped} unreadable).")
    target = subscription.target
    if target is not None:
        where = f"{target.calendar.name!r} of {target.account}"
        if not target.calendar.watch:
            where += " (not watched there: your moves and deletions of them go unnoticed)"
        print(f"Follow-ups will be written into {where}.")
    print(f"Follow-ups are kept in {followup_file(settings.data_dir, account.id)}.")
    if not account.owner_addresses and not settings.owner.addresses:
        print("No owner address given: add --owner YOU@EXAMPLE.COM so your interviews are found.")


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if args.password_env:
        if args.password_env not in os.environ:
            raise UsageError(f"--password-env: the variable {args.password_env} is not set")
        return os.environ[args.password_env]
    if sys.stdin.isatty():
        return getpass.getpass(f"Password for {args.username} at {args.url}: ")
    raise UsageError("give the password with --password-stdin or --password-env VAR")


def _ask(calendars: Sequence[CalendarInfo]) -> Choice:
    for number, calendar in enumerate(calendars, 1):
        print(f"  [{number}] {calendar.name}{' (read-only)' if calendar.read_only else ''}")
    picked = input("Watch which calendars for interviews? (numbers, Enter: all) ").strip()
    watch = tuple(calendars[int(n) - 1].url for n in picked.replace(",", " ").split())
    print("Where should follow-ups go?\n  [1] into the calendar that holds the interview")
    print("  [2] into a new calendar 'Follow-ups (nextsteps)'\n  [3] into one of the above")
    where = input("Choose 1, 2 or 3 (Enter: 1) ").strip() or "1"
    if where == "3":
        target = calendars[int(input("Which number? ").strip()) - 1].url
        return Choice(watch=watch, write_to=target)
    return Choice(watch=watch, write_to=NEW if where == "2" else SAME)


def _describe(account: Account) -> None:
    print(f"Connected {account.url} as account {account.id}.")
    for calendar in account.calendars:
        mark = "watched" if calendar.watch else "not watched"
        print(f"  {calendar.name}: {mark}{' (read-only)' if calendar.read_only else ''}")
    print(f"Follow-ups will be written {followups_destination(account)}.")
    if not account.owner_addresses:
        print("No owner address given: add --owner YOU@EXAMPLE.COM so your interviews are found.")


def list_accounts(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Every account, its state, last sync and last error."""
    accounts = account_store(settings).all()
    if args.json:
        for account in accounts:
            print(account.model_copy(update={"url": masked(account.url)}).model_dump_json())
        return 0
    if not accounts:
        print("No accounts yet: nextsteps connect caldav URL --username USER --password-stdin")
        print("            or: nextsteps connect google")
        print("            or: nextsteps subscribe FEED_URL --owner YOU@EXAMPLE.COM")
    for account in accounts:
        synced = account.last_sync.isoformat(timespec="seconds") if account.last_sync else "never"
        print(
            f"{account.id}  {account.kind.value}  {masked(account.url)}  {account.state.value}"
            f"  last sync: {synced}"
            + (f"  error: {account.last_error}" if account.last_error else "")
        )
    return 0


def disconnect(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Forget an account (after removing its follow-ups, when asked)."""
    store = account_store(settings)
    account = store.get(args.account)
    if args.remove_followups:
        removed = asyncio.run(remove_followups(account, store.secret(account.id)))
        print(f"Removed {removed} follow-up(s) from {account.url}.")
    _stop_push(account, store.secret(account.id), settings)
    store.remove(account.id)
    print(f"Disconnected {account.id}.")
    return 0


def _stop_push(account: Account, secret: str | None, settings: NextstepsSettings) -> None:
    """Stop the account's Google push channels (best effort) while its grant is still known."""
    if account.kind is not SourceKind.GOOGLE:
        return
    book = ChannelBook(open_database(settings_database_url(settings)))
    stopped = asyncio.run(stop_push_channels(account, secret, book, settings.google))
    if stopped:
        print(f"Stopped {stopped} push channel(s).")


def pause_or_resume(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Stop or restart polling an account."""
    state = AccountState.PAUSED if args.command == "pause" else AccountState.ACTIVE
    account_store(settings).set_state(args.account, state)
    print(json.dumps({"account": args.account, "state": state.value}))
    return 0
