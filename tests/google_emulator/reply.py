"""An HTTP answer as the emulator's parts hand it to the server: status, headers, body.

The API, the OAuth endpoints and the control endpoints all answer with a :class:`Reply`, so
the HTTP layer (server.py) stays one small piece that only moves bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

JSON_TYPE = "application/json; charset=UTF-8"


@dataclass(frozen=True)
class Reply:
    """One HTTP answer."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
        text = json.dumps(payload, indent=1, ensure_ascii=False).encode()
        return cls(status, text, {"Content-Type": JSON_TYPE, **(headers or {})})

    @classmethod
    def empty(cls, status: int = 204) -> Reply:
        return cls(status)

    @classmethod
    def redirect(cls, location: str) -> Reply:
        return cls(302, b"", {"Location": location})
