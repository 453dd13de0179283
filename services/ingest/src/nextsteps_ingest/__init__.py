"""nextsteps ingest service: reads calendars and publishes interview snapshots and removals.

Owns accounts and sync state. Imports the shared package only, never the planner.
The service itself (entry point ``nextsteps-ingest``) is built on the shared contracts in the
pipeline issue; this package fixes its place and dependencies in the workspace.
"""
