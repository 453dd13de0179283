"""What the planner remembers, as values: an interview and its sightings, a written follow-up.

Revisions are kept per sighting (``account|calendar``): the same interview seen in two
calendars arrives as two independent streams of revisions, and each is ordered on its own.
The interview's content is the newest snapshot of any sighting; the calendar that reported it
first owns its follow-up chain; it is removed when no calendar holds it any more.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from nextsteps_shared.backends.protocol import EventRef
from nextsteps_shared.followup import FollowUp
from nextsteps_shared.interview import Interview
from nextsteps_shared.messages import InterviewRemoved, InterviewSnapshot

Sightings = dict[str, tuple[int, bool]]  # "account|calendar" -> (revision, present)


def source_of(message: InterviewSnapshot | InterviewRemoved) -> str:
    """The sighting a message speaks for."""
    return f"{message.account}|{message.calendar}"


@dataclass(frozen=True)
class InterviewRecord:
    """One interview (event key); ``interview`` is None for a removal seen before any snapshot.

    ``revision`` is that of the snapshot whose content is held (removals order only their own
    sighting: a removal from one calendar says nothing about the content seen in another).
    """

    event_key: str
    account: str
    calendar: str
    revision: int
    removed: bool
    interview: Interview | None
    sightings: Sightings = field(default_factory=dict)

    @property
    def company(self) -> str | None:
        """The employer, casefolded (the "same employer" key)."""
        if self.interview is None or not self.interview.company:
            return None
        return self.interview.company.strip().casefold() or None

    def is_newer(self, message: InterviewSnapshot | InterviewRemoved) -> bool:
        """True when ``message`` is newer than what its sighting last said."""
        held = self.sightings.get(source_of(message))
        return held is None or message.revision > held[0]


def same_footprint(before: InterviewRecord, after: InterviewRecord) -> bool:
    """True when the other interviews of the employer see no difference: the chains of the
    others depend only on this one's employer, time (a series: its recurrence too), status
    and presence, never its notes."""
    if before.interview is None or after.interview is None:
        return before.interview is after.interview and before.removed == after.removed
    return _footprint(before) == _footprint(after)


def _footprint(record: InterviewRecord) -> tuple[object, ...]:
    event = record.interview.event if record.interview is not None else None
    if event is None:
        return (record.removed,)
    when = (event.start, event.end, event.rrule, event.exdates, event.rdates)
    return (record.removed, record.company, *when, event.status)


def seen(record: InterviewRecord | None, snapshot: InterviewSnapshot) -> InterviewRecord:
    """The record after ``snapshot`` (which the caller checked is newer for its sighting)."""
    source = source_of(snapshot)
    if record is None:
        record = InterviewRecord(
            snapshot.event_key, snapshot.account, snapshot.calendar, -1, True, None
        )
    sightings = {**record.sightings, source: (snapshot.revision, True)}
    owner = (record.account, record.calendar)
    if record.removed:  # back after being gone everywhere: the reporting calendar owns it now
        owner = (snapshot.account, snapshot.calendar)
    newest = snapshot.revision > record.revision or record.interview is None
    return replace(
        record,
        account=owner[0],
        calendar=owner[1],
        revision=max(record.revision, snapshot.revision),
        removed=False,
        interview=snapshot.interview if newest else record.interview,
        sightings=sightings,
    )


def gone(record: InterviewRecord | None, removal: InterviewRemoved) -> InterviewRecord:
    """The record after ``removal`` (checked newer): removed once no calendar holds it."""
    if record is None:
        record = InterviewRecord(
            removal.event_key, removal.account, removal.calendar, -1, True, None
        )
    sightings = {**record.sightings, source_of(removal): (removal.revision, False)}
    return replace(
        record,
        removed=not any(present for _, present in sightings.values()),
        sightings=sightings,
    )


class FollowUpState(StrEnum):
    """Where a follow-up stands: ``removed`` means nextsteps deleted it."""

    WRITTEN = "written"
    MOVED_BY_OWNER = "moved_by_owner"
    DELETED_BY_OWNER = "deleted_by_owner"
    REMOVED = "removed"


LIVE = frozenset({FollowUpState.WRITTEN, FollowUpState.MOVED_BY_OWNER})


@dataclass(frozen=True)
class FollowUpRecord:
    """A follow-up nextsteps wrote: ``content`` is what is in the calendar (owner's time
    included when moved), ``start``/``end`` the time last written there."""

    content: FollowUp
    account: str
    calendar: str
    state: FollowUpState
    written_at: datetime
    object_id: str | None = None
    etag: str | None = None
    owner_start: datetime | None = None
    owner_end: datetime | None = None
    change_revision: int = 0
    own_etags: tuple[str, ...] = ()  # the etags of the planner's last writes (newest last)

    @property
    def uid(self) -> str:
        return self.content.uid

    @property
    def live(self) -> bool:
        """In the calendar, as far as the planner knows."""
        return self.state in LIVE

    @property
    def ref(self) -> EventRef:
        return EventRef(calendar=self.calendar, object_id=self.object_id or "", etag=self.etag)

    def wrote(self, etag: str | None) -> bool:
        """True when ``etag`` is one of the planner's own versions of this follow-up."""
        return etag is not None and etag in self.own_etags

    def as_wanted(self, followup: FollowUp) -> FollowUp:
        """``followup`` as it should be written for this record: the owner's time kept."""
        if self.state is not FollowUpState.MOVED_BY_OWNER or self.owner_start is None:
            return followup
        end = self.owner_end or self.owner_start + (followup.end - followup.start)
        return followup.model_copy(update={"start": self.owner_start, "end": end})
