"""Where an ICS feed may be fetched from: its URL made plain, and the guard against
server-side request forgery.

A feed URL is someone else's text, fetched unattended by a service that may sit inside a
network with things worth protecting (a router's admin page, a cloud metadata endpoint). So:

- ``webcal://`` and ``webcals://`` are ``https://`` (webcal only tells calendar apps to
  subscribe); only http and https are fetched. Credentials written into the URL
  (``user:password@``) are split off, so that they are stored encrypted, not in the URL.
- :class:`AddressGuard` refuses loopback, private, link-local, shared, reserved, multicast
  and unspecified addresses (also inside IPv4-mapped IPv6): it checks every address a host
  name resolves to before connecting, and then the address the connection actually reached
  (so DNS rebinding between the two lookups gains nothing). Both checks run on every
  redirect hop. Host names in the ``feeds.allow_hosts`` setting are exempt: an intranet
  calendar server, or the tests' servers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from nextsteps_shared.errors import FeedRefusedError, TransientError

_SCHEMES: Final = {"http": "http", "https": "https", "webcal": "https", "webcals": "https"}
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class FeedAddress:
    """A feed's URL without credentials, and the credentials that were written into it."""

    url: str
    username: str | None = None
    password: str | None = None


def feed_address(url: str) -> FeedAddress:
    """The plain http(s) URL of ``url`` (webcal is https) and its credentials, if any."""
    parts = _split(url.strip())
    scheme = _SCHEMES.get(parts.scheme.lower())
    if scheme is None or not parts.hostname:
        raise FeedRefusedError(f"{masked(url)!r} is not an http, https or webcal URL of a host")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    plain = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    return FeedAddress(plain, username, password)


def masked(url: str) -> str:
    """``url`` with any password written into it replaced by ``***`` (for listings, logs)."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        userinfo, _, hostport = parts.netloc.rpartition("@")
        user = userinfo.partition(":")[0]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{hostport}"))
    except ValueError:
        return "<an unreadable URL>"


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port: credentials are sent only to the feed's own origin."""
    parts = _split(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def is_public(address: IpAddress) -> bool:
    """A global unicast address: nothing local, private, shared, reserved or multicast."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_public(address.ipv4_mapped)
    return address.is_global and not address.is_multicast


class AddressGuard:
    """Refuses hosts that resolve, or connections that lead, to non-public addresses."""

    def __init__(self, allow_hosts: Collection[str] = ()) -> None:
        self._allowed = frozenset(host.lower().strip("[]") for host in allow_hosts)

    def allows(self, host: str) -> bool:
        """True for a host the settings exempt from the address check."""
        return host.lower().strip("[]") in self._allowed

    async def check_host(self, url: str) -> None:
        """Every address the host of ``url`` resolves to must be public (before connecting)."""
        parts = _split(url)
        host = parts.hostname or ""
        if self.allows(host):
            return
        for address in await _resolved(host, parts.port):
            if not is_public(address):
                raise _refused(url, address)

    def check_peer(self, url: str, peer: object) -> None:
        """The address a connection for ``url`` reached (``(ip, port, ...)``) must be public."""
        if self.allows(_split(url).hostname or ""):
            return
        address = _peer_address(peer)
        if address is None:
            raise FeedRefusedError(f"fetch {masked(url)}: the address reached cannot be checked")
        if not is_public(address):
            raise _refused(url, address)


def _split(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a port that is not a number
    except ValueError as err:
        raise FeedRefusedError(f"{masked(url)!r} is not a URL: {err}") from err
    return parts


async def _resolved(host: str, port: int | None) -> list[IpAddress]:
    loop = asyncio.get_running_loop()
    try:
        found = await loop.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except OSError as err:
        raise TransientError(f"cannot resolve {host!r}: {err}") from err
    return [ipaddress.ip_address(str(info[4][0]).partition("%")[0]) for info in found]


def _peer_address(peer: object) -> IpAddress | None:
    if not isinstance(peer, tuple) or not peer:
        return None
    try:
        return ipaddress.ip_address(str(peer[0]).partition("%")[0])
    except ValueError:
        return None


def _refused(url: str, address: IpAddress) -> FeedRefusedError:
    host = _split(url).hostname
    return FeedRefusedError(
        f"fetch {masked(url)}: {host} is at {address}, a loopback, private or link-local "
        f"address; add {host!r} to the feeds.allow_hosts setting if it is meant"
    )
