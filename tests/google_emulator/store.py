"""What the emulated Google account holds: users, calendars, calendar-list entries, events.

Calendars exist once (by id) and users reach them through an access role (the calendar's ACL);
each user also has a calendar list (``calendarList``) of the calendars they see. Every user
gets a primary calendar whose id is their email address. Events are kept per calendar as full
Event resources with the revision of their last write; a deleted event stays as a tombstone
(``status: cancelled``) so incremental sync can report it.

All access goes through one lock: the HTTP server is threaded, and tests and benchmarks write
into the store from their own thread (seeding) while clients read it over HTTP.
"""

from __future__ import annotations

import base64
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.google_emulator import errors
from tests.google_emulator.clock import Clock, etag

ROLES = ("none", "freeBusyReader", "reader", "writerWithoutPrivateAccess", "writer", "owner")
WRITERS = frozenset({"writer", "owner"})
CALENDAR_DOMAIN = "group.calendar.google.com"
CONFERENCING = {"allowedConferenceSolutionTypes": ["hangoutsMeet"]}


def role_rank(role: str) -> int:
    """Roles in increasing power (Google's order for ``minAccessRole``)."""
    return ROLES.index(role)


def new_event_id() -> str:
    """An id as Google generates them: 26 base32hex characters (a-v, 0-9)."""
    return base64.b32hexencode(uuid.uuid4().bytes).decode().rstrip("=").lower()


def new_calendar_id() -> str:
    return f"c_{secrets.token_hex(16)}@{CALENDAR_DOMAIN}"


@dataclass
class StoredEvent:
    """One event resource as last written, and the revision of that write."""

    resource: dict[str, Any]
    revision: int

    @property
    def id(self) -> str:
        return str(self.resource["id"])

    @property
    def cancelled(self) -> bool:
        return self.resource.get("status") == "cancelled"

    @property
    def recurring(self) -> bool:
        return bool(self.resource.get("recurrence"))

    @property
    def series_id(self) -> str | None:
        """The recurring event this one is an exception of (its ``recurringEventId``)."""
        found = self.resource.get("recurringEventId")
        return str(found) if found else None


@dataclass
class Calendar:
    """A calendar, its ACL (email → role) and its events by id."""

    id: str
    summary: str
    time_zone: str
    owner: str
    revision: int
    description: str | None = None
    location: str | None = None
    acl: dict[str, str] = field(default_factory=dict)
    events: dict[str, StoredEvent] = field(default_factory=dict)
    generation: int = 0  # bumped to invalidate every sync token of this calendar

    def resource(self) -> dict[str, Any]:
        """The Calendar resource (calendars.get)."""
        found: dict[str, Any] = {
            "kind": "calendar#calendar",
            "etag": etag(self.revision),
            "id": self.id,
            "summary": self.summary,
            "timeZone": self.time_zone,
            "conferenceProperties": CONFERENCING,
        }
        if self.id != self.owner:
            found["dataOwner"] = self.owner
        return found | _present(description=self.description, location=self.location)

    def latest_revision(self) -> int:
        return max([self.revision, *(e.revision for e in self.events.values())])


@dataclass
class ListEntry:
    """One calendar in a user's calendar list, with that user's settings for it."""

    calendar_id: str
    revision: int
    primary: bool = False
    hidden: bool = False
    selected: bool = True
    deleted: bool = False
    summary_override: str | None = None
    color_id: str = "14"


@dataclass
class User:
    """An account: email, time zone, calendar list."""

    email: str
    time_zone: str
    entries: dict[str, ListEntry] = field(default_factory=dict)
    list_generation: int = 0


class Store:
    """Users, calendars and events; the emulator's one source of truth."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.users: dict[str, User] = {}
        self.calendars: dict[str, Calendar] = {}

    def add_user(self, email: str, time_zone: str = "UTC") -> User:
        """A user with a primary calendar (id = email, owner)."""
        with self.lock:
            if email in self.users:
                raise ValueError(f"user {email!r} exists already")
            user = User(email, time_zone)
            self.users[email] = user
            self.add_calendar(email, summary=email, calendar_id=email, primary=True)
            return user

    def add_calendar(
        self,
        owner: str,
        summary: str,
        *,
        calendar_id: str | None = None,
        time_zone: str | None = None,
        primary: bool = False,
        description: str | None = None,
    ) -> Calendar:
        """A new calendar owned by ``owner`` and listed in their calendar list."""
        with self.lock:
            user = self.user(owner)
            found = Calendar(
                id=calendar_id or new_calendar_id(),
                summary=summary,
                time_zone=time_zone or user.time_zone,
                owner=owner,
                revision=self.clock.tick(),
                description=description,
            )
            if found.id in self.calendars:
                raise ValueError(f"calendar {found.id!r} exists already")
            self.calendars[found.id] = found
            self.share(found.id, owner, "owner", primary=primary)
            return found

    def share(
        self, calendar_id: str, email: str, role: str, hidden: bool = False, primary: bool = False
    ) -> ListEntry:
        """Give ``email`` ``role`` on a calendar and list it in their calendar list."""
        if role not in ROLES[1:]:
            raise ValueError(f"unknown access role {role!r}; one of {ROLES[1:]}")
        with self.lock:
            user, calendar = self.user(email), self.calendars[calendar_id]
            calendar.acl[email] = role
            entry = ListEntry(calendar_id, self.clock.tick(), primary=primary, hidden=hidden)
            user.entries[calendar_id] = entry
            return entry

    def user(self, email: str) -> User:
        try:
            return self.users[email]
        except KeyError:
            raise ValueError(f"no user {email!r} in the emulator") from None

    def reach(self, user: User, calendar_id: str, write: bool = False) -> Calendar:
        """The calendar ``user`` asks for (``primary`` = theirs); 404 without access."""
        if calendar_id == "primary":
            calendar_id = user.email
        calendar = self.calendars.get(calendar_id)
        if calendar is None or calendar.acl.get(user.email, "none") == "none":
            raise errors.not_found()
        if write and calendar.acl[user.email] not in WRITERS:
            raise errors.forbidden_write()
        return calendar

    def entry_resource(self, user: User, entry: ListEntry) -> dict[str, Any]:
        """The CalendarListEntry resource of ``entry`` as ``user`` sees it."""
        if entry.deleted:
            return {
                "kind": "calendar#calendarListEntry",
                "etag": etag(entry.revision),
                "id": entry.calendar_id,
                "deleted": True,
            }
        calendar = self.calendars[entry.calendar_id]
        found = {
            key: value
            for key, value in calendar.resource().items()
            if key in ("id", "summary", "description", "location", "timeZone")
        }
        found |= {
            "kind": "calendar#calendarListEntry",
            "etag": etag(entry.revision),
            "colorId": entry.color_id,
            "backgroundColor": "#9fe1e7",
            "foregroundColor": "#000000",
            "selected": entry.selected,
            "accessRole": calendar.acl.get(user.email, "none"),
            "defaultReminders": [{"method": "popup", "minutes": 10}] if entry.primary else [],
            "conferenceProperties": CONFERENCING,
        }
        return found | _present(
            primary=entry.primary or None,
            hidden=entry.hidden or None,
            summaryOverride=entry.summary_override,
        )

    def write_event(self, calendar: Calendar, resource: dict[str, Any], revision: int) -> None:
        """Store ``resource`` as the event's latest state (written at ``revision``)."""
        calendar.events[str(resource["id"])] = StoredEvent(resource, revision)


def _present(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}
