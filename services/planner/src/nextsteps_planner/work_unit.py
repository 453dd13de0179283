"""The bookkeeping of one batch of messages applied together.

A batch is applied in two phases: every message changes the stored interviews first, then each
interview whose chain may have changed is reconciled once (an interview seen three times in a
batch, or an employer with five new interviews, costs one reconciliation, not one per
message; what the calendars get is the same, since a chain is a function of the stored state).

A unit remembers, per interview, what it held before the batch and which messages asked for
each reconciliation, so that a failure fails exactly the messages that depend on it: their
interviews are put back as they were before the batch (every message that changed such an
interview fails with it, so none is acknowledged while its change is undone), and the retried
messages are newer again and redo what is missing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from nextsteps_planner.records import InterviewRecord, same_footprint


@dataclass
class WorkUnit:
    """What one batch changed, and which message caused what."""

    befores: dict[str, InterviewRecord | None] = field(default_factory=dict)
    owners: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    causes: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    companies: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    errors: dict[int, BaseException] = field(default_factory=dict)

    def changed(self, index: int, before: InterviewRecord | None, after: InterviewRecord) -> None:
        """Message ``index`` turned ``before`` into ``after`` (already stored)."""
        key = after.event_key
        self.befores.setdefault(key, before)
        self.owners[key].add(index)
        self.causes[key].add(index)
        if before is not None and same_footprint(before, after):
            return
        previous = before.company if before is not None else None
        for company in {after.company, previous} - {None}:
            self.companies[str(company)].add(index)

    def reconcile(self, key: str, index: int) -> None:
        """Message ``index`` needs the chain of interview ``key`` brought up to date."""
        self.causes[key].add(index)

    def failed(self, index: int, error: BaseException) -> None:
        """Message ``index`` failed (the first error is kept)."""
        self.errors.setdefault(index, error)

    def failed_all(self, indices: set[int], error: BaseException) -> None:
        """Every message in ``indices`` failed with ``error``."""
        for index in indices:
            self.failed(index, error)

    def to_restore(self) -> dict[str, InterviewRecord | None]:
        """The interviews to put back as they were before the batch: those a failed message
        changed. Every message that changed one of them fails too (a message changes one
        interview, so one pass closes the failures)."""
        undone: dict[str, InterviewRecord | None] = {}
        for key, owners in self.owners.items():
            failed = next((self.errors[i] for i in sorted(owners) if i in self.errors), None)
            if failed is not None:
                undone[key] = self.befores[key]
                self.failed_all(owners, failed)
        return undone

    def outcomes(self, count: int) -> list[BaseException | None]:
        """Per message of the batch: None when it is done, else why it failed."""
        return [self.errors.get(index) for index in range(count)]
