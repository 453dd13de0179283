"""nextsteps ingest service: reads calendars and publishes interview snapshots and removals.

Owns the sync state (tables ``ingest_*``) and reports account status; imports the shared
package only, never the planner. Run it with ``nextsteps-ingest`` (see ``main``); build it
with ``service.create_app(settings)``.

- ``observation``: what a change set means (messages and records), a pure function;
- ``account_sync``: one account's calendars read, published, then committed;
- ``ledger`` / ``record``: the state store and what it remembers per event;
- ``publisher``: publishing with acknowledgements; ``backoff``: retry timing per account;
- ``service`` / ``main``: the poll loop and its command line.
"""
