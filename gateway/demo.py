"""Load the demo data set through the gateway's own publishing path (embedded profile).

A component started after the publisher: it validates the demo events
exactly as a partner's would be, and publishes them as their partners, kind
by kind at the processors' pace (``hub.kafka.pacing``), once:
only into a hub that holds no supplier records yet (a restarted hub has its
data back from the archive). The events carry deterministic ids, so even a
second load would have no second effect.
"""

from __future__ import annotations

import logging

from gateway.publishing.events import KINDS, prepare
from hub.demo import demo_documents
from hub.errors import HubError
from hub.kafka.pacing import ProcessorPacer

log = logging.getLogger(__name__)


class DemoLoader:
    name = "demo-data"

    def __init__(self, gw, pace_timeout_s: float = 60.0) -> None:
        self.gw = gw
        self.pace_timeout_s = pace_timeout_s
        self.loaded = 0
        self._done = False

    async def start(self) -> None:
        publisher = self.gw.publisher
        if await self._hub_has_data():
            self._done = True
            log.info("demo data not loaded: the hub already holds supplier records (e.g. replayed from the archive)")
            return
        pacer = ProcessorPacer(self.gw.hub, self.gw.bootstrap, timeout_s=self.pace_timeout_s)
        ends: dict[str, dict[int, int]] = {}
        previous = None
        for kind_name, partner, docs in demo_documents():
            kind = KINDS[kind_name]
            prepared = prepare(kind, publisher.serde.schema_set, docs, partner=partner, client_id="demo",
                               idempotency_key=None)
            if prepared.errors:  # the shipped data set is tested; this is a packaging bug
                raise HubError(f"demo data {kind_name} of {partner} is invalid: {prepared.errors[0].as_dict()}")
            if previous not in (None, kind.topic):
                await pacer(ends)  # suppliers before the risks and audits that refer to them
            previous = kind.topic
            for pos in await publisher.publish(kind.topic, kind.schema, prepared.items):
                ends.setdefault(pos.topic, {})[pos.partition] = max(pos.offset + 1,
                                                                    ends.get(pos.topic, {}).get(pos.partition, 0))
            self.loaded += len(prepared.items)
        self._done = True
        log.info("demo data loaded: %d events", self.loaded)

    async def _hub_has_data(self) -> bool:
        """True when any partner has published a supplier record: the demo set is for an empty hub.

        Loading it again would be harmless (deterministic ids, deduplicated
        downstream) but would grow the archive by a copy on every restart.
        """
        from aiokafka import AIOKafkaConsumer, TopicPartition

        from hub.kafka.clients import client_config
        from hub.kafka.topics import SUPPLIER_RECORDS

        consumer = AIOKafkaConsumer(**client_config(self.gw.hub.kafka, self.gw.bootstrap), enable_auto_commit=False)
        await consumer.start()
        try:
            partitions = consumer.partitions_for_topic(SUPPLIER_RECORDS) or set()
            ends = await consumer.end_offsets([TopicPartition(SUPPLIER_RECORDS, p) for p in partitions])
            return any(offset > 0 for offset in ends.values())
        finally:
            await consumer.stop()

    async def stop(self) -> None:
        pass

    def ready(self) -> tuple[bool, str]:
        return (True, f"{self.loaded} events") if self._done else (False, "loading")
