"""Settings: NEXTSTEPS_ environment, .env, settings.toml in the data directory, secrets hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.settings import load_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("NEXTSTEPS_DATA_DIR", "NEXTSTEPS_OWNER__ADDRESSES", "NEXTSTEPS_OWNER__TIMEZONE"):
        monkeypatch.delenv(name, raising=False)


def test_settings_file_in_data_dir_is_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text(
        '[owner]\naddresses = ["ana@acme.com"]\ntimezone = "Europe/Paris"\n'
        "[policy]\ndefault_wait_business_days = 7\n"
    )
    settings = load_settings(data)
    assert settings.data_dir == data
    assert settings.policy.default_wait_business_days == 7
    owner = settings.owner.to_owner()
    assert owner.timezone == "Europe/Paris" and owner.employer_domains == ("acme.com",)


def test_environment_beats_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text('[owner]\ntimezone = "Europe/Paris"\n')
    monkeypatch.setenv("NEXTSTEPS_DATA_DIR", str(data))
    monkeypatch.setenv("NEXTSTEPS_OWNER__TIMEZONE", "Asia/Tokyo")
    assert load_settings().owner.timezone == "Asia/Tokyo"


def test_dotenv_names_the_data_dir(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"NEXTSTEPS_DATA_DIR={tmp_path / 'elsewhere'}\n")
    assert load_settings().data_dir == tmp_path / "elsewhere"


def test_secrets_are_never_printed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEXTSTEPS_DATABASE_URL", "postgresql://u:hunter2@db/x")
    settings = load_settings(tmp_path)
    assert "hunter2" not in settings.model_dump_json()
    assert "hunter2" not in repr(settings)
    assert settings.database_url is not None
    assert settings.database_url.get_secret_value().endswith("@db/x")


def test_bad_value_says_what_and_where(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('[owner]\naddresses = ["not-an-address"]\n')
    with pytest.raises(SettingsError, match=r"owner\.addresses.*not-an-address") as raised:
        load_settings(tmp_path)
    assert str(tmp_path / "settings.toml") in str(raised.value)


def test_unknown_setting_is_refused(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("colour = 'blue'\n")
    with pytest.raises(SettingsError, match="colour"):
        load_settings(tmp_path)


@pytest.mark.parametrize(
    "url", ["http://example.net/push", "ftp://example.net/push", "https:///push", "example.net"]
)
def test_a_webhook_url_must_be_https_unless_on_loopback(tmp_path: Path, url: str) -> None:
    with pytest.raises(SettingsError, match="webhook_url"):
        load_settings(tmp_path, google={"webhook_url": url})
    for fine in ("https://nextsteps.example.net/google/push", "http://127.0.0.1:8471/push"):
        assert load_settings(tmp_path, google={"webhook_url": fine}).google.webhook_url == fine


def test_ingest_poll_concurrency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(tmp_path).ingest.poll_concurrency == 8
    monkeypatch.setenv("NEXTSTEPS_INGEST__POLL_CONCURRENCY", "64")
    assert load_settings(tmp_path).ingest.poll_concurrency == 64
    monkeypatch.setenv("NEXTSTEPS_INGEST__POLL_CONCURRENCY", "0")
    with pytest.raises(SettingsError, match=r"ingest\.poll_concurrency"):
        load_settings(tmp_path)
