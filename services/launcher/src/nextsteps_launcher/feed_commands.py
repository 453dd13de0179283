"""``nextsteps feed url|rotate [ACCOUNT]``: the addresses at which the planner publishes each
account's follow-ups for calendar apps to subscribe to.

``url`` issues an account's token the first time it is asked (there is no address before
anyone wants one) and prints the same address afterwards; ``rotate`` replaces the token, and
the old address stops working at once (the planner looks tokens up at every request). The
tokens are the shared package's (``accounts.feed_tokens``); this module asks and prints.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from nextsteps_launcher.account_commands import account_store
from nextsteps_launcher.arguments import UsageError
from nextsteps_shared.accounts.feed_tokens import FeedTokens
from nextsteps_shared.accounts.model import Account
from nextsteps_shared.database import open_database, settings_database_url
from nextsteps_shared.feed_links import FeedLinks, base_url, feed_links
from nextsteps_shared.settings import NextstepsSettings, PublishSettings


def feed(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Print (``url``) or renew (``rotate``) the feed address of one or every account."""
    publish = settings.publish
    base = base_url(publish)  # a port chosen at each start has no address to print: say so
    rotate = args.action == "rotate"
    chosen = _chosen(settings, args.account, rotate)
    tokens = FeedTokens(open_database(settings_database_url(settings)))
    for account in chosen:
        token = tokens.issue(account.id) if rotate else tokens.ensure(account.id)
        heading = "new address (the old one no longer works)" if rotate else "follow-ups feed"
        print(f"{account.id} {heading}:")
        _print_links(feed_links(publish, token))
    _advise(publish, base)
    return 0


def _chosen(settings: NextstepsSettings, account: str | None, rotate: bool) -> list[Account]:
    store = account_store(settings)
    if account is not None:
        return [store.get(account)]
    accounts = store.all()
    if not accounts:
        raise UsageError("no accounts yet: connect one first (nextsteps connect / subscribe)")
    if rotate and len(accounts) > 1:
        names = ", ".join(a.id for a in accounts)
        raise UsageError(f"name the account whose feed address to renew (one of: {names})")
    return accounts


def _print_links(links: FeedLinks) -> None:
    if links.webcal is not None:
        print(f"  {links.webcal}")
    print(f"  {links.web}")


def _advise(publish: PublishSettings, base: str) -> None:
    """What a person subscribing needs to know about these addresses (on stderr)."""
    if not publish.enabled:
        _note("publish.enabled is false: the planner serves no feeds until it is true")
    if not base.startswith("https://"):
        _note(
            "calendar apps that subscribe by webcal:// want https://: set publish.base_url to "
            "the https:// address of a TLS reverse proxy in front of the planner's feed port "
            "(the http:// address above works in apps that take one)"
        )
    if publish.base_url is None and _is_loopback(publish.host):
        _note(
            f"feeds are served on {publish.host}, so only from this machine: set publish.host "
            "(and publish.base_url) for other devices"
        )


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _note(text: str) -> None:
    print(f"nextsteps: {text}", file=sys.stderr)
