"""One typed settings object per process.

``HubSettings.from_env`` is called once, in ``main``, and the object is passed
down. Nothing in the hub reads the environment at import time, so tests build
settings directly and several hubs can live in one test process.

Secrets (SASL password, client secrets) are ``SecretStr``: they print as
``**********`` in logs, reprs and tracebacks.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCHEMA_DIR = REPO_ROOT / "schemas" / "avro"


class SettingsError(ValueError):
    """A setting has a value the hub cannot use; the message names the variable."""


class KafkaSettings(BaseModel):
    """Where Kafka is and how to talk to it.

    ``bootstrap`` None means: the embedded Tansu broker, started by the hub.
    """

    model_config = ConfigDict(frozen=True)

    bootstrap: str | None = None
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: Path | None = None
    ssl_certfile: Path | None = None
    ssl_keyfile: Path | None = None
    #: Embedded broker port; 0 picks a free one.
    embedded_port: int = Field(default=9092, ge=0, le=65535)
    #: Partitions for the hub's topics. Keys (country, hub_id) spread over them.
    partitions: int = Field(default=3, ge=1)
    replication_factor: int = Field(default=1, ge=1)
    #: Tansu answers JoinGroup only after about half the session timeout, so the
    #: embedded profile keeps it short; a real cluster uses Kafka's defaults.
    session_timeout_s: float = Field(default=6.0, gt=0)
    heartbeat_interval_s: float = Field(default=1.5, gt=0)
    #: How long a fetch may wait for data. Tansu holds a fetch for the whole
    #: wait even when data arrives (measured: 500 ms -> p50 132 ms, 50 -> 8,
    #: 5 -> 3), and Faust hard-codes 1500 ms, so the embedded profile keeps it
    #: short. Kafka answers as soon as data arrives, so there it only sets how
    #: often an idle consumer polls.
    fetch_max_wait_ms: int = Field(default=50, ge=1)

    @property
    def embedded(self) -> bool:
        return self.bootstrap is None


class RegistrySettings(BaseModel):
    """Schema registry: ``url`` None means the hub's own embedded registry."""

    model_config = ConfigDict(frozen=True)

    url: str | None = None
    embedded_host: str = "127.0.0.1"
    embedded_port: int = Field(default=8081, ge=0, le=65535)
    basic_auth_user: str | None = None
    basic_auth_password: SecretStr | None = None

    @property
    def embedded(self) -> bool:
        return self.url is None


class ProcessorSettings(BaseModel):
    """The Faust stream processors."""

    model_config = ConfigDict(frozen=True)

    #: ``memory://`` (state rebuilt from changelog topics on start) or
    #: ``rocksdb://`` (needs rocksdict; never with the memory-only broker,
    #: whose restart would contradict the local state).
    store: str = "memory://"
    app_id: str = "hub-processors"
    #: Events per batch and the longest wait to fill one. 5 ms, not more: at
    #: half the worker's capacity the wait adds to every batch's cycle, so to
    #: latency (p99 69 against 89 ms at 20 ms), and costs no throughput; an idle
    #: worker wakes 200 times a second for it, 4% of a core (docs/performance.md).
    batch_max: int = Field(default=500, ge=1)
    batch_within_s: float = Field(default=0.005, gt=0)
    #: Freeze what survives each batch out of the garbage collector's reach,
    #: with a full collection every ``gc_full_every_s`` (hub.processors.gc_policy).
    gc_freeze: bool = True
    gc_full_every_s: float = Field(default=600.0, gt=0)


class ArchiveSettings(BaseModel):
    """The durable event archive (docs/archive.md).

    ``dir`` None means ``<data_dir>/archive``. Files roll at ``roll_bytes`` or
    after ``roll_seconds``, whichever comes first; a signed checkpoint is
    written every ``checkpoint_every`` entries or ``checkpoint_interval_s``
    seconds (when there is something new), on every roll and on stop.
    """

    model_config = ConfigDict(frozen=True)

    enabled: bool = True
    dir: Path | None = None
    roll_bytes: int = Field(default=64 * 1024 * 1024, ge=4096)
    roll_seconds: float = Field(default=86400.0, gt=0)
    checkpoint_every: int = Field(default=10000, ge=1)
    checkpoint_interval_s: float = Field(default=60.0, gt=0)
    #: Avro block codec; both are in every Avro implementation.
    codec: Literal["null", "deflate"] = "deflate"


