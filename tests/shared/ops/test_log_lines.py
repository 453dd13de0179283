"""Log lines as operators read them: JSON objects one per line, or text; never a secret."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import SecretStr

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.ops.logs import LogFormat, log_handler
from nextsteps_shared.ops.redaction import secret_values
from nextsteps_shared.settings import NextstepsSettings, load_settings

PASSWORD = "Tr0ub4dor&3"
KEY = "an encryption key nobody may read"


@pytest.fixture
def settings() -> NextstepsSettings:
    return NextstepsSettings(
        broker_url=f"nats://planner:{PASSWORD}@nats.internal:4222", encryption_key=KEY
    )


def _logged(
    settings: NextstepsSettings, log_format: LogFormat, emit: Callable[[logging.Logger], None]
) -> str:
    """What a logger writes through the services' handler, as ``log_format``."""
    stream = io.StringIO()
    handler = log_handler("planner", log_format, secret_values(settings))
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    logger = logging.getLogger(f"nextsteps.test.{log_format}")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def _secrets_logged(logger: logging.Logger) -> None:
    url = f"https://maya:{PASSWORD}@caldav.fastmail.com/dav/calendars/"
    logger.info("connecting to %s with key %s", url, SecretStr(KEY))
    logger.warning("raw key %s, header Authorization: Bearer ya29.secret-token", KEY)
    try:
        raise ConnectionError(f"cannot reach nats://planner:{PASSWORD}@nats.internal:4222")
    except ConnectionError:
        logger.exception("the broker is away")


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_no_secret_reaches_the_log(settings: NextstepsSettings, log_format: LogFormat) -> None:
    output = _logged(settings, log_format, _secrets_logged)
    assert "connecting to https://maya:***@caldav.fastmail.com/dav/calendars/" in output
    assert "ConnectionError" in output and "nats://planner:***@nats.internal" in output
    assert PASSWORD not in output
    assert KEY not in output
    assert "ya29.secret-token" not in output


def test_json_lines_are_one_object_each_with_time_level_logger_and_message(
    settings: NextstepsSettings,
) -> None:
    output = _logged(settings, "json", _secrets_logged)
    lines = [json.loads(line) for line in output.splitlines()]
    assert [line["level"] for line in lines] == ["INFO", "WARNING", "ERROR"]
    assert {line["logger"] for line in lines} == {"nextsteps.test.json"}
    assert {line["service"] for line in lines} == {"planner"}
    assert all(line["time"].endswith("+00:00") for line in lines)
    assert "exception" not in lines[0]
    assert lines[2]["message"] == "the broker is away"
    assert lines[2]["exception"].startswith("Traceback (most recent call last)")


def test_the_format_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert load_settings(tmp_path).log_format == "text"
    monkeypatch.setenv("NEXTSTEPS_LOG_FORMAT", "json")
    assert load_settings(tmp_path).log_format == "json"
    monkeypatch.setenv("NEXTSTEPS_LOG_FORMAT", "yaml")
    with pytest.raises(SettingsError, match="log_format"):
        load_settings(tmp_path)
