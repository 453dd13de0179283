"""The machine's own time zone, as an IANA name."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ZONEINFO_MARKER = "zoneinfo/"


def is_zone(name: str) -> bool:
    """True when ``name`` is a time zone this machine knows (IANA name)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def system_zone_name() -> str:
    """``TZ``, else ``/etc/timezone``, else the target of ``/etc/localtime``, else ``UTC``."""
    for candidate in (os.environ.get("TZ", "").lstrip(":"), _etc_timezone(), _localtime_link()):
        if candidate and is_zone(candidate):
            return candidate
    return "UTC"


def _etc_timezone() -> str:
    try:
        return Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _localtime_link() -> str:
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return ""
    return target.partition(_ZONEINFO_MARKER)[2]
