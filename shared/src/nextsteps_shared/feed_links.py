"""Where an account's published follow-ups are reached: ``<base URL>/feeds/<token>.ics``.

The planner serves the path (its feed server), the operator CLI prints whole addresses
(``nextsteps feed url``); both take the path from here. ``webcal://`` is no scheme of its own:
calendar apps read it as "subscribe to this https:// address", so a webcal:// address exists
only for an https:// base URL (behind a TLS reverse proxy); a plain http:// one is printed as
it is, for the apps that take http:// addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.settings import PublishSettings

FEEDS_PATH = "/feeds/"
FEED_SUFFIX = ".ics"


def feed_path(token: str) -> str:
    """The path an account's feed is served at."""
    return f"{FEEDS_PATH}{token}{FEED_SUFFIX}"


def listening_address(publish: PublishSettings, port: int | None = None) -> str:
    """``http://host:port`` the feed server listens on (``port``: the one it bound)."""
    host = f"[{publish.host}]" if ":" in publish.host else publish.host
    return f"http://{host}:{publish.port if port is None else port}"


def base_url(publish: PublishSettings) -> str:
    """The address people reach the feeds at: the configured one, else where it listens."""
    if publish.base_url is not None:
        return publish.base_url.rstrip("/")
    if publish.port == 0:
        raise SettingsError(
            "publish.port is 0 (a free port at each start), so the feed address changes: "
            "set publish.base_url, or a fixed publish.port"
        )
    if publish.host in {"0.0.0.0", "::"}:
        raise SettingsError(
            f"publish.host {publish.host} listens on every interface, which is no address to "
            "subscribe to: set publish.base_url to the address people reach it at"
        )
    return listening_address(publish)


@dataclass(frozen=True)
class FeedLinks:
    """An account's feed address; ``webcal`` only when ``web`` is https://."""

    web: str
    webcal: str | None


def feed_links(publish: PublishSettings, token: str) -> FeedLinks:
    """The addresses of the feed with ``token``."""
    web = base_url(publish) + feed_path(token)
    secure = web.startswith("https://")
    return FeedLinks(web=web, webcal="webcal://" + web.removeprefix("https://") if secure else None)
