"""Hand a batch's records to the producer as one record batch per partition.

Why: ``AIOKafkaProducer.send`` costs ~27 µs a record on this machine (a
future, a metadata check, the partitioner and the accumulator, per record),
and the supplier-view worker sends four or five records an event (the merged
record, the state's changelog records). A batch of events is handed over in
one go and then flushed anyway, so the records can as well be appended to
aiokafka's own ``BatchBuilder`` (``create_batch``) and submitted once per
partition (``send_batch``): ~15 µs a record. Both are aiokafka's public API;
the bytes on the wire are the same record batches ``send`` would build.

What stays as it was:

* order: records keep the order they were added in, per partition (one
  builder after another, and aiokafka keeps a partition's batches in order);
* partitions: a keyed record without a partition goes where the producer's
  default partitioner would put it (``hub.kafka.partitioning.partition_for``,
  murmur2 over the partitions the producer's metadata knows), so a compacted
  topic keeps each key in one partition whichever path wrote it;
* flushing: a submitted batch sits in the producer's accumulator like any
  other, so ``producer.flush()`` (which Faust awaits before every offset
  commit) waits for it.
"""

from __future__ import annotations

import asyncio
from typing import Any, Sequence

from hub.kafka.partitioning import partition_for

Headers = Sequence[tuple[str, bytes]]


class RecordBatches:
    """Records added in order, handed to ``producer`` by ``submit`` as record batches."""

    __slots__ = ("_producer", "_records")

    def __init__(self, producer: Any) -> None:
        self._producer = producer
        self._records: list[tuple[str, bytes | None, bytes | None, int | None, Headers]] = []

    def add(self, topic: str, key: bytes | None, value: bytes | None, partition: int | None = None,
            headers: Headers | None = None) -> None:
        if partition is None and key is None:
            raise ValueError(f"a record for {topic} needs a key or a partition")
        self._records.append((topic, key, value, partition, headers or ()))

    def __len__(self) -> int:
        return len(self._records)

    async def submit(self) -> dict[tuple[str, int], tuple[asyncio.Future, int]]:
        """Hand every record added so far to the producer; forget them here.

        Returns, per (topic, partition), the future of the last batch handed
        over and how many records that batch holds: the future resolves to
        the batch's metadata (its first record's offset) once the broker has
        it.
        """
        records, self._records = self._records, []
        by_partition: dict[tuple[str, int], list[tuple[bytes | None, bytes | None, Headers]]] = {}
        counts: dict[str, int] = {}
        for topic, key, value, partition, headers in records:
            if partition is None:
                if topic not in counts:
                    counts[topic] = len(await self._producer.partitions_for(topic))
                partition = partition_for(key, counts[topic])
            by_partition.setdefault((topic, partition), []).append((key, value, headers))
        last: dict[tuple[str, int], tuple[asyncio.Future, int]] = {}
        for (topic, partition), items in by_partition.items():
            builder = self._producer.create_batch()
            for key, value, headers in items:
                if builder.append(timestamp=None, key=key, value=value, headers=list(headers)) is not None:
                    continue
                if builder.record_count():  # full: hand it over, go on in a new one
                    last[topic, partition] = await self._hand_over(builder, topic, partition)
                    builder = self._producer.create_batch()
                    if builder.append(timestamp=None, key=key, value=value, headers=list(headers)) is not None:
                        continue
                # Larger than any batch: the producer's own path, which says why it cannot send it.
                fut = await self._producer.send(topic, value, key=key, partition=partition, headers=list(headers))
                last[topic, partition] = (fut, 1)
                builder = self._producer.create_batch()
            if builder.record_count():
                last[topic, partition] = await self._hand_over(builder, topic, partition)
        return last

    async def _hand_over(self, builder, topic: str, partition: int) -> tuple[asyncio.Future, int]:
        builder.close()  # nothing else goes into it (a ``send`` could otherwise append to it)
        count = builder.record_count()
        return await self._producer.send_batch(builder, topic, partition=partition), count
