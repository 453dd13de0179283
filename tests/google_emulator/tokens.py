"""Page tokens and sync tokens: opaque to clients, exact for the emulator.

A sync token remembers *what* it covers (a calendar's events or a user's calendar list), the
generation of that scope (tests bump it to invalidate every older token, as Google does when
it expires tokens) and the revision the listing was taken at; an incremental listing returns
what changed after that revision. A token that cannot be read, belongs to another scope or an
older generation answers 410 ``fullSyncRequired``, as Google answers a stale or garbled token.

A page token carries the listing's snapshot revision (so the last page's ``nextSyncToken``
starts where the first page looked, and nothing written meanwhile is lost), the sort key of the
last item returned (keyset paging: items written meanwhile cannot shift a page and make
another one skip an item) and, for an incremental listing, the revision it is catching up from.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from tests.google_emulator import errors

_SYNC, _PAGE = "S", "P"


def _encode(prefix: str, payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return prefix + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(prefix: str, token: str) -> dict[str, Any] | None:
    if not token.startswith(prefix):
        return None
    body = token[len(prefix) :]
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


@dataclass(frozen=True)
class SyncToken:
    """Everything in ``scope`` changed after ``revision`` (valid while ``generation`` holds)."""

    scope: str
    generation: int
    revision: int

    def encode(self) -> str:
        return _encode(_SYNC, {"s": self.scope, "g": self.generation, "r": self.revision})

    @classmethod
    def decode(cls, token: str, scope: str, generation: int, latest: int) -> SyncToken:
        """The token, checked against its scope as it is now; 410 when it no longer holds."""
        payload = _decode(_SYNC, token)
        try:
            found = cls(str(payload["s"]), int(payload["g"]), int(payload["r"]))  # type: ignore[index]
        except (TypeError, KeyError, ValueError):
            raise errors.full_sync_required() from None
        if found.scope != scope or found.generation != generation or found.revision > latest:
            raise errors.full_sync_required()
        return found


@dataclass(frozen=True)
class PageToken:
    """Where the next page of a listing starts."""

    after: list[Any]
    snapshot: int
    since: int | None

    def encode(self) -> str:
        return _encode(_PAGE, {"a": self.after, "n": self.snapshot, "s": self.since})

    @classmethod
    def decode(cls, token: str) -> PageToken:
        payload = _decode(_PAGE, token)
        try:
            after, snapshot, since = payload["a"], payload["n"], payload["s"]  # type: ignore[index]
            if not isinstance(after, list):
                raise TypeError(after)
            return cls(after, int(snapshot), None if since is None else int(since))
        except (TypeError, KeyError, ValueError):
            raise errors.bad_parameter(
                "pageToken", "Invalid page token value.", "invalid"
            ) from None
