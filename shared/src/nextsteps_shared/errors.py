"""The one error hierarchy of nextsteps.

Library errors are translated at the backend boundary (``raise ... from err``).
Whether an error is transient decides redelivery (transient) or dead-letter (permanent).
"""

from __future__ import annotations


class NextstepsError(Exception):
    """Base of every error nextsteps raises on purpose."""

    transient: bool = False


class TransientError(NextstepsError):
    """Worth retrying later: a server that is down, a timeout, a rate limit."""

    transient = True


class PermanentError(NextstepsError):
    """Retrying will not help: bad data, a refused credential, a bad request."""


class SettingsError(PermanentError):
    """The configuration is invalid; the message says which setting and where."""


class CalendarDataError(PermanentError):
    """Calendar data that cannot be read at all (not a single event could be kept)."""


class EventDataError(PermanentError):
    """One event that cannot be read; readers skip it, count it and report it."""


class PreconditionFailedError(PermanentError):
    """A conditional write found the target changed (ETag mismatch or existing object)."""


class SyncStateInvalidError(PermanentError):
    """The stored sync state (token) is no longer accepted: a full resync is needed."""


class CredentialsRefusedError(PermanentError):
    """The server refused the account's stored credentials (a CalDAV 401/403, a Google grant
    that was revoked or expired: ``invalid_grant``, or a 401 after a refresh). Ingest puts the
    account in ``needs_reconnect``; only the person can fix it, by connecting again."""


class FeedContentError(TransientError):
    """A feed answered with something that is not a whole calendar (an HTML page, a truncated
    download): that poll fails and the last good state is kept; the next poll tries again."""


class FeedRefusedError(PermanentError):
    """A feed that nextsteps will not fetch: a loopback, private or link-local address (not in
    the ``feeds.allow_hosts`` setting), a scheme other than http(s)/webcal, too many
    redirects, or a body over the size limit."""


class DatabaseUnavailableError(TransientError):
    """The state database cannot be reached (PostgreSQL down, a SQLite file locked too long)."""


class DatabaseSchemaError(PermanentError):
    """The state database's schema is one this nextsteps cannot use: migrated by a newer
    version, or changed by hand."""
