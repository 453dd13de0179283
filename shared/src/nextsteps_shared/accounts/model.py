"""An account as nextsteps keeps it (without its secret, which is stored encrypted apart)."""

from __future__ import annotations

import secrets
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from nextsteps_shared.messages import SourceKind


class AccountState(StrEnum):
    """``needs_reconnect``: the credentials were refused; the owner must connect again."""

    ACTIVE = "active"
    PAUSED = "paused"
    NEEDS_RECONNECT = "needs_reconnect"


class WatchedCalendar(BaseModel):
    """One calendar of the account: read for interviews when ``watch``; follow-ups for the
    interviews found in it go to ``write_to`` (a calendar URL/id; ``None``: into this one),
    a calendar of the account ``write_account`` when set (an ICS feed's follow-ups going into
    a calendar of another account)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    name: str
    watch: bool = True
    write_to: str | None = None
    read_only: bool = False
    write_account: str | None = None


class Account(BaseModel):
    """A connected account. ``id`` is a subject-safe token (it is part of queue subjects).

    ``skip_ended_before``: interviews that ended before this moment get no follow-ups (set on
    first connect to ``connected_at`` minus the policy's ``skip_older_than_days``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,40}$")
    kind: SourceKind
    url: str
    username: str | None = None
    owner_addresses: tuple[str, ...] = ()
    calendars: tuple[WatchedCalendar, ...] = ()
    state: AccountState = AccountState.ACTIVE
    connected_at: AwareDatetime
    skip_ended_before: AwareDatetime | None = None
    last_sync: AwareDatetime | None = None
    last_error: str | None = None

    @property
    def watched(self) -> tuple[WatchedCalendar, ...]:
        return tuple(c for c in self.calendars if c.watch)


def new_account_id(kind: SourceKind) -> str:
    """A fresh id such as ``caldav-3f9a1c2b``."""
    return f"{kind.value.replace('_', '-')}-{secrets.token_hex(4)}"
