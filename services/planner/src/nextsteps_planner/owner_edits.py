"""What the owner did to a follow-up nextsteps wrote, told apart from the planner's own writes.

Ingest reports every change it sees to a follow-up object, the planner's own writes included.
A report carrying an etag the planner got back from one of its writes is its own write coming
back (the latest or an earlier one); any other version is the owner's: a new start is the owner
moving it (the owner's time is kept from then on, with the next SEQUENCE, so the published feed
shows the move as a new version), otherwise an edit in place (that version becomes the base of
the next conditional write). A deletion observed before the planner's last write speaks of an
older version; a later one the planner did not make is the owner's, and such a follow-up is
never recreated.
"""

from __future__ import annotations

from dataclasses import replace

from nextsteps_planner.records import FollowUpRecord, FollowUpState
from nextsteps_shared.messages import FollowUpChange, FollowUpChanged


def heard(record: FollowUpRecord, message: FollowUpChanged) -> FollowUpRecord | None:
    """The record after the owner's change; None when the message changes nothing."""
    if message.revision <= record.change_revision or not record.live:
        return None
    if message.change is FollowUpChange.DELETED:
        if message.observed_at < record.written_at:
            return None  # the planner has written it again since
        deleted = FollowUpState.DELETED_BY_OWNER
        return replace(record, state=deleted, change_revision=message.revision)
    if _own_write(record, message):
        return None
    record = replace(record, change_revision=message.revision)
    if message.start is not None and message.start != record.content.start:
        return _moved(record, message)
    return replace(record, etag=message.etag)  # edited in place: that version is the base now


def _own_write(record: FollowUpRecord, message: FollowUpChanged) -> bool:
    if message.etag is None:  # no version to go by: the time of the observation decides
        return message.observed_at < record.written_at
    return message.etag == record.etag or record.wrote(message.etag)


def _moved(record: FollowUpRecord, message: FollowUpChanged) -> FollowUpRecord:
    assert message.start is not None
    content = record.content
    end = message.end or message.start + (content.end - content.start)
    return replace(
        record,
        state=FollowUpState.MOVED_BY_OWNER,
        owner_start=message.start,
        owner_end=end,
        etag=message.etag,
        content=content.model_copy(
            update={"start": message.start, "end": end, "sequence": content.sequence + 1}
        ),
    )
