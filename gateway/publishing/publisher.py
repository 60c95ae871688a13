"""``Publisher``: the gateway's one Kafka producer, Avro through the registry, acks=all.

``publish`` returns only when every event of the call is acknowledged by the
brokers (``acks=all``: with the deploy profile's ``min.insync.replicas=2``
that is two copies) and, when an archive is attached (embedded profile),
fsynced to the archive. Only then does a route answer 202, so a 202 is a
promise that the event will not be lost.

Encoding uses the topic's schema from ``hub.kafka.topics`` (TopicNameStrategy)
and stamps CloudEvents binary-mode headers, the same as every other producer
of the hub, so the processors cannot tell a gateway event from a connector's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hub.contracts import HubSerde, SchemaSet
from hub.contracts.cloudevents import headers_for_event
from hub.errors import HubError
from hub.kafka.clients import client_config
from hub.kafka.topics import TOPICS
from hub.settings import HubSettings

log = logging.getLogger(__name__)


class PublishError(HubError):
    """Kafka, the registry or the archive did not take the events; the caller may retry."""

    http_status = 503


@dataclass(frozen=True)
class Position:
    topic: str
    partition: int
    offset: int


class Publisher:
    name = "kafka"

    def __init__(self, hub: HubSettings, bootstrap: str, registry_url: str, *, archive: Any = None,
                 timeout_s: float = 15.0, archive_timeout_s: float = 10.0):
        self.hub = hub
        self.bootstrap = bootstrap
        self.registry_url = registry_url
        self.archive = archive
        self.timeout_s = timeout_s
        self.archive_timeout_s = archive_timeout_s
        self.serde: HubSerde | None = None
        self._registry = None
        self._producer = None
        self._last_error: str | None = None

    async def start(self) -> None:
        from aiokafka import AIOKafkaProducer

        from hub.registry.client import RegistryClient

        self._registry = RegistryClient.from_settings(self.hub, url=self.registry_url)
        self.serde = HubSerde(SchemaSet.load(self.hub.schema_dir), self._registry)
        await self.serde.register_topics({t.name: t.value_schema for t in TOPICS if t.value_schema})
        self._producer = AIOKafkaProducer(**client_config(self.hub.kafka, self.bootstrap), acks="all",
                                          enable_idempotence=False, linger_ms=1, client_id="hub-gateway",
                                          request_timeout_ms=int(self.timeout_s * 1000))
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await producer.stop()
        if self._registry is not None:
            registry, self._registry = self._registry, None
            await registry.close()

    def ready(self) -> tuple[bool, str]:
        if self._producer is None:
            return False, "not started"
        if self._last_error:
            return False, self._last_error
        return True, "connected"

    def encode(self, topic: str, record: Mapping[str, Any]) -> bytes:
        """Avro-encode ``record`` for ``topic`` (raises the hub's ValidationError with field paths)."""
        assert self.serde is not None, "start() first"
        return self.serde.encode(topic, record)

    async def publish(self, topic: str, schema_name: str, items: Sequence[tuple[bytes | None, Mapping[str, Any]]],
                      subject: str | None = None) -> list[Position]:
        """Encode and send ``(key, record)`` pairs; return their positions once durable."""
        values = [(key, self.encode(topic, record), headers_for_event(schema_name, record, subject))
                  for key, record in items]
        return await self.send_raw(topic, values)

    async def send_raw(self, topic: str, messages: Sequence[tuple[bytes | None, bytes, list]]) -> list[Position]:
        """Send already-encoded ``(key, value, headers)``; return positions once durable."""
        from aiokafka.errors import KafkaError

        if self._producer is None:
            raise PublishError("the gateway is not connected to Kafka yet; retry shortly")
        futures = []
        try:
            for key, value, headers in messages:
                futures.append(await self._producer.send(topic, value=value, key=key, headers=headers))
            metas = await asyncio.wait_for(asyncio.gather(*futures), self.timeout_s)
        except (KafkaError, asyncio.TimeoutError) as exc:
            for f in futures:
                f.cancel()
            self._last_error = f"Kafka did not acknowledge ({type(exc).__name__})"
            raise PublishError("Kafka did not acknowledge the events; retry with the same Idempotency-Key") from None
        self._last_error = None
        positions = [Position(topic, m.partition, m.offset) for m in metas]
        if self.archive is not None:
            await self._archived(positions)
        return positions

    async def _archived(self, positions: list[Position]) -> None:
        last: dict[int, int] = {}
        for p in positions:  # the archive writes a partition in order: wait for its highest offset
            last[p.partition] = max(p.offset, last.get(p.partition, -1))
        done = await asyncio.gather(*(self.archive.wait_archived(positions[0].topic, part, off, self.archive_timeout_s)
                                      for part, off in last.items()))
        if not all(done):
            raise PublishError("the archive did not confirm the events in time; retry with the same Idempotency-Key")
