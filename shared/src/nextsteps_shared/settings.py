"""Settings building blocks (pydantic-settings).

Where a value comes from, strongest first: arguments given by a command (``--data-dir`` and
others), environment variables prefixed ``NEXTSTEPS_`` (nested with ``__``, lists as JSON), a
``.env`` file in the working directory, ``settings.toml`` in the data directory, files in the
secrets directory, then defaults.

The secrets directory (``NEXTSTEPS_SECRETS_DIR``, else ``/run/secrets`` when it exists: where
Docker Compose and Kubernetes mount secrets) holds one file per setting, named like its
environment variable in any case: ``nextsteps_database_url`` supplies ``database_url``
(surrounding whitespace is dropped).
"""

from __future__ import annotations

import ipaddress
import os
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SecretsSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from nextsteps_shared.errors import SettingsError
from nextsteps_shared.localzone import is_zone, system_zone_name
from nextsteps_shared.owner import Owner
from nextsteps_shared.policy.config import FollowUpPolicy

SETTINGS_FILE_NAME = "settings.toml"
ENV_PREFIX = "NEXTSTEPS_"
SECRETS_DIR_VARIABLE = "NEXTSTEPS_SECRETS_DIR"
DEFAULT_SECRETS_DIR = Path("/run/secrets")
_settings_file: ContextVar[Path | None] = ContextVar("nextsteps_settings_file", default=None)


def default_data_dir() -> Path:
    """The per-user data directory (``~/.local/share/nextsteps`` on Linux)."""
    return Path(platformdirs.user_data_dir("nextsteps", appauthor=False))


class OwnerSettings(BaseModel):
    """The candidate: addresses, current employer domains (inferred when empty), time zone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    addresses: tuple[str, ...] = ()
    employer_domains: tuple[str, ...] = ()
    timezone: str | None = None

    @field_validator("addresses")
    @classmethod
    def _looks_like_addresses(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if "@" not in value:
                raise ValueError(f"{value!r} is not an e-mail address")
        return values

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not is_zone(value):
            raise ValueError(f"{value!r} is not a known time zone (use an IANA name)")
        return value

    def to_owner(self) -> Owner:
        """The owner these settings describe; the machine's zone when none is set."""
        zone = self.timezone or system_zone_name()
        return Owner.build(self.addresses, self.employer_domains, zone)


