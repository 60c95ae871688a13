"""``hub registry``: run the schema registry alone against the configured Kafka until Ctrl-C or SIGTERM.

For a registry beside a Kafka the hub did not start (``HUB_KAFKA_BOOTSTRAP``),
or a second instance beside a running ``hub up`` (found via its runtime
file) — as a read replica: see hub/registry/log.py for why one writer.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from hub.embedded.runtime import read_runtime
from hub.errors import HubError
from hub.kafka.topics import SCHEMAS
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("registry", help="run the Confluent-compatible schema registry against the configured Kafka")
    p.add_argument("--host", help="listen address (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="listen port (default HUB_SCHEMA_REGISTRY_PORT or 8081; 0 = any free port)")
    p.add_argument("--topic", default=SCHEMAS, help=f"the registry's log topic (default {SCHEMAS})")
    p.set_defaults(func=run)


def _bootstrap(settings: HubSettings) -> str:
    if settings.kafka.bootstrap:
        return settings.kafka.bootstrap
    runtime = read_runtime(settings.runtime_file)
    if runtime is None:
        raise HubError(f"no Kafka to keep schemas in: set HUB_KAFKA_BOOTSTRAP or start a hub with `hub up` "
                       f"({settings.runtime_file} is missing)")
    return runtime.bootstrap


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    port = settings.registry.embedded_port if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise HubError(f"--port must be between 0 and 65535, not {port}")
    bootstrap = _bootstrap(settings)
    asyncio.run(_serve(settings, bootstrap, args.host, port, args.topic))
    print("schema registry stopped", flush=True)
    return 0


async def _serve(settings: HubSettings, bootstrap: str, host: str | None, port: int, topic: str) -> None:
    from hub.registry.server import start_registry

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        handle = await start_registry(settings, bootstrap, topic=topic, host=host, port=port)
        try:
            print(f"schema registry ready on {handle.url} (log topic {topic} on {bootstrap}; Ctrl-C stops it)",
                  flush=True)
            await stop.wait()
        finally:
            await handle.stop()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
