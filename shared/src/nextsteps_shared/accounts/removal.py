"""Removing what nextsteps left in an account: its follow-ups (``disconnect
--remove-followups``) and its Google push channels (every ``disconnect``).

Only events whose UID carries nextsteps' suffix are touched; the owner's own events never are.
Channels are stopped best effort: one Google will not stop is forgotten anyway (it expires
within a week, and its notifications meet no channel in the book).
"""

from __future__ import annotations

import logging

from nextsteps_shared.accounts.channel_book import ChannelBook
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.google_client import GoogleClient
from nextsteps_shared.backends.google_push import PushChannel, stop_channel
from nextsteps_shared.backends.opener import AccountCalendars
from nextsteps_shared.backends.protocol import Precondition
from nextsteps_shared.errors import NextstepsError, PreconditionFailedError
from nextsteps_shared.ical.followup_writer import UID_SUFFIX
from nextsteps_shared.settings import GOOGLE_API_ENDPOINT, GoogleSettings

_log = logging.getLogger(__name__)


async def remove_followups(account: Account, secret: str | None) -> int:
    """Delete every follow-up nextsteps wrote into the calendars it writes to for the account."""
    writable = {c.url for c in account.calendars if not c.read_only}
    written = {c.write_to or c.url for c in account.watched} & writable
    removed = 0
    async with AccountCalendars(account, secret) as calendars:
        for url in sorted(written):
            removed += await _remove_from(calendars, url)
    return removed


async def _remove_from(calendars: AccountCalendars, url: str) -> int:
    calendar = calendars.get(url)
    listing = await calendar.changes(None)
    removed = 0
    for key, ref in listing.refs:
        if key.endswith(UID_SUFFIX):
            try:
                await calendar.delete(ref, Precondition(if_match=ref.etag))
            except PreconditionFailedError:
                continue  # changed by the owner meanwhile: theirs now, leave it
            removed += 1
    return removed


async def stop_push_channels(
    account: Account, secret: str | None, book: ChannelBook, settings: GoogleSettings
) -> int:
    """Stop the account's push channels (best effort) and forget them; how many Google stopped."""
    channels = book.of_account(account.id)
    if not channels:
        return 0
    stopped = 0
    try:
        client = GoogleClient.for_account(
            account.id, secret or "", account.url or GOOGLE_API_ENDPOINT, settings
        )
    except NextstepsError as err:
        _log.warning("account %s: push channels not stopped: %s", account.id, err)
        client = None
    for channel in channels:
        if client is not None and await _stopped(client, account, channel):
            stopped += 1
        book.remove(channel.id)
    if client is not None:
        client.close()
    return stopped


async def _stopped(client: GoogleClient, account: Account, channel: PushChannel) -> bool:
    try:
        await stop_channel(client, channel)
    except NextstepsError as err:
        _log.warning("account %s: push channel %s not stopped: %s", account.id, channel.id, err)
        return False
    return True
