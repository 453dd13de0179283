"""nextsteps planner service: consumes interview messages and writes follow-ups (DESIGN.md §2).

Owns plans and written follow-ups (``planner_*`` tables). Imports the shared package only,
never ingest. Run as ``nextsteps-planner [--data-dir DIR] [--once]`` (``main``).

- ``service``: ``create_app(settings)``, the durable JetStream pull consumer, sweep, clean stop;
- ``delivery``: acknowledgement, retries with backoff, dead letters;
- ``planner``: one message (or one swept interview) applied; ``chain``: the wanted follow-ups;
- ``reconciliation``: the diff against what was written, applied with preconditions;
- ``owner_edits``: the owner's moves and deletions told apart from the planner's own writes;
- ``records``, ``store``, ``tables``: what the planner remembers; ``calendars``: where it
  writes; ``followup_file``: ``<data dir>/followups/<account>.ics``.
"""
