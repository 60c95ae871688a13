"""Pace a producer by the stream processors, so they see events of different topics in order.

Kafka orders each partition, not the topics against each other. Live, a
partner's supplier record is processed long before the audit that refers to
it a minute later; a replayed backlog holds both at once, and the processors
may fetch the audit first, found the supplier's hub_id on the audit's
reference instead of the record, and raise different alerts. So ``hub up``
replays with the processors already running and, at every change of topic in
the archive, waits until they have committed every replayed partition
(``replay(..., pace=ProcessorPacer(...))``). A risk analysis reaches the
supplier view through the fan-out topic, so after risk analyses the pacer
also waits for the fan-out copies.

The cost is one wait per change of topic (about the processors' commit
interval, 1 s): small for archives written in files' worth of one kind, as
connectors and the demo data write them; docs/archive.md gives the figures.

The demo loader paces itself the same way: it publishes suppliers, then risk
analyses, then audits, and a worker that is still starting would otherwise
meet all three at once.
"""

from __future__ import annotations

import asyncio
import logging
import time

from hub.kafka import topics as t
from hub.kafka.clients import client_config
from hub.settings import HubSettings

log = logging.getLogger(__name__)

#: Topics the stream processors consume (the fan-out copies are waited for separately).
PROCESSOR_INPUTS = frozenset({t.SUPPLIER_RECORDS, t.AUDIT_OUTCOMES, t.RISK_ANALYSES, t.MATCH_DECISIONS})


class ProcessorPacer:
    def __init__(self, settings: HubSettings, bootstrap: str, *, group: str | None = None,
                 timeout_s: float = 120.0, poll_s: float = 0.1):
        self.settings = settings
        self.bootstrap = bootstrap
        self.group = group or settings.processors.app_id
        self.timeout_s = timeout_s
        self.poll_s = poll_s
        self.waits = 0

    async def __call__(self, ends: dict[str, dict[int, int]]) -> None:
        wanted = {(topic, p): end for topic, parts in ends.items() if topic in PROCESSOR_INPUTS
                  for p, end in parts.items()}
        if not wanted:
            return
        self.waits += 1
        await asyncio.to_thread(self._wait, wanted, t.RISK_ANALYSES in ends)

    def _wait(self, wanted: dict[tuple[str, int], int], fanout: bool) -> None:
        from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

        from hub.kafka.end_offsets import exact_end_offsets

        config = client_config(self.settings.kafka, self.bootstrap)
        admin = KafkaAdminClient(**config, client_id="hub-replay-pacer")
        consumer = KafkaConsumer(**config, enable_auto_commit=False, client_id="hub-replay-pacer")
        deadline = time.monotonic() + self.timeout_s
        try:
            targets = {TopicPartition(topic, p): end for (topic, p), end in wanted.items()}
            while True:
                if fanout:  # the copies the fan-out agent has made so far must be consumed too
                    parts = consumer.partitions_for_topic(t.RISK_FANOUT) or set()
                    ends = consumer.end_offsets([TopicPartition(t.RISK_FANOUT, p) for p in parts])
                    ends = asyncio.run(exact_end_offsets(config, ends))  # Tansu stops at the last batch's base
                    targets.update({tp: end for tp, end in ends.items() if end > 0})
                committed = admin.list_group_offsets(self.group).get(self.group, {})
                behind = [tp for tp, end in targets.items()
                          if (committed[tp].offset if tp in committed else 0) < end]
                if not behind:
                    return
                if time.monotonic() > deadline:
                    log.warning("replay: the processors are still behind on %d partitions after %.0f s; "
                                "replaying on without waiting", len(behind), self.timeout_s)
                    return
                time.sleep(self.poll_s)
        finally:
            consumer.close()
            admin.close()