class FeedSettings(BaseModel):
    """Limits for fetching ICS/webcal feeds (other people's servers, fetched unattended).

    ``allow_hosts``: host names (or IP literals) that may be fetched although they resolve to
    a loopback, private or link-local address (an intranet calendar server, or tests);
    every other such address is refused, on every redirect hop. ``max_bytes``, ``timeout_seconds``
    (the whole download, redirects included) and ``max_redirects`` bound one fetch. A feed is
    fetched at most once per its REFRESH-INTERVAL / X-PUBLISHED-TTL, kept between
    ``min_refresh_seconds`` (also the interval of a feed that gives none) and
    ``max_refresh_seconds``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    allow_hosts: tuple[str, ...] = ()
    max_bytes: int = Field(default=32 * 2**20, ge=1024)
    timeout_seconds: float = Field(default=60.0, gt=0, le=600)
    max_redirects: int = Field(default=5, ge=0, le=20)
    min_refresh_seconds: int = Field(default=300, ge=0)
    max_refresh_seconds: int = Field(default=86_400, ge=60)

    @field_validator("allow_hosts")
    @classmethod
    def _host_names(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not _is_host(value):
                raise ValueError(f"{value!r} is not a host name (no scheme, port or path)")
        return tuple(value.lower().strip("[]") for value in values)


def _is_host(value: str) -> bool:
    """A host name or an IP literal (IPv6 with or without brackets)."""
    try:
        ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        return bool(value) and not any(c in value for c in "/:@ ")
    return True


GOOGLE_API_ENDPOINT = "https://www.googleapis.com/calendar/v3/"
GOOGLE_CLIENT_SECRETS_FILE = "google_client_secret.json"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class GoogleSettings(BaseModel):
    """Google Calendar accounts.

    ``api_endpoint``: the Calendar v3 endpoint new accounts use (another one for an emulator or
    tests; ``connect google --api-endpoint`` overrides it per account). ``client_secrets``: the
    OAuth client (type Desktop app) downloaded from Google Cloud console, default
    ``<data dir>/google_client_secret.json``.

    Push (optional): with ``webhook_url`` (the public https:// address Google posts
    notifications to; plain http only on loopback, for tests) ingest opens an ``events.watch``
    channel per watched calendar and listens on ``webhook_host``:``webhook_port`` (a reverse
    proxy forwards the public URL there); a notification makes it poll that account at once.

    Requests (per account and process): at most ``requests_per_minute`` on average, after a
    ``burst`` of that many at once (Google allows 600 a minute per user and project; ingest and
    planner each pace their own, so the default keeps both together at two thirds of it); a rate
    limit (429, 403 ``rateLimitExceeded``/``userRateLimitExceeded``) or a 500/503 is retried up
    to ``max_tries`` in all, waiting a random time up to ``backoff_seconds`` doubled at each
    retry (full jitter, at most ``backoff_cap_seconds``, at least a ``Retry-After``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    api_endpoint: str = Field(default=GOOGLE_API_ENDPOINT, pattern=r"^https?://[^/]+")
    client_secrets: Path | None = None
    requests_per_minute: int = Field(default=200, ge=1, le=600)
    burst: int = Field(default=10, ge=1, le=100)
    max_tries: int = Field(default=5, ge=1, le=10)
    backoff_seconds: float = Field(default=1.0, gt=0, le=60)
    backoff_cap_seconds: float = Field(default=32.0, gt=0, le=600)
    webhook_url: str | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8471, ge=0, le=65535)

    @field_validator("webhook_url")
    @classmethod
    def _public_https(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        loopback = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
        if (parts.scheme != "https" and not loopback) or not parts.hostname:
            raise ValueError(f"{value!r} is not an https:// URL (http only on 127.0.0.1)")
        return value


class PublishSettings(BaseModel):
    """Each account's follow-ups as a feed calendar apps subscribe to: the planner answers
    ``GET /feeds/<token>.ics`` on ``host``:``port`` (``port`` 0: a free port at each start,
    said in its log). ``base_url``: the address people reach it at (``nextsteps feed url``
    prints it; a reverse proxy's ``https://`` address for webcal:// clients), default
    ``http://<host>:<port>``. ``refresh_minutes``: how often subscribers are asked to fetch it
    again (REFRESH-INTERVAL, X-PUBLISHED-TTL). ``enabled = false``: no feed server at all.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(default=8470, ge=0, le=65535)
    base_url: str | None = Field(default=None, pattern=r"^https?://[^/?#]+(/[^?#]*)?$")
    refresh_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)

    @field_validator("host")
    @classmethod
    def _host_name(cls, value: str) -> str:
        if not _is_host(value):
            raise ValueError(f"{value!r} is not a host name or IP address (no scheme or port)")
        return value.strip("[]")


class OpsSettings(BaseModel):
    """Where each service answers operators: ``GET /healthz`` (alive), ``/readyz`` (ready to
    work; 503 with what is not) and ``/metrics`` (Prometheus) on ``host``:``ingest_port``
    (ingest) and ``host``:``planner_port`` (the planner). Port 0: a free port at each start,
    said in the service's log. A ``--once`` run serves none of it (it exits by itself).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    ingest_port: int = Field(default=8472, ge=0, le=65535)
    planner_port: int = Field(default=8473, ge=0, le=65535)

    @field_validator("host")
    @classmethod
    def _host_name(cls, value: str) -> str:
        if not _is_host(value):
            raise ValueError(f"{value!r} is not a host name or IP address (no scheme or port)")
        return value.strip("[]")


class ReplicaSettings(BaseModel):
    """More than one ingest replica against one broker (README, "More replicas").

    An ingest replica polls only the accounts it holds a lease on: a key in the broker's
    key-value bucket (``subjects.LEASE_BUCKET``) that lives ``lease_seconds`` unless renewed
    (every third of it). A replica that dies loses its accounts to the others within
    ``lease_seconds`` plus one poll interval; one that stops cleanly hands them over at once.
    Give every replica of a deployment the same value (the last one started sets the bucket's).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    lease_seconds: float = Field(default=120.0, ge=1.0, le=3600.0)


class IngestSettings(BaseModel):
    """How an ingest replica polls: at most ``poll_concurrency`` accounts at once (a poll
    mostly waits on the calendar server; each round polls every account the replica holds, so
    a round takes about accounts x poll time / ``poll_concurrency``: ``bench/scale.py``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    poll_concurrency: int = Field(default=8, ge=1, le=1024)


class NextstepsSettings(BaseSettings):
    """Everything an operator can set. Secrets are SecretStr and never printed."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="forbid",
        frozen=True,
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    owner: OwnerSettings = OwnerSettings()
    policy: FollowUpPolicy = FollowUpPolicy()
    feeds: FeedSettings = FeedSettings()
    google: GoogleSettings = GoogleSettings()
    publish: PublishSettings = PublishSettings()
    replicas: ReplicaSettings = ReplicaSettings()
    ingest: IngestSettings = IngestSettings()
    ops: OpsSettings = OpsSettings()
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    broker_url: SecretStr | None = None
    broker_prefix: str = Field(default="", pattern=r"^[A-Za-z0-9_.-]{0,64}$")
    """Before every RabbitMQ exchange and queue and every Redis key nextsteps makes, so
    installations (or test runs) can share one server; NATS does not use it."""
    broker_replicas: int = Field(default=1, ge=1, le=5)
    """NATS JetStream: on how many servers of a cluster each stream is kept (3 on a 3-node
    cluster, so losing one server loses nothing); more than 1 needs a clustered JetStream.
    RabbitMQ and Redis do not use it (quorum queues replicate over the cluster by themselves)."""
    database_url: SecretStr | None = None
    encryption_key: SecretStr | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources = [init_settings, env_settings, dotenv_settings]
        settings_file = _settings_file.get()
        if settings_file is not None and settings_file.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=settings_file))
        secrets = secrets_dir()
        if secrets is not None:
            file_secret_settings = SecretsSettingsSource(settings_cls, secrets_dir=secrets)
        return (*sources, file_secret_settings)


def secrets_dir() -> Path | None:
    """Where secret files are read: ``$NEXTSTEPS_SECRETS_DIR`` (which must be a directory),
    else ``/run/secrets`` when it is one, else nowhere."""
    named = os.environ.get(SECRETS_DIR_VARIABLE)
    if not named:
        return DEFAULT_SECRETS_DIR if DEFAULT_SECRETS_DIR.is_dir() else None
    path = Path(named).expanduser()
    if not path.is_dir():
        raise SettingsError(f"{SECRETS_DIR_VARIABLE}={named} is not a directory")
    return path


class _DataDirProbe(BaseSettings):
    """Finds the data directory first: the settings file lives there."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default_factory=default_data_dir)


def load_settings(data_dir: Path | None = None, **overrides: Any) -> NextstepsSettings:
    """Settings from every source; a bad value raises SettingsError saying which and where."""
    found = _find_data_dir(data_dir)
    token = _settings_file.set(found / SETTINGS_FILE_NAME)
    try:
        return NextstepsSettings(**{**overrides, "data_dir": found})
    except ValidationError as err:
        raise SettingsError(_describe(err, found)) from err
    finally:
        _settings_file.reset(token)


def _find_data_dir(data_dir: Path | None) -> Path:
    try:
        probe = _DataDirProbe() if data_dir is None else _DataDirProbe(data_dir=data_dir)
        return probe.data_dir.expanduser()
    except ValidationError as err:
        raise SettingsError(_describe(err, None)) from err


def _describe(err: ValidationError, data_dir: Path | None) -> str:
    where = (
        f"environment (NEXTSTEPS_*), .env or {data_dir / SETTINGS_FILE_NAME}"
        if data_dir
        else "environment (NEXTSTEPS_*) or .env"
    )
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in err.errors()
    )
    return f"invalid settings ({where}): {problems}"
