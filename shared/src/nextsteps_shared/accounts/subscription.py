"""Subscribing to an ICS/webcal feed (``nextsteps subscribe``): an account with one read-only
calendar, the feed.

The URL is made plain first (webcal is https; credentials written into it become the
account's username and encrypted secret), then fetched once under the same rules as ingest
will (address check, limits), so that a feed that cannot be read is refused now rather than
failing quietly at every poll. A feed cannot take follow-ups: those of its interviews go to a
writable calendar of another account when ``--write-to ACCOUNT:CALENDAR`` names one, and in
any case into the account's follow-up file (the published feed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from nextsteps_shared.accounts.connection import ChoiceError
from nextsteps_shared.accounts.model import Account, WatchedCalendar, new_account_id
from nextsteps_shared.backends.feed_address import feed_address
from nextsteps_shared.backends.feed_calendar import FeedCalendar
from nextsteps_shared.messages import SourceKind
from nextsteps_shared.settings import FeedSettings


@dataclass(frozen=True)
class Target:
    """A writable calendar of another account, for a feed's follow-ups."""

    account: str
    calendar: WatchedCalendar


@dataclass(frozen=True)
class Subscription:
    """The new account, its secret (a password from the URL), where its follow-ups go besides
    its follow-up file, and what the first fetch read."""

    account: Account
    secret: str | None
    target: Target | None
    events: int
    skipped: int


def find_target(accounts: Sequence[Account], wanted: str) -> Target:
    """The calendar ``ACCOUNT:CALENDAR`` names (CALENDAR: its name, case-insensitive, or URL)."""
    account_id, colon, calendar = wanted.partition(":")
    if not colon or not account_id or not calendar:
        raise ChoiceError(f"--write-to {wanted!r}: expected ACCOUNT:CALENDAR")
    account = next((a for a in accounts if a.id == account_id), None)
    if account is None:
        raise ChoiceError(f"--write-to: no account {account_id!r} (see 'nextsteps accounts')")
    for candidate in account.calendars:
        if calendar in (candidate.url, candidate.url.rstrip("/")) or (
            candidate.name.casefold() == calendar.casefold()
        ):
            return _writable(account, candidate)
    names = ", ".join(repr(c.name) for c in account.calendars) or "none"
    raise ChoiceError(f"--write-to: no calendar {calendar!r} in {account.id} (it has {names})")


async def subscribe_feed(
    url: str,
    owners: Sequence[str],
    target: Target | None,
    limits: FeedSettings,
    *,
    now: datetime,
    skip_older_than_days: int,
) -> Subscription:
    """A new feed account, after one fetch showed the feed is a calendar nextsteps may read."""
    address = feed_address(url)
    feed = FeedCalendar(
        address.url, username=address.username, password=address.password, limits=limits
    )
    first = await feed.changes(None)
    calendar = WatchedCalendar(
        url=address.url,
        name=_name(address.url),
        read_only=True,
        write_to=target.calendar.url if target else None,
        write_account=target.account if target else None,
    )
    account = Account(
        id=new_account_id(SourceKind.ICS_FEED),
        kind=SourceKind.ICS_FEED,
        url=address.url,
        username=address.username,
        owner_addresses=tuple(owners),
        connected_at=now,
        skip_ended_before=now - timedelta(days=skip_older_than_days),
        calendars=(calendar,),
    )
    return Subscription(account, address.password, target, len(first.upserts), first.skipped)


def _writable(account: Account, calendar: WatchedCalendar) -> Target:
    if account.kind is SourceKind.ICS_FEED or calendar.read_only:
        raise ChoiceError(
            f"--write-to: {calendar.name!r} of {account.id} is read-only: "
            "follow-ups cannot go there"
        )
    return Target(account.id, calendar)


def _name(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}".rstrip("/")
