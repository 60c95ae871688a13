"""Read the hub's output topics from the beginning, and keep reading: the read model's only input.

No consumer group: every gateway replica reads every partition itself
(``assign`` + ``seek_to_beginning``), so replicas share nothing but Kafka,
commit nothing, and start from scratch each time (the store is rebuilt on
every start; this also works on the embedded Tansu broker, whose group
handling is slow to settle).

The end offsets seen at start are the catch-up target: ``caught_up`` turns
True once every partition has been read up to them, which is what
``/readyz`` waits for. Batches are small and the loop yields after each, so
the event loop keeps serving requests while a large topic is replayed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hub.contracts import HubSerde, SchemaSet
from hub.contracts.errors import ContractError
from hub.kafka.clients import client_config
from hub.settings import HubSettings

log = logging.getLogger(__name__)

#: Records fetched at once, and applied per step: a step is a few milliseconds of
#: work, after which the loop serves waiting requests.
BATCH = 200
STEP = 20


@dataclass(frozen=True)
class Message:
    topic: str
    partition: int
    offset: int
    timestamp: int          # ms since the epoch (the Kafka record's)
    key: bytes | None
    value: dict[str, Any] | None   # None: a tombstone or an undecodable value
    headers: tuple = ()            # the Kafka record's (name, value) pairs


class KafkaIngest:
    def __init__(self, hub: HubSettings, bootstrap: str, registry_url: str, topics: dict[str, str],
                 apply: Callable[[list[Message]], None], *, metadata_timeout_s: float = 30.0):
        self.hub = hub
        self.bootstrap = bootstrap
        self.registry_url = registry_url
        self.topics = topics            # topic -> value schema name
        self.apply = apply
        self.metadata_timeout_s = metadata_timeout_s
        self.targets: dict[Any, int] = {}
        self.caught_up = False
        self.error: str | None = None
        self.skipped = 0
        #: (topic, partition) -> the last offset applied.
        self.reached: dict[tuple[str, int], int] = {}
        self._consumer = None
        self._registry = None
        self._serde: HubSerde | None = None
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        from aiokafka import AIOKafkaConsumer, TopicPartition

        from hub.registry.client import RegistryClient

        self._registry = RegistryClient.from_settings(self.hub, url=self.registry_url)
        self._serde = HubSerde(SchemaSet.load(self.hub.schema_dir), self._registry)
        await self._serde.register_topics(self.topics)
        self._consumer = AIOKafkaConsumer(
            **client_config(self.hub.kafka, self.bootstrap), group_id=None, enable_auto_commit=False,
            auto_offset_reset="earliest", fetch_max_wait_ms=self.hub.kafka.fetch_max_wait_ms,
            client_id="hub-gateway-read-model", isolation_level="read_uncommitted")
        await self._consumer.start()
        partitions = await self._partitions()
        tps = [TopicPartition(topic, p) for topic in sorted(partitions) for p in partitions[topic]]
        self._consumer.assign(tps)
        if tps:
            await self._consumer.seek_to_beginning(*tps)
            self.targets = dict(await self._consumer.end_offsets(tps))
        self.caught_up = not any(self.targets.values())
        self._task = asyncio.create_task(self._run(), name="read-model-ingest")

    async def _partitions(self) -> dict[str, list[int]]:
        """Partitions of each topic; a topic that does not exist (yet) is left out, with a warning."""
        deadline = asyncio.get_running_loop().time() + self.metadata_timeout_s
        while True:
            await self._consumer.topics()  # refreshes metadata for all topics
            found = {t: sorted(self._consumer.partitions_for_topic(t) or ()) for t in self.topics}
            if all(found.values()) or asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.5)
        for topic, parts in found.items():
            if not parts:
                log.warning("topic %s does not exist; the read model runs without it (run hub init)", topic)
        return {t: p for t, p in found.items() if p}

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass
            self._task = None
        if self._consumer is not None:
            consumer, self._consumer = self._consumer, None
            await consumer.stop()
        if self._registry is not None:
            registry, self._registry = self._registry, None
            await registry.close()

    async def _run(self) -> None:
        try:
            while True:
                batches = await self._consumer.getmany(timeout_ms=1000, max_records=BATCH)
                messages = [await self._decode(m) for records in batches.values() for m in records]
                for i in range(0, len(messages), STEP):
                    step = messages[i:i + STEP]
                    self.apply(step)
                    for m in step:
                        self.reached[(m.topic, m.partition)] = m.offset
                    await asyncio.sleep(0)  # let requests in between steps
                if not self.caught_up:
                    await self._check_caught_up()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the read model goes stale: say so on /readyz
            self.error = f"ingest stopped: {type(exc).__name__}"
            log.exception("the read model's Kafka ingest stopped")

    async def _check_caught_up(self) -> None:
        for tp, end in self.targets.items():
            if await self._consumer.position(tp) < end:
                return
        self.caught_up = True
        log.info("read model caught up with %d partitions", len(self.targets))

    def reached_of(self, topic: str) -> dict[int, int]:
        """partition -> last offset applied, for one topic."""
        return {p: o for (t, p), o in self.reached.items() if t == topic}

    def behind(self) -> int:
        """About how many records are left to read up to the start-time targets."""
        return sum(max(0, end - 1 - self.reached.get((tp.topic, tp.partition), -1)) for tp, end in self.targets.items())

    async def _decode(self, m) -> Message:
        value = None
        if m.value is not None:
            try:
                value = await self._serde.decode_async(m.topic, m.value)
            except ContractError as exc:  # a bad value is the producer's bug: skip it, do not stop reading
                self.skipped += 1
                log.warning("skipping %s[%d]@%d: %s", m.topic, m.partition, m.offset, type(exc).__name__)
        return Message(m.topic, m.partition, m.offset, m.timestamp, m.key, value, tuple(m.headers or ()))
