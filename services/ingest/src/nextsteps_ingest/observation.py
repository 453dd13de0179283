"""What one change set means for the planner: the messages to publish and the records to keep.

A pure function of the change set, what ingest knew of the calendar, the owner and the time:

- events whose UID ends with ``@nextsteps`` are nextsteps' own follow-ups, never interviews;
  a change of their start, end or etag (once seen) is a FollowUpChanged, their removal too;
- a cancelled event that had been announced as an interview is an InterviewRemoved(cancelled);
  so is the first sight of a cancelled instance of a series that is announced (before, or in
  the same change set: a series is looked at before its instances);
- other events go through ``recognise`` (the owner's correction of the event's UID, made with
  ``nextsteps ignore`` / ``track``, wins as the ``#not-interview`` / ``#interview`` tag does):
  an interview whose content changed (or is new) gets a snapshot with a new revision, unless
  it ended before ``skip_ended_before``; an announced interview that is no longer one is an
  InterviewRemoved(not_interview), and so is the first sight of an instance of an announced
  series that is no interview (the planner leaves every such instance out of its series);
- a removed key that had been announced is an InterviewRemoved(deleted).

Unchanged content publishes nothing, so a full resync never duplicates anything downstream.
A recurring series is one snapshot per key: the master as written (DTSTART, RRULE, EXDATEs,
RDATEs) and each override (a moved instance; a cancelled one is a removal of its key). The
planner plans the master from the occurrence its chain hangs off (see
``nextsteps_shared.series``); here a series counts as ended before ``skip_ended_before`` only
when none of its occurrences ends after it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from nextsteps_ingest.record import EventRecord, RecordKind, next_revision
from nextsteps_shared.accounts.corrections import Verdict
from nextsteps_shared.backends.protocol import ChangeSet
from nextsteps_shared.event import CalendarEvent, EventStatus
from nextsteps_shared.ical.followup_writer import UID_SUFFIX
from nextsteps_shared.interview import Interview
from nextsteps_shared.messages import (
    FollowUpChange,
    FollowUpChanged,
    InterviewRemoved,
    InterviewSnapshot,
    Message,
    SourceKind,
)
from nextsteps_shared.owner import Owner
from nextsteps_shared.recognition import recognise
from nextsteps_shared.recognition.vocabulary import TAG
from nextsteps_shared.series import first_from

Reason = Literal["deleted", "cancelled", "not_interview"]
_ANY_TAG = re.compile(TAG.pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    """Whose calendar this is, and when it was read."""

    account: str
    calendar: str
    source: SourceKind
    owner: Owner
    now: datetime
    skip_ended_before: datetime | None = None
    corrections: Mapping[str, Verdict] = field(default_factory=dict)  # by event UID


@dataclass
class Digest:
    """The outcome: messages to publish, records to store, keys to forget, events held back."""

    messages: list[Message] = field(default_factory=list)
    records: list[EventRecord] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)
    old: int = 0  # interviews recorded without a snapshot (ended before skip_ended_before)
    announced: set[str] = field(default_factory=set)  # keys snapshotted by this change set


def digest(change_set: ChangeSet, known: Mapping[str, EventRecord], scope: Scope) -> Digest:
    """Everything the change set means (see the module's docstring)."""
    result = Digest()
    refs = dict(change_set.refs)  # ChangeSet.ref_of would rebuild this for every event
    # a series before its instances: whether it is an interview decides what they mean
    for event in sorted(change_set.upserts, key=_instances_last):
        ref = refs.get(event.key)
        _observe(event, ref.etag if ref else None, known, scope, result)
    for key in _removed(change_set, known):
        previous = known.get(key)
        result.gone.add(key)
        if previous is not None:
            _append(result, _removal(previous, scope))
    return result


def fingerprint(interview: Interview) -> str:
    """A hash of everything the planner reads from an interview."""
    return hashlib.sha256(interview.model_dump_json().encode()).hexdigest()


def is_followup(uid: str) -> bool:
    """True for the events nextsteps wrote itself."""
    return uid.endswith(UID_SUFFIX)


def _instances_last(event: CalendarEvent) -> bool:
    return event.recurrence_id is not None


def _removed(change_set: ChangeSet, known: Mapping[str, EventRecord]) -> list[str]:
    removed = set(change_set.removals)
    if change_set.full_resync:  # the whole calendar is in the upserts: anything else is gone
        removed |= known.keys() - {event.key for event in change_set.upserts}
    return sorted(removed)


def _append(result: Digest, outcome: tuple[EventRecord | None, Message | None]) -> None:
    record, message = outcome
    if record is not None:
        result.records.append(record)
    if message is not None:
        result.messages.append(message)


def _observe(
    event: CalendarEvent,
    etag: str | None,
    known: Mapping[str, EventRecord],
    scope: Scope,
    result: Digest,
) -> None:
    previous = known.get(event.key)
    if is_followup(event.uid):
        _append(result, _followup(event, etag, previous, scope))
    else:
        instance = _new_instance(event, previous, known, result)
        if event.status is EventStatus.CANCELLED:
            _append(result, _cancelled(event, previous, scope, instance=instance))
        else:
            _append(result, _recognised(event, etag, previous, scope, result, instance=instance))


def _followup(
    event: CalendarEvent, etag: str | None, previous: EventRecord | None, scope: Scope
) -> tuple[EventRecord, Message | None]:
    record = EventRecord(
        key=event.key,
        uid=event.uid,
        kind=RecordKind.FOLLOWUP,
        revision=previous.revision if previous else None,
        etag=etag,
        start=event.start,
        end=event.end,
    )
    if previous is None or previous.kind is not RecordKind.FOLLOWUP:
        return record, None
    moved = (previous.start, previous.end) != (event.start, event.end)
    if not moved and previous.etag == etag:
        return record, None
    change = FollowUpChange.MOVED if moved else FollowUpChange.EDITED
    record = record.model_copy(update={"revision": next_revision(previous.revision, scope.now)})
    return record, _followup_changed(record, change, scope)


def _followup_changed(record: EventRecord, change: FollowUpChange, scope: Scope) -> FollowUpChanged:
    return FollowUpChanged(
        account=scope.account,
        calendar=scope.calendar,
        source=scope.source,
        event_key=record.key,
        revision=_stamped(record),
        observed_at=scope.now,
        change=change,
        followup_uid=record.uid.removesuffix(UID_SUFFIX),
        etag=record.etag,
        start=record.start,
        end=record.end,
    )


def _cancelled(
    event: CalendarEvent, previous: EventRecord | None, scope: Scope, *, instance: bool
) -> tuple[EventRecord, Message | None]:
    record = EventRecord(
        key=event.key,
        uid=event.uid,
        kind=RecordKind.OTHER,
        revision=previous.revision if previous else None,
    )
    announced = previous is not None and previous.announced
    if not (announced or instance):
        return record, None
    record = record.model_copy(update={"revision": _revision(previous, scope)})
    return record, _removed_message(record, "cancelled", scope)


def _new_instance(
    event: CalendarEvent,
    previous: EventRecord | None,
    known: Mapping[str, EventRecord],
    result: Digest,
) -> bool:
    """A first sight of an instance of a series the planner knows as an interview (told
    before, or in this change set): the planner must hear of it to leave it out of the
    series, even when the instance itself is no interview (cancelled, or not one)."""
    if previous is not None or event.recurrence_id is None:
        return False
    series = known.get(event.uid)
    return event.uid in result.announced or (series is not None and series.announced)


def _recognised(
    event: CalendarEvent,
    etag: str | None,
    previous: EventRecord | None,
    scope: Scope,
    result: Digest,
    *,
    instance: bool,
) -> tuple[EventRecord, Message | None]:
    recognition = recognise(_as_corrected(event, scope.corrections.get(event.uid)), scope.owner)
    if not recognition.is_interview:
        return _not_interview(event, previous, scope, instance=instance)
    interview = Interview(
        event=event, company=recognition.company, role=recognition.role, stage=recognition.stage
    )
    record = EventRecord(
        key=event.key,
        uid=event.uid,
        kind=RecordKind.INTERVIEW,
        fingerprint=fingerprint(interview),
        revision=previous.revision if previous else None,
    )
    unchanged = previous is not None and previous.fingerprint == record.fingerprint
    if unchanged and previous is not None and previous.is_interview:
        return record, None
    if _too_old(event, scope) and (previous is None or previous.revision is None):
        result.old += 1
        return record, None
    record = record.model_copy(update={"revision": _revision(previous, scope)})
    result.announced.add(record.key)
    return record, InterviewSnapshot(
        account=scope.account,
        calendar=scope.calendar,
        source=scope.source,
        event_key=record.key,
        revision=_stamped(record),
        observed_at=scope.now,
        etag=etag,
        interview=interview,
    )


def _as_corrected(event: CalendarEvent, verdict: Verdict | None) -> CalendarEvent:
    """The event as recognition should read it: with the owner's correction as the only tag
    (in the title, which recognition reads the tag from and then ignores)."""
    if verdict is None:
        return event
    description = _ANY_TAG.sub(" ", event.description)
    summary = f"{verdict.tag} {_ANY_TAG.sub(' ', event.summary)}"
    return event.model_copy(update={"summary": summary, "description": description})


def _not_interview(
    event: CalendarEvent, previous: EventRecord | None, scope: Scope, *, instance: bool
) -> tuple[EventRecord, Message | None]:
    record = EventRecord(
        key=event.key,
        uid=event.uid,
        kind=RecordKind.OTHER,
        revision=previous.revision if previous else None,
    )
    if not (instance or (previous is not None and previous.announced)):
        return record, None
    record = record.model_copy(update={"revision": _revision(previous, scope)})
    return record, _removed_message(record, "not_interview", scope)


def _removal(previous: EventRecord, scope: Scope) -> tuple[None, Message | None]:
    """A key that left the calendar: tell the planner when it knew the event."""
    revision = _revision(previous, scope)
    if previous.kind is RecordKind.FOLLOWUP:
        gone = previous.model_copy(update={"revision": revision})
        return None, _followup_changed(gone, FollowUpChange.DELETED, scope)
    if previous.announced:
        gone = previous.model_copy(update={"revision": revision})
        return None, _removed_message(gone, "deleted", scope)
    return None, None


def _removed_message(record: EventRecord, reason: Reason, scope: Scope) -> InterviewRemoved:
    return InterviewRemoved(
        account=scope.account,
        calendar=scope.calendar,
        source=scope.source,
        event_key=record.key,
        revision=_stamped(record),
        observed_at=scope.now,
        reason=reason,
    )


def _too_old(event: CalendarEvent, scope: Scope) -> bool:
    cutoff = scope.skip_ended_before
    if cutoff is None:
        return False
    if event.is_series:  # too old once no occurrence ends at or after the cutoff
        return first_from(event, cutoff - (event.end - event.start)) is None
    return event.end < cutoff


def _revision(previous: EventRecord | None, scope: Scope) -> int:
    return next_revision(previous.revision if previous else None, scope.now)


def _stamped(record: EventRecord) -> int:
    if record.revision is None:
        raise ValueError(f"event {record.key!r} has no revision to publish")
    return record.revision
