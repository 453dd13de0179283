"""Calendar backends: one reading and one writing interface, one module per backend.

- ``protocol``: CalendarReader / CalendarWriter, ChangeSet, SyncState, StoredObject, EventRef,
  Precondition.
- ``memory``: MemoryCalendar, the reference implementation (tests, pipeline tests).
- ``caldav_calendar``: CaldavCalendar over caldav's async client (sync-collection, ctag/etag
  fallback, multiget, conditional PUT/DELETE); ``caldav_account``: client, calendar listing,
  MKCALENDAR; ``multistatus``, ``caldav_request``, ``caldav_failure``: its XML, requests and
  error translation.
- ``google_calendar``: GoogleCalendar over google-api-python-client (syncToken listing,
  tombstones, client-chosen event ids, If-Match); ``google_client`` (the service, requests off
  the event loop, retries), ``google_pacer`` (per-account token bucket, jittered backoff),
  ``google_failure`` (error translation), ``google_events`` (Event JSON -> CalendarEvent),
  ``google_followup`` (FollowUp -> Event JSON, event ids, nextsteps' tag).
- ``inventory``: turns what a sync saw into a ChangeSet, shared by every backend.
- ``feed_calendar``: FeedCalendar, an ICS/webcal feed (read-only, fetched whole and compared
  with the last fetch); ``feed_download`` (bounded, conditional HTTP), ``feed_address`` (URLs
  and the address guard), ``feed_identity`` (what is new, changed, gone or renamed),
  ``feed_refresh`` (how often).

Removals: a calendar object (an href) may hold several events (a series and its overrides),
and a server reports only the href of a deleted object. So ``SyncState.objects`` remembers,
per href, its etag and the event keys it held; a backend reports removals as event keys
(``CalendarEvent.key``), including overrides that vanished from an object that is still
there. Ingest never deals in hrefs; ``ChangeSet.refs`` tells it where an upserted event lives
(href and etag), e.g. to notice that the owner moved a follow-up nextsteps wrote.
Store ``next_state`` only after the change set has been handled (published and acked).
"""
