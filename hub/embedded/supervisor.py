"""``hub up``: start everything the embedded profile needs, stop it in order.

Order of start: broker (unless HUB_KAFKA_BOOTSTRAP points at a cluster),
topics, the archive's ``_schemas`` log replayed into that fresh broker,
schema registry (unless HUB_SCHEMA_REGISTRY_URL points at one), the hub's
own schemas, the stream processors, the archive's events replayed at the
processors' pace (docs/archive.md), then the gateway. Stop is the reverse,
so no client ever talks to a broker that has already gone.

The broker runs as a child process (a static binary); the registry runs on
this process's event loop; the stream processors run as child ``hub worker``
processes so that one crashing does not take the others down.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from contextlib import AsyncExitStack
from dataclasses import dataclass, field

from hub.embedded.broker import BrokerError, EmbeddedBroker
from hub.embedded.runtime import Runtime, write_runtime
from hub.errors import HubError
from hub.settings import HubSettings

log = logging.getLogger(__name__)


@dataclass
class RunningHub:
    bootstrap: str
    registry_url: str
    gateway_url: str | None = None
    children: list[asyncio.subprocess.Process] = field(default_factory=list)


def create_topics(settings: HubSettings, bootstrap: str) -> list[str]:
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    from hub.kafka.clients import client_config
    from hub.kafka.topics import ensure_topics

    try:
        admin = KafkaAdminClient(**client_config(settings.kafka, bootstrap), client_id="hub-init")
    except KafkaError as exc:
        raise HubError(f"cannot reach Kafka at {bootstrap}: {exc.__class__.__name__}") from None
    try:
        return ensure_topics(admin, settings.kafka.partitions, settings.kafka.replication_factor)
    except KafkaError as exc:
        raise HubError(f"cannot create the hub's topics on {bootstrap}: {exc}") from None
    finally:
        admin.close()


async def register_schemas(settings: HubSettings, registry_url: str) -> dict[str, int]:
    """Register the hub's schemas under ``<topic>-value``, idempotently."""
    from hub.contracts.schemas import SchemaSet
    from hub.contracts.serde import HubSerde
    from hub.kafka.topics import TOPICS
    from hub.registry.client import RegistryClient

    client = RegistryClient(registry_url)
    try:
        serde = HubSerde(SchemaSet.load(settings.schema_dir), client)
        topics = {t.name: t.value_schema for t in TOPICS if t.value_schema}
        return await serde.register_topics(topics)
    finally:
        await client.close()


async def start_hub(settings: HubSettings, stack: AsyncExitStack) -> RunningHub:
    """Start the embedded profile's parts; ``stack`` stops them in reverse order."""
    if settings.kafka.bootstrap:
        bootstrap = settings.kafka.bootstrap
        log.info("using external Kafka at %s", bootstrap)
    else:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        broker = EmbeddedBroker(settings.kafka.embedded_port, log_file=settings.data_dir / "broker.log",
                                pid_file=settings.data_dir / "broker.pid")
        try:
            await asyncio.to_thread(broker.start)
        except BrokerError as exc:
            raise HubError(str(exc)) from None
        stack.callback(broker.stop)
        bootstrap = broker.bootstrap
    created = await asyncio.to_thread(create_topics, settings, bootstrap)
    if created:
        log.info("created topics: %s", ", ".join(created))
    if not settings.kafka.bootstrap:  # a fresh, empty broker: the registry's log comes back first
        from hub.archive.replay import replay_schemas_on_start

        await replay_schemas_on_start(settings, bootstrap)

    if settings.registry.url:
        registry_url = settings.registry.url
    else:
        from hub.registry.server import start_registry

        handle = await start_registry(settings, bootstrap)
        stack.push_async_callback(handle.stop)
        registry_url = handle.url
    ids = await register_schemas(settings, registry_url)
    log.info("schemas registered: %s", ", ".join(f"{s}={i}" for s, i in sorted(ids.items())))
    return RunningHub(bootstrap=bootstrap, registry_url=registry_url)


