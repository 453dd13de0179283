"""Removing what nextsteps wrote into an account's calendars (``disconnect --remove-followups``).

Only events whose UID carries nextsteps' suffix are touched; the owner's own events never are.
"""

from __future__ import annotations

from nextsteps_shared.accounts.model import Account
from nextsteps_shared.backends.opener import AccountCalendars
from nextsteps_shared.backends.protocol import Precondition
from nextsteps_shared.errors import PreconditionFailedError
from nextsteps_shared.ical.followup_writer import UID_SUFFIX


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
