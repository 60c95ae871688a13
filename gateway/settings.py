"""Typed settings of one gateway process, built once in ``hub gateway`` from ``HUB_GATEWAY_*``.

Like ``hub.settings``, nothing reads the environment at import time and an
error names the variable at fault. The embedded profile (``hub up``) turns
on the things that only make sense on one machine: webhooks may target
loopback (so a partner can try a receiver on 127.0.0.1), every accepted event
is archived before the 202, and the demo data set is loaded.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hub.settings import HubSettings, SettingsError

_VARS = {
    "HUB_GATEWAY_HOST": "host",
    "HUB_GATEWAY_PORT": "port",
    "HUB_GATEWAY_MAX_BODY_BYTES": "max_body_bytes",
    "HUB_GATEWAY_MAX_BATCH": "max_batch",
    "HUB_GATEWAY_RATE_PER_S": "rate_per_s",
    "HUB_GATEWAY_RATE_BURST": "rate_burst",
    "HUB_GATEWAY_READ_MODEL": "read_model_path",
    "HUB_GATEWAY_ARCHIVE": "archive",
    "HUB_WEBHOOK_ALLOW_LOOPBACK": "webhook_allow_loopback",
    "HUB_WEBHOOK_TIMEOUT_S": "webhook_timeout_s",
    "HUB_WEBHOOK_MAX_ATTEMPTS": "webhook_max_attempts",
    "HUB_GATEWAY_DEMO_DATA": "demo_data",
}


class GatewaySettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    #: Largest request body accepted (413 above it).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    #: Most events in one publish request.
    max_batch: int = Field(default=1000, ge=1)
    default_page_size: int = Field(default=50, ge=1)
    max_page_size: int = Field(default=500, ge=1)
    #: Per-client token bucket: sustained requests per second and burst size.
    rate_per_s: float = Field(default=50.0, gt=0)
    rate_burst: int = Field(default=200, ge=1)
    #: SQLite file of the read model; ":memory:" keeps it in memory (it is
    #: rebuilt from Kafka on every start either way).
    read_model_path: str = ":memory:"
    #: Archive accepted events (fsync) before answering 202; on in the embedded profile.
    archive: bool = False
    #: Let webhooks target loopback addresses. Embedded profile only: in
    #: production a subscription must never reach the hub's own network.
    webhook_allow_loopback: bool = False
    #: Per-attempt timeout of a webhook delivery (the spec allows at most 15 s).
    webhook_timeout_s: float = Field(default=10.0, gt=0, le=15)
    webhook_max_attempts: int = Field(default=8, ge=1, le=20)
    #: Publish the demo data set on start (``hub up`` in the embedded profile).
    demo_data: bool = False

    @classmethod
    def from_env(cls, hub: HubSettings, env: Mapping[str, str] | None = None) -> "GatewaySettings":
        """Host and port from ``hub``; ``HUB_GATEWAY_*`` override.

        The embedded-only switches (archive, loopback webhooks, demo data)
        default to off; ``hub up`` turns them on for the gateway it starts.
        """
        env = os.environ if env is None else env
        values: dict[str, object] = {"host": hub.gateway_host, "port": hub.gateway_port}
        values |= {field: env[var] for var, field in _VARS.items() if env.get(var, "") != ""}
        try:
            return cls(**values)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else ""
            var = next((v for v, f in _VARS.items() if f == field), field)
            raise SettingsError(f"invalid setting {var}: {err['msg']}") from None

    def data_path(self, hub: HubSettings, name: str) -> Path:
        return Path(hub.data_dir) / "gateway" / name
