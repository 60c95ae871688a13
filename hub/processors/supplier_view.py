"""The supplier-view agent: decode a batch, call the service, send, then store.

Thin on purpose. All decisions are in ``hub.application.supplier_view``;
this module only translates between Kafka records and the service:

1. decode each record with the hub's serde (writer schema from the registry,
   the hub's reader schema); a record that does not decode goes to the DLQ;
2. forward a record that sits in the wrong partition for its country (a
   partner that keyed it differently) to the right one, and skip it here;
3. ``handle_batch`` over Faust tables (through ``BatchWrites``);
4. send the outputs and rejects, flush the producer, and only then write the
   batch's state: a crash in between re-runs the batch from the old state and
   re-emits the same outputs (ids and versions are deterministic). The
   state's changelog records are handed to the producer before the batch's
   events are acknowledged, so every offset commit (which flushes that
   producer first) covers them (``hub.processors.batching``).

Outputs and state go straight to the producer under Faust's, one record
batch per partition (``hub.kafka.record_batches``), not through Faust's
per-message ``Topic.send`` machinery, and outputs are encoded without
re-validating what the hub itself rendered (``_encode``): the same bytes.

Agents run with concurrency 1: with more, faust-streaming can commit an offset
past events another actor still holds (faust-streaming #606).
"""

from __future__ import annotations

import io
import logging
import warnings
from datetime import date, datetime, timezone
from typing import Any, Iterable

import faust
from fastavro import schemaless_writer

from hub.application.messages import AUDIT, DECISION, RECORD, RISK, Inbound, country_of
from hub.application.supplier_view import SupplierView
from hub.contracts.cloudevents import headers_for_event, parse_headers
from hub.contracts.errors import ContractError
from hub.contracts.serde import HubSerde
from hub.kafka import topics as t
from hub.kafka.partitioning import country_key, partition_for
from hub.kafka.record_batches import RecordBatches
from hub.kafka.topics import FORWARDED_HEADER
from hub.processors.batching import BatchWrites, ChangelogWriter, repair
from hub.processors.dlq import DeadLetters
from hub.processors.gc_policy import GcPolicy
from hub.processors.merged_codec import MergedRecordCodec
from hub.processors.metrics import Metrics

log = logging.getLogger(__name__)

KIND_BY_TOPIC = {t.SUPPLIER_RECORDS: RECORD, t.AUDIT_OUTCOMES: AUDIT, t.MATCH_DECISIONS: DECISION,
                 t.RISK_FANOUT: RISK}
#: The fan-out topic carries a RiskAnalysis's original bytes.
READER_TOPIC = {t.RISK_FANOUT: t.RISK_ANALYSES}


class FaustStore:
    """``StateStore`` over one Faust table: ``space/key`` keys, writes per batch.

    One table, not one per space, so that all of a partition's writes share
    one changelog partition and ``BatchWrites`` can make a batch atomic.
    """

    def __init__(self, writes: BatchWrites, events_by_partition: dict[int, Any]):
        self.writes = writes
        self.events = events_by_partition

    def get(self, space: str, key: str, default: Any = None) -> Any:
        return self.writes.get(f"{space}/{key}", default)

    def put(self, space: str, key: str, value: Any, origin: Any) -> None:
        self.writes.put(f"{space}/{key}", value, self.events[origin])

    def delete(self, space: str, key: str, origin: Any) -> None:
        self.writes.delete(f"{space}/{key}", self.events[origin])

    def scan(self, space: str, prefix: str) -> Iterable[tuple[str, Any]]:
        full = f"{space}/{prefix}"
        cut = len(space) + 1
        pending = self.writes.pending()
        for key, value in list(self.writes.table.items()):
            if key.startswith(full) and key not in pending:
                yield key[cut:], value
        for key, value in pending.items():
            if key.startswith(full) and value is not None:
                yield key[cut:], value


# Faust warns on every use of the pickle codec; ours reads only the hub's own
# changelog topics, which no one else may write (docs/operations.md: ACLs).
warnings.filterwarnings("ignore", message="The pickle codec calls pickle.loads", module="faust")


class Pickled:
    """Faust value type for tables whose values are the core's dataclasses.

    Faust takes a table's serializers from its key/value *types* (a type's
    ``_options.serializer``), for the changelog and the store alike, and has
    no other argument for them. Pickle, because the values are the core's
    frozen dataclasses and the changelog topics are the hub's own, written by
    no one else; a change to those dataclasses that pickle cannot load means
    rebuilding state from the inbound topics.
    """

    class _options:
        serializer = "pickle"

    @classmethod
    def from_data(cls, data, preferred_type=None):
        return data