async def spawn_child(settings: HubSettings, hub: RunningHub, *args: str,
                      env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    """Start ``hub <args>`` pointed at this hub's broker and registry (``env`` adds variables)."""
    env = dict(os.environ, HUB_KAFKA_BOOTSTRAP=hub.bootstrap, HUB_SCHEMA_REGISTRY_URL=hub.registry_url,
               HUB_DATA_DIR=str(settings.data_dir)) | (env or {})
    if settings.log_level == "INFO":
        env["HUB_LOG_LEVEL"] = "WARNING"  # Faust's start-up chatter drowns the banner; DEBUG shows all
    if not settings.kafka.bootstrap:
        # Children of the embedded profile keep its short group timings.
        env.setdefault("HUB_KAFKA_SESSION_TIMEOUT_S", str(settings.kafka.session_timeout_s))
        env.setdefault("HUB_KAFKA_HEARTBEAT_INTERVAL_S", str(settings.kafka.heartbeat_interval_s))
        env.setdefault("HUB_KAFKA_REPLICATION_FACTOR", "1")
        env.setdefault("HUB_KAFKA_FETCH_MAX_WAIT_MS", str(settings.kafka.fetch_max_wait_ms))
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "hub", *args, env=env,
                                                stdin=asyncio.subprocess.DEVNULL)
    hub.children.append(proc)
    return proc


async def replay_events(settings: HubSettings, hub: RunningHub) -> None:
    """The archive's events into the fresh broker, paced by the running processors (hub/kafka/pacing.py)."""
    from hub.kafka.pacing import ProcessorPacer
    from hub.archive.replay import replay_on_start

    pacer = ProcessorPacer(settings, hub.bootstrap)
    stats = await replay_on_start(settings, hub.bootstrap, pace=pacer, schemas=False)
    if stats is not None:
        log.info("the processors have caught up with the replay (%d waits at changes of topic)", pacer.waits)


async def start_gateway(settings: HubSettings, hub: RunningHub, timeout_s: float = 90.0) -> str:
    """Spawn ``hub gateway`` with the embedded profile's switches; return its URL once ready.

    Embedded only: the demo data set, webhooks to loopback (so a partner can
    try a receiver on this machine) and the archive (fsync before 202).
    """
    import httpx

    from hub.embedded.ports import choose_port

    host = settings.gateway_host
    port = choose_port(settings.gateway_port, host)
    url = f"http://{host}:{port}"
    extra = {"HUB_GATEWAY_HOST": host, "HUB_GATEWAY_PORT": str(port), "HUB_OAUTH_EMBEDDED_ISSUER": url}
    if not settings.kafka.bootstrap:
        extra |= {"HUB_GATEWAY_DEMO_DATA": "1", "HUB_WEBHOOK_ALLOW_LOOPBACK": "1", "HUB_GATEWAY_ARCHIVE": "1"}
    proc = await spawn_child(settings, hub, "gateway", env=extra)
    deadline = asyncio.get_running_loop().time() + timeout_s
    async with httpx.AsyncClient(timeout=2) as http:
        while True:
            if proc.returncode is not None:
                raise HubError(f"the gateway exited with code {proc.returncode} during start-up")
            try:
                if (await http.get(f"{url}/readyz")).status_code == 200:
                    return url
            except httpx.HTTPError:
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise HubError(f"the gateway at {url} was not ready within {timeout_s:.0f} s")
            await asyncio.sleep(0.2)


async def stop_children(hub: RunningHub, timeout_s: float = 10.0) -> None:
    for proc in reversed(hub.children):
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
    for proc in reversed(hub.children):
        try:
            await asyncio.wait_for(proc.wait(), timeout_s)
        except asyncio.TimeoutError:
            log.warning("child %s did not stop in %.0f s; killing it", proc.pid, timeout_s)
            proc.kill()
            await proc.wait()


async def run_until_stopped(settings: HubSettings, on_ready=None) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with AsyncExitStack() as stack:
        hub = await start_hub(settings, stack)
        stack.push_async_callback(stop_children, hub)
        await spawn_child(settings, hub, "worker")
        if not settings.kafka.bootstrap:
            await replay_events(settings, hub)
        hub.gateway_url = await start_gateway(settings, hub)
        runtime = Runtime(hub.bootstrap, hub.registry_url, hub.gateway_url, os.getpid())
        write_runtime(settings.runtime_file, runtime)
        stack.callback(lambda: settings.runtime_file.unlink(missing_ok=True))
        if on_ready:
            on_ready(hub)
        await stop.wait()
        print("stopping…", flush=True)
