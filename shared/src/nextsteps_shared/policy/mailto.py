"""``mailto:`` links (RFC 6068) that open a ready-to-send draft."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import quote


def mailto_link(addresses: Iterable[str], subject: str, body: str | Sequence[str]) -> str:
    """``mailto:a@x.com,b@y.com?subject=...&body=...``, every part percent-encoded.

    Line breaks in the body become CRLF (``%0D%0A``) as RFC 6068 asks; spaces are ``%20``.
    ``body`` may be given as the pieces it is joined from: drafts are mostly fixed sentences,
    and each piece is encoded once and remembered (percent-encoding is a per-byte Python loop,
    the planner's hottest spot otherwise).
    """
    to = ",".join(quote(address, safe="@") for address in addresses)
    pieces = (body,) if isinstance(body, str) else body
    encoded_body = "".join(map(_encoded, pieces))
    return f"mailto:{to}?subject={_encoded(subject)}&body={encoded_body}"


@lru_cache(maxsize=4096)
def _encoded(text: str) -> str:
    return quote(text.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")
