"""The Prometheus metrics of nextsteps: what each service counts, and the registries served.

Labels have bounded values only: an account kind (``caldav``, ``google``, ``ics_feed``,
``memory``), a follow-up action, a message outcome, a place and an error family (the class
name of a nextsteps error, so a fixed set in the code). Never an account id, a URL or an
address.

Ingest moves ``nextsteps_events_read_total``, ``nextsteps_interviews_recognised_total`` and
``nextsteps_poll_lag_seconds``; the planner ``nextsteps_followups_total``,
``nextsteps_messages_total`` and ``nextsteps_dead_letters_total``, and reads the queue gauges
from JetStream at each scrape; both count ``nextsteps_errors_total``. Each service serves its
own registry (:func:`ingest_registry`, :func:`planner_registry`) with the process' figures
(CPU, memory, open files, garbage collection).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
)
from prometheus_client.registry import Collector

from nextsteps_shared.messages import SourceKind

POLL_LAG_BUCKETS: Final = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
UNEXPECTED: Final = "unexpected"

EVENTS_READ: Final = Counter(
    "nextsteps_events_read",
    "Calendar events read by ingest: new or changed events in the change sets of its polls.",
    ["kind"],
    registry=None,
)
INTERVIEWS_RECOGNISED: Final = Counter(
    "nextsteps_interviews_recognised",
    "Interviews ingest recognised and announced (new or changed: one snapshot each).",
    ["kind"],
    registry=None,
)
POLL_LAG: Final = Histogram(
    "nextsteps_poll_lag_seconds",
    "Seconds from when an account's poll was due to when it finished, by account kind.",
    ["kind"],
    buckets=POLL_LAG_BUCKETS,
    registry=None,
)
FOLLOWUPS: Final = Counter(
    "nextsteps_followups",
    "Follow-ups the planner changed in calendars: written (created), updated, removed.",
    ["action"],
    registry=None,
)
MESSAGES: Final = Counter(
    "nextsteps_messages",
    "Messages the planner answered: acked (done), retried (transient failure), dead_lettered, "
    "handed_back (returned unprocessed at shutdown for another planner).",
    ["outcome"],
    registry=None,
)
DEAD_LETTERS: Final = Counter(
    "nextsteps_dead_letters",
    "Messages the planner gave up on and put on the dead-letter stream.",
    registry=None,
)
ERRORS: Final = Counter(
    "nextsteps_errors",
    "Failures by place (poll, push, message, sweep) and error family (the error's class).",
    ["where", "kind"],
    registry=None,
)
QUEUE_PENDING: Final = Gauge(
    "nextsteps_queue_pending_messages",
    "Messages on the stream not yet delivered to the planners' durable consumer (queue lag), "
    "read from JetStream at each scrape; NaN when the broker did not answer.",
    registry=None,
)
QUEUE_UNACKNOWLEDGED: Final = Gauge(
    "nextsteps_queue_unacknowledged_messages",
    "Messages delivered to planners and not answered yet, read from JetStream at each scrape.",
    registry=None,
)

INGEST_METRICS: Final[tuple[Collector, ...]] = (
    EVENTS_READ,
    INTERVIEWS_RECOGNISED,
    POLL_LAG,
    ERRORS,
)
PLANNER_METRICS: Final[tuple[Collector, ...]] = (
    FOLLOWUPS,
    MESSAGES,
    DEAD_LETTERS,
    ERRORS,
    QUEUE_PENDING,
    QUEUE_UNACKNOWLEDGED,
)


FOLLOWUP_ACTIONS: Final = ("written", "updated", "removed")
MESSAGE_OUTCOMES: Final = ("acked", "retried", "dead_lettered", "handed_back")


def ingest_registry() -> CollectorRegistry:
    """What ingest serves at ``/metrics`` (every account kind's series there from the start)."""
    for kind in SourceKind:
        for metric in (EVENTS_READ, INTERVIEWS_RECOGNISED, POLL_LAG):
            metric.labels(kind=kind.value)
    return _registry(INGEST_METRICS)


def planner_registry() -> CollectorRegistry:
    """What the planner serves at ``/metrics`` (every action's and outcome's series there)."""
    for action in FOLLOWUP_ACTIONS:
        FOLLOWUPS.labels(action=action)
    for outcome in MESSAGE_OUTCOMES:
        MESSAGES.labels(outcome=outcome)
    return _registry(PLANNER_METRICS)


def _registry(metrics: Iterable[Collector]) -> CollectorRegistry:
    disable_created_metrics()  # type: ignore[no-untyped-call]  # no ``_created`` series
    registry = CollectorRegistry(auto_describe=True)
    for collector in (*metrics, PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
        registry.register(collector)
    return registry


def kind_label(kind: SourceKind | str) -> str:
    """The ``kind`` label of an account kind."""
    return str(kind.value if isinstance(kind, SourceKind) else kind)


def error_kind(error: BaseException) -> str:
    """The error's family: its nearest class defined by nextsteps, in snake case without
    ``Error`` (``credentials_refused``, ``broker_unavailable``, ``transient``); ``unexpected``
    for anything else."""
    for cls in type(error).__mro__:
        if cls.__module__.startswith("nextsteps_"):
            return _snake(cls.__name__.removesuffix("Error")) or "nextsteps"
    return UNEXPECTED


def count_error(where: str, error: BaseException) -> None:
    """Count one failure at ``where`` (a fixed word: poll, push, message, sweep)."""
    ERRORS.labels(where=where, kind=error_kind(error)).inc()


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
