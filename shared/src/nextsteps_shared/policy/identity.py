"""Deterministic ids of follow-ups: the same interview and step always give the same id."""

from __future__ import annotations

import hashlib

from nextsteps_shared.followup import FollowUpKind

_ID_BYTES = 20  # 160 bits -> 40 characters


def followup_uid(interview_key: str, kind: FollowUpKind, attempt: int) -> str:
    """A stable id for one step of one interview's chain.

    40 lower-case hex digits: hex is a subset of the base32hex alphabet (``0-9a-v``), so the id
    is valid as a Google Calendar event id (5-1024 chars of that alphabet) and, with
    ``@nextsteps`` appended, as an iCalendar UID. (Hex rather than base32: ``hexdigest`` is
    done in C; ``base64.b32hexencode`` is pure Python and costs more than the hash.)
    """
    material = f"nextsteps\x1f{interview_key}\x1f{kind.value}\x1f{attempt}".encode()
    return hashlib.blake2b(material, digest_size=_ID_BYTES).hexdigest()
