"""Paging and incremental listing, shared by events.list, events.instances and calendarList.list.

A list request opens a :class:`Window`: everything (a full listing) or only what changed after a
sync token's revision, as of a snapshot revision. The window is cut into pages by sort key;
every page but the last carries ``nextPageToken``, the last one ``nextSyncToken`` (never both,
as the discovery document says of ``Events.nextPageToken``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from tests.google_emulator.discovery import Query
from tests.google_emulator.tokens import PageToken, SyncToken

T = TypeVar("T")


@dataclass(frozen=True)
class Scope:
    """What sync tokens of a listing cover: a name and the generation tokens must match."""

    name: str
    generation: int


@dataclass(frozen=True)
class Window:
    """One list request's view: changes after ``since`` (None: everything), as of ``snapshot``."""

    scope: Scope
    since: int | None
    snapshot: int
    after: list[Any] | None = None

    @property
    def incremental(self) -> bool:
        return self.since is not None


def open_window(query: Query, scope: Scope, latest: int) -> Window:
    """The window a request asks for (by pageToken, else syncToken, else all)."""
    page = query.text("pageToken")
    if page:
        token = PageToken.decode(page)
        return Window(scope, token.since, token.snapshot, token.after)
    sync = query.text("syncToken")
    if sync:
        found = SyncToken.decode(sync, scope.name, scope.generation, latest)
        return Window(scope, found.revision, latest)
    return Window(scope, None, latest)


def cut_page(
    items: Sequence[T], key: Callable[[T], list[Any]], size: int, window: Window
) -> tuple[list[T], dict[str, str]]:
    """One page of ``items`` in ``key`` order and the token field that goes with it."""
    ordered = sorted(items, key=key)
    if window.after is not None:
        ordered = [item for item in ordered if key(item) > window.after]
    page = ordered[:size]
    if len(ordered) > size:
        token = PageToken(key(page[-1]), window.snapshot, window.since)
        return page, {"nextPageToken": token.encode()}
    sync = SyncToken(window.scope.name, window.scope.generation, window.snapshot)
    return page, {"nextSyncToken": sync.encode()}
