"""nextsteps planner service: consumes interview snapshots and writes follow-ups.

Owns plans and written follow-ups. Imports the shared package only, never ingest.
The service itself (entry point ``nextsteps-planner``) is built on the shared contracts in the
pipeline issue; this package fixes its place and dependencies in the workspace.
"""
