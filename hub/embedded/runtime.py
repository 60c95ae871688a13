"""The runtime file: how a running embedded hub tells other commands where it is.

``hub up`` picks ports at start (9092/8081/8080 when free, any free port when
not) and writes them to ``<data_dir>/runtime.json``. Commands run beside it
(``hub connector run``, ``hub registry``, tests) read it when no explicit
``HUB_KAFKA_BOOTSTRAP`` / ``HUB_SCHEMA_REGISTRY_URL`` is set.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from hub.errors import HubError
from hub.settings import HubSettings


@dataclass(frozen=True)
class Runtime:
    bootstrap: str
    registry_url: str
    gateway_url: str | None
    pid: int


def write_runtime(path: Path, runtime: Runtime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(runtime), indent=2))
    os.replace(tmp, path)


def read_runtime(path: Path) -> Runtime | None:
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise HubError(f"cannot read {path}: {exc}") from None
    return Runtime(**data)


def resolve_endpoints(settings: HubSettings) -> tuple[str, str]:
    """(bootstrap, registry_url) from settings, else from a running embedded hub."""
    bootstrap = settings.kafka.bootstrap
    registry = settings.registry.url
    if bootstrap and registry:
        return bootstrap, registry
    runtime = read_runtime(settings.runtime_file)
    if runtime is None:
        raise HubError(
            f"no Kafka configured and no running hub found ({settings.runtime_file} is missing): "
            "start one with `make run` / `hub up`, or set HUB_KAFKA_BOOTSTRAP and HUB_SCHEMA_REGISTRY_URL"
        )
    return bootstrap or runtime.bootstrap, registry or runtime.registry_url