class SupplierViewProcessor:
    def __init__(self, app: faust.App, serde: HubSerde, partitions: int, batch_max: int, batch_within_s: float,
                 service: SupplierView | None = None, metrics: Metrics | None = None,
                 overdue_scan_s: float = 3600.0, gc_policy: GcPolicy | None = None) -> None:
        self.app = app
        self.gc_policy = gc_policy or GcPolicy(enabled=False)
        self.serde = serde
        self.partitions = partitions
        self.metrics = metrics or Metrics()
        self.merged = MergedRecordCodec(serde, t.SUPPLIERS)
        self.service = service or SupplierView(owns=self.owns, fingerprint=self.merged.fingerprint)
        self.table = app.Table("supplier-view-state", partitions=partitions, key_type=str, value_type=Pickled)
        self.writer = ChangelogWriter(self.table)
        self._repaired: set[int] = set()
        raw = dict(key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw")
        self.source = app.topic(t.SUPPLIER_RECORDS, t.AUDIT_OUTCOMES, t.MATCH_DECISIONS, t.RISK_FANOUT, **raw)
        self.out = {name: app.topic(name, **raw) for name in
                    (t.SUPPLIERS, t.ALERTS, t.MATCH_DECISIONS, t.SUPPLIER_RECORDS, t.AUDIT_OUTCOMES)}
        self.dlq = DeadLetters(app.topic(t.DLQ, **raw), self.metrics)
        app.agent(self.source, name="supplier-view", concurrency=1)(self._agent(batch_max, batch_within_s))
        app.timer(interval=overdue_scan_s, name="overdue-scan")(self.scan_overdue)
        self._last_scan: date | None = None
        app.on_partitions_revoked.connect(self._on_rebalance)
        app.on_partitions_assigned.connect(self._on_rebalance)

    def owns(self, country: str, origin: Any) -> bool:
        return partition_for(country_key(country), self.partitions) == origin

    async def _on_rebalance(self, *args, **kwargs) -> None:
        self.service.reset()  # the table is restored by Faust; caches are rebuilt from it
        self._repaired.clear()

    def _agent(self, batch_max: int, within: float):
        async def supplier_view(stream):
            async for events in stream.take_events(batch_max, within=within):
                await self.process(events)
                self.gc_policy.after_batch()
        return supplier_view

    async def process(self, events: list) -> None:
        self.merged.reset()
        inbound: list[Inbound] = []
        by_partition: dict[int, Any] = {}
        for event in events:
            msg = event.message
            by_partition.setdefault(msg.partition, event)
            item = await self._decode(event)
            if item is not None:
                inbound.append(item)
        outbox = RecordBatches(self._producer())
        repairs: list = []
        for partition, event in by_partition.items():
            if partition not in self._repaired:  # first batch since assignment: finish a cut batch
                repairs += repair(self.table, event, self.writer)
                self._repaired.add(partition)
        if repairs:
            await self.writer.send(repairs, outbox)
        writes = BatchWrites(self.table, self.writer)
        outputs = self.service.handle_batch(inbound, FaustStore(writes, by_partition))
        for reject in outputs.rejects:
            await self.dlq.send(reject.inbound.source, reject.stage, reject.error_class, reject.message)
        self._add(outbox, t.SUPPLIERS, "MergedSupplier", outputs.suppliers)
        self._add(outbox, t.ALERTS, "SupplierAlert", outputs.alerts)
        self._add(outbox, t.MATCH_DECISIONS, "MatchDecision", outputs.decisions)
        await outbox.submit()
        await self.app.producer.flush()
        # No await between this check and the (synchronous) store writes that
        # begin ``flush``: a rebalance cannot slip in between. One that starts
        # while the changelog records are sent waits for this batch to be
        # acked (Faust's stream_wait_empty) and flushes the producer before
        # it hands the partitions on.
        owned = {tp.partition for tp in self.app.consumer.assignment() if tp.topic == t.SUPPLIER_RECORDS}
        await writes.flush(outbox, owned)
        self.metrics.processed(len(events), len(outputs.suppliers), len(outputs.alerts))

    def _producer(self):
        """The aiokafka producer under Faust's (the one whose ``flush`` Faust awaits before
        every commit): record batches go to it (``hub.kafka.record_batches``)."""
        return self.app.producer._ensure_producer()

    async def scan_overdue(self) -> None:
        """Raise cap_overdue alerts that no event would trigger (a timer)."""
        actives = self.app.assignor.assigned_actives()
        origins = sorted({tp.partition for tp in actives if tp.topic == t.SUPPLIER_RECORDS})
        if not origins:
            return
        today = datetime.now(timezone.utc).date()
        if self._last_scan == today:
            return
        alerts = self.service.overdue(FaustStore(BatchWrites(self.table), {}), today, self._last_scan, origins)
        outbox = RecordBatches(self._producer())
        self._add(outbox, t.ALERTS, "SupplierAlert", alerts)
        await outbox.submit()
        await self.app.producer.flush()
        self.metrics.processed(0, 0, len(alerts))
        self._last_scan = today

    def _add(self, outbox: RecordBatches, topic: str, schema: str, items: list[tuple[str, dict]]) -> None:
        """Queue outputs for the producer, keyed (so partitioned) as ``Topic.send`` would."""
        for key, record in items:
            outbox.add(topic, key.encode(), self._encode(topic, record), None, headers_for_event(schema, record))

    def _encode(self, topic: str, record: dict) -> bytes:
        """The serde's bytes for a record the hub rendered itself, without validating it first.

        Validation costs more than the write and guards against partners'
        data, which never reaches an output unchecked (tests/application
        checks every kind of output against its schema). Anything the writer
        rejects is encoded again through the validating path, for its
        ValidationError with the field path.
        """
        if topic == t.SUPPLIERS:
            framed = self.merged.encode(record)  # from the body the service fingerprinted
            if framed is not None:
                return framed
        binding = self.serde.binding(topic)
        buf = io.BytesIO()
        buf.write(binding.header)
        try:
            schemaless_writer(buf, binding.schema.parsed, record)
        except Exception:
            return self.serde.encode(topic, record)
        return buf.getvalue()

    async def _decode(self, event) -> Inbound | None:
        msg = event.message
        kind = KIND_BY_TOPIC[msg.topic]
        try:
            value = self.serde.decode(READER_TOPIC.get(msg.topic, msg.topic), msg.value)
        except ContractError:
            try:
                value = await self.serde.decode_async(READER_TOPIC.get(msg.topic, msg.topic), msg.value)
            except ContractError as exc:
                await self.dlq.send(msg, "deserialize", type(exc).__name__, str(exc))
                return None
        country = country_of(kind, value, msg.key.decode("ascii", "replace") if msg.key else None)
        if country and kind in (RECORD, AUDIT) and not self.owns(country, msg.partition):
            # Keyed by something other than its country: send it where its supplier lives.
            # The header marks the copy, so the archive keeps only the original (hub.archive.derived).
            headers = [h for h in (msg.headers or ()) if h[0] != FORWARDED_HEADER]
            headers.append((FORWARDED_HEADER, f"{msg.partition}@{msg.offset}".encode()))
            await self.out[msg.topic].send(key=country_key(country), value=msg.value, headers=headers)
            self.metrics.forwarded()
            return None
        publisher = None
        try:
            if msg.headers:
                publisher = parse_headers(msg.headers).partner
        except ContractError:
            publisher = None
        at = datetime.fromtimestamp(msg.timestamp, tz=timezone.utc)
        return Inbound(kind, msg.topic, value, at, msg.partition, country, publisher, source=msg)


def add_risk_fanout(app: faust.App, serde: HubSerde, partitions: int, metrics: Metrics) -> None:
    """Copy each valid RiskAnalysis to every partition of the internal fan-out topic.

    A risk analysis applies to suppliers in every partition, and each
    partition must see it in its own order relative to that partition's
    records, so each gets its own copy (see docs/architecture.md).
    """
    raw = dict(key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw")
    source = app.topic(t.RISK_ANALYSES, **raw)
    fanout = app.topic(t.RISK_FANOUT, **raw)
    dlq = DeadLetters(app.topic(t.DLQ, **raw), metrics)

    async def risk_fanout(stream):
        async for event in stream.events():
            msg = event.message
            try:
                value = await serde.decode_async(t.RISK_ANALYSES, msg.value)
            except ContractError as exc:
                await dlq.send(msg, "deserialize", type(exc).__name__, str(exc))
                continue
            key = f"{value['category']}|{value['country']}".encode()
            for p in range(partitions):
                await fanout.send(key=key, value=msg.value, partition=p, headers=list(msg.headers or ()))

    app.agent(source, name="risk-fanout", concurrency=1)(risk_fanout)