class HubSettings(BaseModel):
    """Everything one hub process needs to know, built once in ``main``."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path = Path(".hub")
    schema_dir: Path = DEFAULT_SCHEMA_DIR
    kafka: KafkaSettings = KafkaSettings()
    registry: RegistrySettings = RegistrySettings()
    processors: ProcessorSettings = ProcessorSettings()
    archive: ArchiveSettings = ArchiveSettings()
    gateway_host: str = "127.0.0.1"
    gateway_port: int = Field(default=8080, ge=0, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @property
    def runtime_file(self) -> Path:
        """Where a running embedded hub writes its addresses for other commands."""
        return self.data_dir / "runtime.json"

    @property
    def archive_dir(self) -> Path:
        """Where the event archive lives: ``HUB_ARCHIVE_DIR``, else ``<data_dir>/archive``."""
        return self.archive.dir if self.archive.dir is not None else self.data_dir / "archive"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "HubSettings":
        """Build settings from ``HUB_*`` variables; unset ones keep defaults."""
        env = os.environ if env is None else env
        kafka = _pick(env, {
            "HUB_KAFKA_BOOTSTRAP": "bootstrap",
            "HUB_KAFKA_SECURITY_PROTOCOL": "security_protocol",
            "HUB_KAFKA_SASL_MECHANISM": "sasl_mechanism",
            "HUB_KAFKA_SASL_USERNAME": "sasl_username",
            "HUB_KAFKA_SASL_PASSWORD": "sasl_password",
            "HUB_KAFKA_SSL_CAFILE": "ssl_cafile",
            "HUB_KAFKA_SSL_CERTFILE": "ssl_certfile",
            "HUB_KAFKA_SSL_KEYFILE": "ssl_keyfile",
            "HUB_BROKER_PORT": "embedded_port",
            "HUB_KAFKA_PARTITIONS": "partitions",
            "HUB_KAFKA_REPLICATION_FACTOR": "replication_factor",
            "HUB_KAFKA_SESSION_TIMEOUT_S": "session_timeout_s",
            "HUB_KAFKA_HEARTBEAT_INTERVAL_S": "heartbeat_interval_s",
            "HUB_KAFKA_FETCH_MAX_WAIT_MS": "fetch_max_wait_ms",
        })
        if kafka.get("bootstrap"):
            # A real cluster: Kafka's own group timings, unless overridden.
            kafka.setdefault("session_timeout_s", "45")
            kafka.setdefault("heartbeat_interval_s", "3")
            kafka.setdefault("replication_factor", "3")
            kafka.setdefault("fetch_max_wait_ms", "500")
        registry = _pick(env, {
            "HUB_SCHEMA_REGISTRY_URL": "url",
            "HUB_SCHEMA_REGISTRY_PORT": "embedded_port",
            "HUB_SCHEMA_REGISTRY_USER": "basic_auth_user",
            "HUB_SCHEMA_REGISTRY_PASSWORD": "basic_auth_password",
        })
        processors = _pick(env, {
            "HUB_FAUST_STORE": "store",
            "HUB_PROCESSORS_APP_ID": "app_id",
            "HUB_BATCH_MAX": "batch_max",
            "HUB_BATCH_WITHIN_S": "batch_within_s",
            "HUB_GC_FREEZE": "gc_freeze",
            "HUB_GC_FULL_EVERY_S": "gc_full_every_s",
        })
        archive = _pick(env, {
            "HUB_ARCHIVE_ENABLED": "enabled",
            "HUB_ARCHIVE_DIR": "dir",
            "HUB_ARCHIVE_ROLL_BYTES": "roll_bytes",
            "HUB_ARCHIVE_ROLL_SECONDS": "roll_seconds",
            "HUB_ARCHIVE_CHECKPOINT_EVERY": "checkpoint_every",
            "HUB_ARCHIVE_CHECKPOINT_INTERVAL_S": "checkpoint_interval_s",
            "HUB_ARCHIVE_CODEC": "codec",
        })
        top = _pick(env, {
            "HUB_DATA_DIR": "data_dir",
            "HUB_SCHEMA_DIR": "schema_dir",
            "HUB_GATEWAY_HOST": "gateway_host",
            "HUB_GATEWAY_PORT": "gateway_port",
            "HUB_LOG_LEVEL": "log_level",
        })
        sections = {"kafka": kafka, "registry": registry, "processors": processors, "archive": archive}
        try:
            return cls(kafka=KafkaSettings(**kafka), registry=RegistrySettings(**registry),
                       processors=ProcessorSettings(**processors), archive=ArchiveSettings(**archive), **top)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise SettingsError(f"invalid setting {_var_for(exc.title, err['loc'], sections, top)}: "
                                f"{err['msg']}") from None


class _Picked(dict):
    """Field values picked from the environment, remembering each one's variable."""

    def __init__(self, values: dict[str, str], variables: dict[str, str]):
        super().__init__(values)
        self.variables = variables


def _pick(env: Mapping[str, str], names: Mapping[str, str]) -> _Picked:
    return _Picked({field: env[var] for var, field in names.items() if env.get(var, "") != ""},
                   {field: var for var, field in names.items()})


def _var_for(model: str, loc: tuple, sections: dict[str, _Picked], top: _Picked) -> str:
    """The environment variable behind a pydantic error location, for the message."""
    section = {"KafkaSettings": "kafka", "RegistrySettings": "registry",
               "ProcessorSettings": "processors", "ArchiveSettings": "archive"}.get(model)
    picked = sections[section] if section else top
    field = str(loc[0]) if loc else ""
    return picked.variables.get(field, field)
