"""Connecting a calendar account: discovery, the credentials check, which calendars to watch
and where follow-ups go. The CLI asks the person; this module decides nothing interactively.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from nextsteps_shared.accounts.model import Account, WatchedCalendar, new_account_id
from nextsteps_shared.backends.caldav_account import (
    CalendarInfo,
    create_calendar,
    list_calendars,
    open_client,
)
from nextsteps_shared.errors import PermanentError
from nextsteps_shared.messages import SourceKind

SAME = "same"  # follow-ups go into the calendar that holds the interview
NEW = "new"  # follow-ups go into a dedicated calendar nextsteps creates
DEDICATED_NAME = "Follow-ups (nextsteps)"


class ChoiceError(PermanentError):
    """A --watch or --write-to that names no calendar of the account."""


class Choice(BaseModel):
    """What the person chose: calendars to watch (names or URLs; empty: every calendar of
    events) and where follow-ups go (``same``, ``new``, or a calendar's name or URL)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    watch: tuple[str, ...] = ()
    write_to: str = SAME


async def discover_caldav(
    url: str, username: str | None, password: str | None
) -> tuple[CalendarInfo, ...]:
    """The account's calendars of events; checks the credentials on the way."""
    client = await open_client(url, username, password)
    try:
        found = await list_calendars(client)
    finally:
        await client.close()
    events = tuple(c for c in found if c.supports_events)
    if not events:
        raise PermanentError(f"{url}: the account has no calendar that holds events")
    return events


def find_calendar(calendars: Sequence[CalendarInfo], wanted: str) -> CalendarInfo:
    """The calendar named ``wanted`` (display name, case-insensitive, or URL)."""
    for calendar in calendars:
        if wanted in (calendar.url, calendar.url.rstrip("/")) or (
            calendar.name.casefold() == wanted.casefold()
        ):
            return calendar
    names = ", ".join(repr(c.name) for c in calendars)
    raise ChoiceError(f"no calendar {wanted!r} in this account (it has {names})")


async def connect_caldav(
    url: str,
    username: str | None,
    password: str | None,
    choice: Choice,
    owners: Sequence[str],
    *,
    now: datetime,
    skip_older_than_days: int,
) -> Account:
    """A new account: the calendars chosen, the follow-ups' target (created when ``new``)."""
    calendars = await discover_caldav(url, username, password)
    watched = [find_calendar(calendars, w) for w in choice.watch] or list(calendars)
    target = await _target(url, username, password, calendars, choice.write_to)
    return Account(
        id=new_account_id(SourceKind.CALDAV),
        kind=SourceKind.CALDAV,
        url=url,
        username=username,
        owner_addresses=tuple(owners),
        connected_at=now,
        skip_ended_before=now - timedelta(days=skip_older_than_days),
        calendars=watched_calendars(calendars, watched, target),
    )


async def _target(
    url: str,
    username: str | None,
    password: str | None,
    calendars: Sequence[CalendarInfo],
    write_to: str,
) -> CalendarInfo | None:
    if write_to == SAME:
        return None
    if write_to != NEW:
        return writable_calendar(calendars, write_to)
    client = await open_client(url, username, password)
    try:
        return await create_calendar(client, DEDICATED_NAME)
    finally:
        await client.close()


def writable_calendar(calendars: Sequence[CalendarInfo], wanted: str) -> CalendarInfo:
    """The calendar named ``wanted``, refused when follow-ups cannot be written into it."""
    chosen = find_calendar(calendars, wanted)
    if chosen.read_only:
        raise ChoiceError(f"calendar {chosen.name!r} is read-only: follow-ups cannot go there")
    return chosen


def watched_calendars(
    calendars: Sequence[CalendarInfo],
    watched: Sequence[CalendarInfo],
    target: CalendarInfo | None,
) -> tuple[WatchedCalendar, ...]:
    """Every calendar of the account, with the choice. The follow-ups' own calendar is watched
    too: that is how the owner's moves and deletions of follow-ups are noticed. Interviews in a
    read-only calendar get their follow-ups in the first writable one."""
    listed = list(calendars) + ([target] if target and target not in calendars else [])
    writable = next((c.url for c in listed if not c.read_only), None)
    return tuple(
        WatchedCalendar(
            url=c.url,
            name=c.name,
            watch=c in watched or c == target,
            write_to=target.url if target else (writable if c.read_only else None),
            read_only=c.read_only,
        )
        for c in listed
    )


def followups_destination(account: Account) -> str:
    """One line for the person: where the follow-ups will be written."""
    targets = {c.write_to for c in account.watched}
    if targets == {None}:
        return "into the calendar that holds each interview"
    names = {c.url: c.name for c in account.calendars}
    return "into " + ", ".join(
        repr(names.get(t or "", t)) for t in sorted(t or "" for t in targets)
    )
