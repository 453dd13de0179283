"""Queue names: the streams and subjects both services agree on.

Every message about an account travels on ``<kind subject>.<account id>`` (account ids are
subject-safe tokens), so a consumer can filter one account or all of them.
"""

from __future__ import annotations

STREAM = "NEXTSTEPS"
EVENTS = "nextsteps.events"
EVENTS_FILTER = f"{EVENTS}.>"
INTERVIEW_SEEN = f"{EVENTS}.interview_seen"
INTERVIEW_GONE = f"{EVENTS}.interview_gone"
FOLLOWUP_CHANGED = f"{EVENTS}.followup_changed"

DEAD_STREAM = "NEXTSTEPS_DEAD"
DEAD_LETTER = "nextsteps.dead"
DEAD_FILTER = f"{DEAD_LETTER}.>"

PLANNER_DURABLE = "planner"

LEASE_BUCKET = "nextsteps_ingest_leases"
"""JetStream key-value bucket of the ingest replicas: ``account.<id>`` is the lease of the
replica that polls that account (value: its replica id), ``replica.<id>`` a replica's
heartbeat. Memory storage; every key lives one lease term unless renewed."""
LEASE_ACCOUNT_PREFIX = "account."
LEASE_REPLICA_PREFIX = "replica."
