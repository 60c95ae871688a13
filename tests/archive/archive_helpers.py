"""Records and archives built from them, for the archive's tests."""

from __future__ import annotations

from hub.archive.entry import Incoming


def record(i: int, topic: str = "hub.audit-outcomes.v1", partner: str = "region-skane",
           timestamp: int | None = None) -> Incoming:
    """A record as the service would hand it over; the value is opaque bytes here."""
    return Incoming(topic, i % 3, i // 3, 1_767_225_600_000 + i * 1000 if timestamp is None else timestamp,
                    b"SE", b"\x00\x00\x00\x00\x01" + f"finding {i}".encode() * 4,
                    (("ce_id", f"event-{i}".encode()), ("ce_source", f"/partners/{partner}".encode()),
                     ("ce_specversion", b"1.0"), ("ce_type", b"se.regionerna.hub.v1.AuditOutcome")))


def build(directory, settings, key, n: int, batch: int = 1, **kw) -> None:
    from hub.archive.writer import ArchiveWriter

    with ArchiveWriter(directory, settings, key) as w:
        for start in range(0, n, batch):
            w.append([record(i, **kw) for i in range(start, min(n, start + batch))])


def first_sync_marker(path) -> bytes:
    """The file's Avro sync marker (the last 16 bytes of its header)."""
    import io

    import fastavro

    buf = io.BytesIO(path.read_bytes())
    fastavro.block_reader(buf)
    return buf.getvalue()[buf.tell() - 16:buf.tell()]


# -- against a real broker ---------------------------------------------------------------
def settings_for(bootstrap: str, data_dir):
    from hub.settings import HubSettings, KafkaSettings

    return HubSettings(data_dir=data_dir, kafka=KafkaSettings(bootstrap=bootstrap, replication_factor=1,
                                                              session_timeout_s=6, heartbeat_interval_s=1.5))


def fresh_broker(directory):
    """A new, empty embedded broker with the hub's topics; the caller stops it."""
    from hub.embedded.broker import EmbeddedBroker
    from hub.embedded.supervisor import create_topics

    directory.mkdir(parents=True, exist_ok=True)
    broker = EmbeddedBroker(port=0, log_file=directory / "broker.log").start()
    create_topics(settings_for(broker.bootstrap, directory), broker.bootstrap)
    return broker


async def produce(bootstrap: str, messages) -> list:
    """Send (topic, key, value, headers) tuples in one go (so batches hold several records); their metadata."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=20)
    await producer.start()
    try:
        futures = [await producer.send(t, key=k, value=v, headers=list(h)) for t, k, v, h in messages]
        return [await f for f in futures]
    finally:
        await producer.stop()


def mixed(n: int, tag: str = "") -> list[tuple]:
    """Events of several archived topics, CloudEvents headers, a tombstone and a null header among them."""
    out = []
    for i in range(n):
        ce = [("ce_id", f"{tag}event-{i}".encode()), ("ce_source", b"/partners/region-skane"), ("x-null", None)]
        out.append(("hub.supplier-records.v1", b"SE" if i % 2 else b"NO", f"{tag}supplier {i}".encode(), ce))
        if i % 3 == 0:
            out.append(("hub.audit-outcomes.v1", b"SE", f"{tag}audit {i}".encode(), ce))
        if i % 5 == 0:
            out.append(("hub.subscriptions.v1", f"sub-{i}".encode(), None if i % 10 == 0 else b"{}", []))
    return out


async def read_everything(bootstrap: str, topics, idle_s: float = 1.5) -> list[tuple]:
    """(topic, partition, offset, timestamp, key, value, headers) of every record, sorted.

    Reads until nothing new arrives for ``idle_s``: Tansu's end offsets are not
    reliable (the last batch's base offset + 1).
    """
    import time

    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    await consumer.start()
    try:
        tps = [TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        out = []
        last = time.monotonic()
        while time.monotonic() - last < idle_s:
            for msgs in (await consumer.getmany(timeout_ms=200)).values():
                last = time.monotonic()
                out += [(m.topic, m.partition, m.offset, m.timestamp, m.key, m.value, tuple(m.headers)) for m in msgs]
        return sorted(out, key=lambda r: r[:3])
    finally:
        await consumer.stop()


def archived(directory) -> list[tuple]:
    """The archive's entries in the same shape as ``read_everything``."""
    from hub.archive.state import iter_entries

    return sorted(((e["topic"], e["partition"], e["offset"], e["timestamp"], e["key"], e["value"],
                    tuple((h["key"], h["value"]) for h in e["headers"])) for e in iter_entries(directory)),
                  key=lambda r: r[:3])
