"""The unmodified confluent-kafka client against the embedded registry and broker.

This is the promise made to partners: their stock Confluent serializers work
with the hub. confluent-kafka is synchronous, so it runs in a worker thread
while the registry serves from the test's event loop.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from hub.registry.client import RegistryClient
from hub.registry.server import start_registry

pytestmark = pytest.mark.integration

SUPPLIER = json.dumps({
    "type": "record", "name": "Supplier", "namespace": "se.hub.interop",
    "doc": "A supplier as a partner publishes it",
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "country", "type": "string", "default": "SE"},
        {"name": "employees", "type": ["null", "int"], "default": None},
    ],
})


def _create_topic(bootstrap: str, topic: str) -> None:
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        admin.close()


def _round_trip(registry_url: str, bootstrap: str, topic: str, value: dict) -> tuple[dict, int]:
    from confluent_kafka import Consumer, Producer, TopicPartition
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    sr = SchemaRegistryClient({"url": registry_url})
    serializer = AvroSerializer(sr, SUPPLIER)
    ctx = SerializationContext(topic, MessageField.VALUE)
    payload = serializer(value, ctx)

    producer = Producer({"bootstrap.servers": bootstrap})
    producer.produce(topic, key=value["id"].encode(), value=payload)
    assert producer.flush(10) == 0

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"interop-{topic}",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        msg = None
        for _ in range(100):
            msg = consumer.poll(0.1)
            if msg is not None and not msg.error():
                break
        assert msg is not None and not msg.error(), msg and msg.error()
        # A fresh client, so the schema really comes from the registry by id.
        deserializer = AvroDeserializer(SchemaRegistryClient({"url": registry_url}))
        decoded = deserializer(msg.value(), ctx)
    finally:
        consumer.close()
    return decoded, int.from_bytes(msg.value()[1:5], "big")


async def test_confluent_kafka_round_trips_a_record(hub_settings, bootstrap, unique):
    topic = f"interop.suppliers-{unique}"
    await asyncio.to_thread(_create_topic, bootstrap, topic)
    handle = await start_registry(hub_settings, bootstrap, topic=f"_schemas-{unique}")
    try:
        value = {"id": "SE5560000001", "country": "SE", "employees": 42}
        decoded, schema_id = await asyncio.to_thread(_round_trip, handle.url, bootstrap, topic, value)
        assert decoded == value
        # The hub's own client sees what Confluent's client registered, under Confluent's subject naming.
        async with RegistryClient(handle.url) as client:
            latest_id, version, schema = await client.latest(f"{topic}-value")
            assert (latest_id, version) == (schema_id, 1)
            assert json.loads(schema) == json.loads(SUPPLIER)
    finally:
        await handle.stop()
