"""Settings from secret files (Docker Compose / Kubernetes mount them under /run/secrets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextsteps_shared import settings as settings_module
from nextsteps_shared.errors import SettingsError
from nextsteps_shared.settings import load_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("NEXTSTEPS_DATA_DIR", "NEXTSTEPS_DATABASE_URL", "NEXTSTEPS_SECRETS_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "secrets"
    folder.mkdir()
    monkeypatch.setenv("NEXTSTEPS_SECRETS_DIR", str(folder))
    return folder


def test_a_secret_file_supplies_its_setting(tmp_path: Path, secrets: Path) -> None:
    (secrets / "nextsteps_database_url").write_text("postgresql://ns:s3cret@db/nextsteps\n")
    (secrets / "NEXTSTEPS_ENCRYPTION_KEY").write_text("  a passphrase  ")
    loaded = load_settings(tmp_path / "data")
    assert loaded.database_url is not None
    assert loaded.database_url.get_secret_value() == "postgresql://ns:s3cret@db/nextsteps"
    assert loaded.encryption_key is not None
    assert loaded.encryption_key.get_secret_value() == "a passphrase"
    assert "s3cret" not in repr(loaded)


def test_environment_and_settings_file_beat_secret_files(
    tmp_path: Path, secrets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (secrets / "nextsteps_database_url").write_text("postgresql://from-file/db")
    (secrets / "nextsteps_broker_url").write_text("nats://from-file:4222")
    (secrets / "nextsteps_log_level").write_text("DEBUG")
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text('log_level = "WARNING"\n')
    monkeypatch.setenv("NEXTSTEPS_DATABASE_URL", "postgresql://from-env/db")
    loaded = load_settings(data)
    assert loaded.database_url is not None and loaded.broker_url is not None
    assert loaded.database_url.get_secret_value() == "postgresql://from-env/db"
    assert loaded.broker_url.get_secret_value() == "nats://from-file:4222"
    assert loaded.log_level == "WARNING"


def test_files_of_other_programs_are_left_alone(tmp_path: Path, secrets: Path) -> None:
    (secrets / "postgres_password").write_text("not ours")
    (secrets / "database_url").write_text("postgresql://no-prefix/db")
    assert load_settings(tmp_path / "data").database_url is None


def test_a_named_secrets_dir_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXTSTEPS_SECRETS_DIR", str(tmp_path / "missing"))
    with pytest.raises(SettingsError, match=r"NEXTSTEPS_SECRETS_DIR=.*missing is not a directory"):
        load_settings(tmp_path / "data")


def test_run_secrets_is_the_default_when_it_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mounted = tmp_path / "run-secrets"
    monkeypatch.setattr(settings_module, "DEFAULT_SECRETS_DIR", mounted)
    assert load_settings(tmp_path / "data").database_url is None  # no folder: nothing read
    mounted.mkdir()
    (mounted / "nextsteps_database_url").write_text("postgresql://mounted/db")
    loaded = load_settings(tmp_path / "data")
    assert loaded.database_url is not None
    assert loaded.database_url.get_secret_value() == "postgresql://mounted/db"
