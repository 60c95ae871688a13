"""End offsets that are right on the embedded broker too.

Why: Tansu answers ``ListOffsets(latest)`` with the *base* offset of a
partition's last record batch plus one, not with the offset after its last
record (measured: after one produce request of 37 records at offsets
17-53 it reports 18). Faust recovers a table by reading its changelog up to
that "highwater", so after a worker wrote its last batch of state changes in
one request (as ``hub.processors.batching`` does), a restart or rebalance
restored the first of those records and silently dropped the rest, behind
input offsets that were already committed; and where the worker had itself
read further, Faust's consistency check stopped it with ``ConsistencyError``.

How: read the last batch. The record at ``reported - 1`` is the first of the
partition's last batch, so a fetch from there returns that whole batch, and
the true end is one past its last record. On a broker that reports correctly
the fetch returns the one record at ``reported - 1`` and changes nothing.
A partition that returns nothing in time keeps the reported value.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Mapping

log = logging.getLogger(__name__)


async def exact_end_offsets(client: Mapping[str, Any], reported: Mapping[Any, int],
                            timeout_s: float = 5.0) -> dict[Any, int]:
    """``reported`` (partition -> end offset, keys with ``.topic``/``.partition``), corrected.

    ``client``: aiokafka client kwargs (``hub.kafka.clients.client_config``).
    """
    from aiokafka import AIOKafkaConsumer, TopicPartition

    out = dict(reported)
    todo = {TopicPartition(tp.topic, tp.partition): tp for tp, end in reported.items() if end}
    if not todo:
        return out
    consumer = AIOKafkaConsumer(**client, enable_auto_commit=False, group_id=None, fetch_max_wait_ms=100)
    await consumer.start()
    try:
        consumer.assign(list(todo))
        for tp, key in todo.items():
            consumer.seek(tp, reported[key] - 1)
        deadline = time.monotonic() + timeout_s
        while todo and time.monotonic() < deadline:
            batches = await consumer.getmany(*todo, timeout_ms=200)
            for tp, records in batches.items():
                if records and tp in todo:
                    key = todo.pop(tp)
                    out[key] = max(out[key], records[-1].offset + 1)
        if todo:
            log.warning("could not read the last batch of %s; keeping the broker's end offsets for them",
                        ", ".join(f"{tp.topic}[{tp.partition}]" for tp in todo))
    finally:
        await asyncio.shield(consumer.stop())
    return out
