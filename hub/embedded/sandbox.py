"""A throwaway hub for integration tests and benchmarks: real parts, loopback only.

One ``Sandbox`` is its own embedded broker (a fresh Tansu on a free port),
its own schema registry (``hub registry`` as a child process), the hub's
topics and schemas, and as many ``hub worker`` processes as a test starts and
kills. Nothing is mocked: this is the same code ``hub up`` runs, wired the
same way, so a test that passes here exercises what a partner would.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from hub.embedded.broker import EmbeddedBroker
from hub.kafka import topics as t
from hub.settings import HubSettings, KafkaSettings, RegistrySettings


@dataclass
class Record:
    key: bytes | None
    value: object
    headers: list
    partition: int
    offset: int
    timestamp: datetime


class Sandbox:
    def __init__(self, data_dir: Path, partitions: int = 3) -> None:
        self.data_dir = Path(data_dir)
        self.partitions = partitions
        self.broker = EmbeddedBroker(port=0, log_file=self.data_dir / "broker.log")
        self.registry_proc: subprocess.Popen | None = None
        self.registry_url: str | None = None
        self.workers: list[subprocess.Popen] = []
        self.schema_ids: dict[str, int] = {}

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> "Sandbox":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.broker.start()
        self.registry_proc = subprocess.Popen(
            [sys.executable, "-m", "hub", "registry", "--port", "0"], env=self.env(registry=False),
            stdout=subprocess.PIPE, stderr=open(self.data_dir / "registry.log", "ab"), text=True)
        line = self.registry_proc.stdout.readline()
        if "ready on " not in line:
            raise RuntimeError(f"registry did not start: {line!r} (see {self.data_dir / 'registry.log'})")
        self.registry_url = line.split("ready on ")[1].split()[0]
        from hub.processors.worker import prepare

        self.schema_ids = prepare(self.settings(), self.bootstrap, self.registry_url)
        return self

    def stop(self) -> None:
        for w in self.workers:
            if w.poll() is None:
                w.kill()
                w.wait()
        if self.registry_proc and self.registry_proc.poll() is None:
            self.registry_proc.send_signal(signal.SIGTERM)
            try:
                self.registry_proc.wait(10)
            except subprocess.TimeoutExpired:
                self.registry_proc.kill()
        self.broker.stop()

    def __enter__(self) -> "Sandbox":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- configuration ---------------------------------------------------------------
    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap

    def settings(self, **processors) -> HubSettings:
        from hub.settings import ProcessorSettings

        return HubSettings(
            data_dir=self.data_dir,
            kafka=KafkaSettings(bootstrap=self.bootstrap, partitions=self.partitions, replication_factor=1,
                                session_timeout_s=6, heartbeat_interval_s=1.5),
            registry=RegistrySettings(url=self.registry_url),
            processors=ProcessorSettings(**processors),
        )

    def env(self, registry: bool = True, **extra: str) -> dict[str, str]:
        env = dict(os.environ, HUB_KAFKA_BOOTSTRAP=self.bootstrap, HUB_DATA_DIR=str(self.data_dir),
                   HUB_KAFKA_PARTITIONS=str(self.partitions), HUB_KAFKA_REPLICATION_FACTOR="1",
                   HUB_KAFKA_SESSION_TIMEOUT_S="6", HUB_KAFKA_HEARTBEAT_INTERVAL_S="1.5",
                   HUB_KAFKA_FETCH_MAX_WAIT_MS=os.environ.get("HUB_SANDBOX_FETCH_MAX_WAIT_MS", "50"),
                   HUB_LOG_LEVEL="WARNING")
        if registry and self.registry_url:
            env["HUB_SCHEMA_REGISTRY_URL"] = self.registry_url
        env.update(extra)
        return env

    # -- workers -------------------------------------------------------------------
    def start_worker(self, module: str = "hub", **extra_env: str) -> subprocess.Popen:
        """``python -m hub worker``, or another worker module (``hub bench``'s diagnostics)."""
        log = open(self.data_dir / f"worker-{len(self.workers)}.log", "ab")
        argv = [sys.executable, "-m", module] + (["worker"] if module == "hub" else [])
        proc = subprocess.Popen(argv, env=self.env(**extra_env),
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.workers.append(proc)
        return proc

    def group_lag(self, group: str = "hub-processors",
                  topics: tuple[str, ...] = (t.SUPPLIER_RECORDS, t.AUDIT_OUTCOMES, t.RISK_ANALYSES,
                                             t.RISK_FANOUT, t.MATCH_DECISIONS)) -> int:
        """Events on ``topics`` the group has not committed yet.

        Measured against the partitions' true ends: Tansu's own end offsets
        stop at the last record batch's first record (``hub.kafka.end_offsets``),
        which would call a worker caught up in the middle of that batch.
        """
        from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

        from hub.kafka.end_offsets import exact_end_offsets

        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap)
        consumer = KafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False)
        try:
            tps = [TopicPartition(topic, p) for topic in topics for p in range(self.partitions)]
            ends = asyncio.run(exact_end_offsets({"bootstrap_servers": self.bootstrap}, consumer.end_offsets(tps)))
            committed = admin.list_group_offsets(group).get(group, {})
            return sum(max(0, ends[tp] - (committed[tp].offset if tp in committed else 0)) for tp in tps)
        finally:
            consumer.close()
            admin.close()

    def wait_caught_up(self, timeout_s: float = 120, group: str = "hub-processors") -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.group_lag(group) == 0:
                return
            time.sleep(0.5)
        raise TimeoutError(f"processors still {self.group_lag(group)} events behind after {timeout_s:.0f} s")

    # -- reading and writing ---------------------------------------------------------
    def serde(self):
        from hub.contracts.schemas import SchemaSet
        from hub.contracts.serde import HubSerde
        from hub.kafka.topics import TOPICS
        from hub.registry.client import RegistryClient

        serde = HubSerde(SchemaSet.load(), RegistryClient(self.registry_url))
        for spec in TOPICS:
            if spec.value_schema and spec.name in self.schema_ids:
                serde.bind(spec.name, spec.value_schema, self.schema_ids[spec.name])
        return serde

    def publish(self, topic: str, schema: str, records: list[dict], key_of) -> None:
        """Encode with the registry's ids and produce, keyed by ``key_of(record)``."""
        from hub.contracts.cloudevents import headers_for_event

        serde = self.serde()
        messages = [(key_of(r), serde.encode(topic, r), headers_for_event(schema, r)) for r in records]
        self.produce(topic, messages)

    def produce(self, topic: str, messages: list[tuple[bytes | None, bytes, list]]) -> None:
        async def run() -> None:
            from aiokafka import AIOKafkaProducer

            producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, acks="all", linger_ms=5)
            await producer.start()
            try:
                for key, value, headers in messages:
                    await producer.send(topic, key=key, value=value, headers=headers)
                await producer.flush()
            finally:
                await producer.stop()

        asyncio.run(run())

    def read_all(self, topic: str, decode: bool = True) -> list[Record]:
        """Everything on ``topic`` now, in partition order."""

        async def run() -> list[Record]:
            from aiokafka import AIOKafkaConsumer, TopicPartition

            serde = self.serde() if decode else None
            consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False,
                                        auto_offset_reset="earliest", fetch_max_wait_ms=10)
            await consumer.start()
            try:
                tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
                consumer.assign(tps)
                ends = await consumer.end_offsets(tps)
                out: list[Record] = []
                async def behind() -> bool:
                    return any([await consumer.position(tp) < ends[tp] for tp in tps])

                while await behind():
                    batches = await consumer.getmany(timeout_ms=1000)
                    for tp, msgs in batches.items():
                        for m in msgs:
                            value = await serde.decode_async(topic, m.value) if serde else m.value
                            at = datetime.fromtimestamp(m.timestamp / 1000.0, tz=timezone.utc)  # as Faust does
                            out.append(Record(m.key, value, list(m.headers or ()), m.partition, m.offset, at))
                return out
            finally:
                await consumer.stop()

        return asyncio.run(run())
