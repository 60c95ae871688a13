"""Record batches (hub.kafka.record_batches) against the real embedded broker.

What the worker relies on: the records land in the order they were added, a
keyed record in the partition the producer's own ``send`` would pick, with
its headers, and ``producer.flush()`` waits for them.
"""

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from kafka import KafkaAdminClient
from kafka.admin import NewTopic

from hub.kafka.record_batches import RecordBatches

pytestmark = pytest.mark.integration


def _topic(bootstrap: str, name: str, partitions: int = 3) -> str:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(name, partitions, 1)])
    finally:
        admin.close()
    return name


async def _read(bootstrap: str, topic: str, partitions: int = 3) -> dict[int, list]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        out: dict[int, list] = {p: [] for p in range(partitions)}
        while any(len(out[tp.partition]) < ends[tp] for tp in tps):
            for tp, msgs in (await consumer.getmany(timeout_ms=500)).items():
                out[tp.partition] += msgs
        return out
    finally:
        await consumer.stop()


def test_records_land_in_order_keyed_where_send_would_put_them_and_flush_waits(bootstrap, unique):
    batched, sent = _topic(bootstrap, f"rb-{unique}"), _topic(bootstrap, f"rb-send-{unique}")
    keys = [f"HUB-{i % 37}".encode() for i in range(300)]

    async def run():
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0, max_batch_size=16384)
        await producer.start()
        try:
            outbox = RecordBatches(producer)
            for i, key in enumerate(keys):
                outbox.add(batched, key, b"v%d" % i + b"." * 200, headers=[("ce_id", b"%d" % i)])
            outbox.add(batched, None, b"explicit", partition=2)
            last = await outbox.submit()
            assert len(outbox) == 0 and {tp for tp in last} == {(batched, p) for p in range(3)}
            await producer.flush()
            assert all(fut.done() for fut, _count in last.values())  # flush waited for every batch
            for i, key in enumerate(keys):  # the producer's own path, for comparison
                await producer.send(sent, b"v%d" % i, key=key)
            await producer.flush()
            return last
        finally:
            await producer.stop()

    last = asyncio.run(run())
    got, reference = asyncio.run(_read(bootstrap, batched)), asyncio.run(_read(bootstrap, sent))
    where = {m.key: p for p, msgs in reference.items() for m in msgs}
    assert all(where[m.key] == p for p, msgs in got.items() for m in msgs if m.key is not None)
    for p, msgs in got.items():
        numbers = [int(dict(m.headers)["ce_id"]) for m in msgs if m.key is not None]
        assert numbers == sorted(numbers)  # the order they were added in
        # The last batch's metadata: its first offset plus its count is the partition's end.
        fut, count = last[batched, p]
        assert fut.result().offset + count == len(msgs)
    assert sum(len(m) for m in got.values()) == 301 and got[2][-1].value == b"explicit"
    assert got[0] and got[0][0].value.startswith(b"v")


def test_a_record_larger_than_a_batch_goes_the_producers_own_way_in_its_place(bootstrap, unique):
    topic = _topic(bootstrap, f"rb-big-{unique}", partitions=1)

    async def run():
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0, max_batch_size=1024,
                                    max_request_size=1_048_576)
        await producer.start()
        try:
            outbox = RecordBatches(producer)
            for value in (b"a", b"b" * 4000, b"c"):
                outbox.add(topic, None, value, partition=0)
            await outbox.submit()
            await producer.flush()
        finally:
            await producer.stop()

    asyncio.run(run())
    assert [m.value[:1] for m in asyncio.run(_read(bootstrap, topic, 1))[0]] == [b"a", b"b", b"c"]


def test_a_record_needs_a_key_or_a_partition():
    with pytest.raises(ValueError, match="needs a key or a partition"):
        RecordBatches(producer=None).add("t", None, b"v")
