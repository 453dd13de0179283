"""Masking secrets in text that leaves the process (log lines, readiness answers).

What is masked: the password (or token) in a URL's user part (``nats://user:***@host``, a user
part without a password is a token: ``nats://***@host``), the credentials after
``Authorization:`` and ``Bearer``, the values of parameters and JSON fields named like a
secret (``password=``, ``"refresh_token": ...``), and every value an installation holds as a
secret (its settings' ``SecretStr`` values, :func:`secret_values`), wherever it appears.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, SecretStr

MASK: Final = "***"
MIN_SECRET = 4  # shorter values are not searched for (they would mask ordinary words)
_SECRET_NAMES = (
    r"password|passwd|pwd|secret|client_secret|token|access_token|refresh_token|id_token"
    r"|api_key|apikey|key|sig|signature|credentials?"
)
_URL_USER = re.compile(
    r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^\s/@:'\"]*)(?::[^\s/@'\"]*)?@"
)
_AUTHORIZATION = re.compile(r"(?i)\b((?:proxy-)?authorization['\"]?\s*[:=]\s*['\"]?)[^\r\n,'\"}]+")
_BEARER = re.compile(r"\b([Bb]earer|BEARER|Basic)(\s+)[A-Za-z0-9._~+/=-]{6,}")
_PARAMETER = re.compile(rf"(?i)(?<![\w-])((?:{_SECRET_NAMES})=)[^&\s'\"]+")
_JSON_FIELD = re.compile(rf"(?i)(['\"](?:{_SECRET_NAMES})['\"]\s*:\s*['\"])[^'\"]*")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every credential it shows replaced by ``***``."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= MIN_SECRET:
            text = text.replace(secret, MASK)
    text = _URL_USER.sub(_user_part, text)
    text = _AUTHORIZATION.sub(rf"\1{MASK}", text)
    text = _BEARER.sub(rf"\1\2{MASK}", text)
    text = _PARAMETER.sub(rf"\1{MASK}", text)
    return _JSON_FIELD.sub(rf"\1{MASK}", text)


def _user_part(found: re.Match[str]) -> str:
    """A URL's user part masked: the name kept when a password follows it, else all of it."""
    scheme, user = found["scheme"], found["user"]
    has_password = found.group(0)[len(scheme) + len(user) :].startswith(":")
    return f"{scheme}{user}:{MASK}@" if has_password and user else f"{scheme}{MASK}@"


def secret_values(settings: BaseModel) -> set[str]:
    """Every ``SecretStr`` value in ``settings`` (nested models too), and the password of each
    one that is a URL, decoded as well as written."""
    return {piece for value in _secrets_in(settings) for piece in _pieces(value)}


def _secrets_in(model: BaseModel) -> Iterator[str]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, SecretStr):
            yield value.get_secret_value()
        elif isinstance(value, BaseModel):
            yield from _secrets_in(value)


def _pieces(value: str) -> Iterator[str]:
    yield value
    try:
        password = urlsplit(value).password
    except ValueError:
        return
    if password:
        yield password
        yield unquote(password)
