"""Which partition a key lands in: Kafka's default partitioner, for checking.

Producers (Java, aiokafka, kafka-python, confluent-kafka with
``partitioner=murmur2_random``) put a keyed record in
``(murmur2(key) & 0x7fffffff) % partitions``. The stream processors use the
same function to tell whether an inbound event sits in the partition of its
country, and forward it there if a partner keyed it differently.
"""

from __future__ import annotations

from aiokafka.partitioner import murmur2


def partition_for(key: bytes, partitions: int) -> int:
    return (murmur2(key) & 0x7FFFFFFF) % partitions


def country_key(country: str) -> bytes:
    """The key of an inbound supplier record or audit: its country of registration."""
    return country.strip().upper().encode("ascii", "replace")
