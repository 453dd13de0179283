"""Log output of the services: text for people, or one JSON object per line for operators, and
never a secret.

``configure_logging`` (called by each service's ``main``) sends the root logger's records to
stderr at the configured ``log_level``, as ``log_format`` says: ``text`` (time, service,
level, logger, message) or ``json`` (``time`` in UTC ISO 8601, ``level``, ``logger``,
``service``, ``message``, and ``exception`` with the traceback when there is one). Every record
passes :class:`SecretFilter` first, which masks credentials in the message and in the
traceback (:func:`~nextsteps_shared.ops.redaction.redact`), the installation's own secret
settings included.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final, Literal

from nextsteps_shared.ops.redaction import redact, secret_values
from nextsteps_shared.settings import NextstepsSettings

TEXT_FORMAT: Final = "%(asctime)s {service} %(levelname)s %(name)s: %(message)s"
_OURS: Final = "_nextsteps_handler"  # marks the handler configure_logging installed

LogFormat = Literal["text", "json"]


class SecretFilter(logging.Filter):
    """Masks credentials in every record it sees (the message is formatted here, once)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = frozenset(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg = redact(record.getMessage(), self._secrets)
            record.args = None
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = redact(record.exc_text, self._secrets)
            if record.stack_info:
                record.stack_info = redact(record.stack_info, self._secrets)
        except Exception:  # a record that cannot be formatted is logging's own error to report
            return True
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "service": self._service,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False)


def log_handler(
    service: str, log_format: LogFormat, secrets: Iterable[str] = ()
) -> logging.Handler:
    """A stderr handler writing ``log_format``, every secret masked."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT.format(service=service)))
    handler.addFilter(SecretFilter(secrets))
    return handler


def configure_logging(settings: NextstepsSettings, service: str) -> None:
    """The process's logging as the settings say (a second call replaces the first's handler;
    handlers installed by others, e.g. a test runner's, are left alone)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
    handler = log_handler(service, settings.log_format, secret_values(settings))
    setattr(handler, _OURS, True)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
