"""Send connector events straight to Kafka: Avro through the schema registry, acks=all.

Keyed by the supplier's country of registration (ISO alpha-2), because the
stream processors partition by it: every event about Swedish suppliers lands
on the same partition as the other Swedish suppliers' events, so the merge
sees them in order. Headers are CloudEvents binary mode (``headers_for_event``).

``send`` returns only when the broker has acknowledged every event of the
batch (acks=all), which is what lets the runner record them as sent.
"""

from __future__ import annotations

import asyncio

from connectors.engine import Prepared
from hub.contracts import HubSerde, SchemaSet
from hub.contracts.cloudevents import headers_for_event
from hub.errors import HubError
from hub.kafka.clients import client_config
from hub.kafka.topics import AUDIT_OUTCOMES, SUPPLIER_RECORDS
from hub.settings import HubSettings

TOPIC_FOR = {"SupplierRecord": SUPPLIER_RECORDS, "AuditOutcome": AUDIT_OUTCOMES}


class KafkaSendError(HubError):
    """Kafka or the registry refused or did not acknowledge a batch."""


class KafkaSink:
    """``KafkaSink(settings, record_type, bootstrap=..., registry_url=...)``; endpoints default to ``resolve_endpoints``."""

    def __init__(self, settings: HubSettings, record_type: str, *, bootstrap: str | None = None,
                 registry_url: str | None = None, topic: str | None = None, timeout_s: float = 30.0):
        self.settings = settings
        self.record_type = record_type
        self.topic = topic or TOPIC_FOR[record_type]
        self._bootstrap, self._registry_url = bootstrap, registry_url
        self.timeout_s = timeout_s
        self._registry = None
        self._producer = None
        self.serde: HubSerde | None = None

    async def start(self) -> None:
        from aiokafka import AIOKafkaProducer
        from aiokafka.errors import KafkaError

        from hub.embedded.runtime import resolve_endpoints
        from hub.registry.client import RegistryClient

        if not (self._bootstrap and self._registry_url):
            bootstrap, registry_url = resolve_endpoints(self.settings)
            self._bootstrap = self._bootstrap or bootstrap
            self._registry_url = self._registry_url or registry_url
        self._registry = RegistryClient.from_settings(self.settings, url=self._registry_url)
        self.serde = HubSerde(SchemaSet.load(self.settings.schema_dir), self._registry)
        await self.serde.register_topics({self.topic: self.record_type})
        self._producer = AIOKafkaProducer(**client_config(self.settings.kafka, self._bootstrap), acks="all",
                                          client_id="hub-connector", request_timeout_ms=int(self.timeout_s * 1000))
        try:
            await asyncio.wait_for(self._producer.start(), self.timeout_s)
        except (KafkaError, OSError, asyncio.TimeoutError) as exc:
            await self.stop()
            raise KafkaSendError(f"cannot reach Kafka at {self._bootstrap}: {type(exc).__name__}") from None

    async def send(self, batch: list[Prepared]) -> None:
        from aiokafka.errors import KafkaError

        assert self._producer is not None and self.serde is not None, "start() first"
        futures = []
        try:
            for ev in batch:
                value = self.serde.encode(self.topic, ev.record)
                futures.append(await self._producer.send(
                    self.topic, value=value, key=ev.country.encode("ascii"),
                    headers=headers_for_event(self.record_type, ev.record)))
            await asyncio.wait_for(asyncio.gather(*futures), self.timeout_s)
        except (KafkaError, asyncio.TimeoutError) as exc:
            for f in futures:
                f.cancel()
            raise KafkaSendError(f"Kafka did not acknowledge the batch ({type(exc).__name__})") from None

    async def stop(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await producer.stop()
        if self._registry is not None:
            registry, self._registry = self._registry, None
            await registry.close()
