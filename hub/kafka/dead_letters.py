"""Dead letters on ``hub.dlq.v1``: their headers, reading them back, and re-driving them.

A dead letter is an inbound event the processors could not use, kept as it
came (key, bytes, headers) plus Kafka Connect's ``__connect.errors.*``
headers saying where it came from and why (``error_headers``; the writer is
``hub.processors.dlq``). Some are the partner's to fix: it sends the
corrected event. Others are the hub's: a schema registered late, a partner
added to the rules after it started publishing, a processor bug since
fixed. For those, ``redrive`` puts the original record back on its topic,
byte for byte with its own headers, so nothing a partner sent is lost to a
fault of the hub's.

Re-driving is safe to repeat. A record whose content the processors already
hold changes nothing (``hub.core.merge.supersedes``), and one that fails
again is dead-lettered again. The re-driven copy carries ``hub_redriven``
(``REDRIVEN_HEADER``), naming the dead letter it came from, and so does its
new dead letter if it fails again. That is how ``hub dlq list`` tells a
repeat failure from a new one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hub.contracts.cloudevents import partner_of_source
from hub.kafka.topics import DLQ, FORWARDED_HEADER, REDRIVEN_HEADER

PREFIX = "__connect.errors."


def error_headers(topic: str, partition: int, offset: int, stage: str, error_class: str,
                  message: str) -> list[tuple[str, bytes]]:
    """Kafka Connect's error headers for a record of ``topic``/``partition``/``offset``."""
    return [
        (PREFIX + "topic", topic.encode()),
        (PREFIX + "partition", str(partition).encode()),
        (PREFIX + "offset", str(offset).encode()),
        (PREFIX + "stage", stage.encode()),
        (PREFIX + "connector.name", b"hub-processors"),
        (PREFIX + "exception.class.name", error_class.encode()),
        (PREFIX + "exception.message", message.encode("utf-8", "replace")[:4000]),
    ]


def letter_ref(partition: int, offset: int) -> str:
    """How a dead letter is named in ``hub_redriven`` and by ``hub dlq``: ``hub.dlq.v1/0/17``."""
    return f"{DLQ}/{partition}/{offset}"


@dataclass(frozen=True)
class DeadLetter:
    """One record of ``hub.dlq.v1``, its error headers read."""

    partition: int
    offset: int
    timestamp: dt.datetime
    key: bytes | None
    value: bytes | None
    #: The original record's headers (the error headers taken off).
    headers: tuple[tuple[str, bytes], ...]
    topic: str
    origin_partition: int | None
    origin_offset: int | None
    stage: str
    error_class: str
    message: str

    @property
    def ref(self) -> str:
        return letter_ref(self.partition, self.offset)

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k == name:
                return v.decode("utf-8", "replace") if v is not None else None
        return None

    @property
    def event_id(self) -> str | None:
        return self.header("ce_id")

    @property
    def partner(self) -> str | None:
        source = self.header("ce_source")
        return partner_of_source(source) if source else None

    @property
    def redriven_from(self) -> str | None:
        """The dead letter this one's event was re-driven from, if it is a repeat failure."""
        return self.header(REDRIVEN_HEADER)

    def as_dict(self) -> dict[str, Any]:
        """For ``--json``: everything but the bytes (their size only; they may be confidential)."""
        return {
            "ref": self.ref, "partition": self.partition, "offset": self.offset,
            "timestamp": self.timestamp.isoformat(), "topic": self.topic,
            "origin_partition": self.origin_partition, "origin_offset": self.origin_offset,
            "stage": self.stage, "error_class": self.error_class, "message": self.message,
            "event_id": self.event_id, "partner": self.partner, "redriven_from": self.redriven_from,
            "key": self.key.decode("utf-8", "replace") if self.key is not None else None,
            "value_bytes": len(self.value or b""),
        }


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def parse(partition: int, offset: int, timestamp_ms: int, key: bytes | None, value: bytes | None,
          headers: Iterable[tuple[str, bytes]] | None) -> DeadLetter:
    """A DLQ record as a ``DeadLetter``. A record without error headers (not written by the hub)
    still parses: its topic and stage are then empty, and ``redrive`` leaves it alone."""
    errors: dict[str, str] = {}
    original: list[tuple[str, bytes]] = []
    for k, v in headers or ():
        if k.startswith(PREFIX):
            errors[k[len(PREFIX):]] = (v or b"").decode("utf-8", "replace")
        else:
            original.append((k, v))
    return DeadLetter(
        partition=partition, offset=offset,
        timestamp=dt.datetime.fromtimestamp(timestamp_ms / 1000.0, tz=dt.timezone.utc),
        key=key, value=value, headers=tuple(original),
        topic=errors.get("topic", ""), origin_partition=_int(errors.get("partition")),
        origin_offset=_int(errors.get("offset")), stage=errors.get("stage", ""),
        error_class=errors.get("exception.class.name", ""), message=errors.get("exception.message", ""),
    )


@dataclass(frozen=True)
class Selection:
    """Which dead letters an operator means; every given criterion must hold."""

    stage: str | None = None
    topic: str | None = None
    #: A part of the exception's class name ("ValidationError", "Schema").
    error: str | None = None
    partner: str | None = None
    from_offset: int | None = None
    to_offset: int | None = None

    def __call__(self, letter: DeadLetter) -> bool:
        return ((self.stage is None or letter.stage == self.stage)
                and (self.topic is None or letter.topic == self.topic)
                and (self.error is None or self.error.lower() in letter.error_class.lower())
                and (self.partner is None or letter.partner == self.partner)
                and (self.from_offset is None or letter.offset >= self.from_offset)
                and (self.to_offset is None or letter.offset <= self.to_offset))


def failed_again(letters: Sequence[DeadLetter]) -> dict[str, str]:
    """ref -> the ref of the later dead letter its re-driven copy became, for those that failed again."""
    return {x.redriven_from: x.ref for x in letters if x.redriven_from}


def redrive_headers(letter: DeadLetter) -> list[tuple[str, bytes]]:
    """The original headers, with ``hub_redriven`` naming this dead letter (replacing an older one).

    A ``hub_forwarded`` header goes: the dead letter may be the processors'
    copy of a record a partner keyed wrongly, and the re-driven record is a
    new submission (the archive keeps it, the processors forward it again).
    """
    kept = [(k, v) for k, v in letter.headers if k not in (REDRIVEN_HEADER, FORWARDED_HEADER)]
    return kept + [(REDRIVEN_HEADER, letter.ref.encode())]


async def read_dead_letters(client: Mapping[str, Any], topic: str = DLQ, timeout_s: float = 30.0
                            ) -> list[DeadLetter]:
    """Every record on ``topic`` now, oldest first. ``client``: ``hub.kafka.clients.client_config``.

    Reads by assignment, not in a consumer group, so it commits nothing and
    disturbs no one; it stops at the end offsets of when it started (exact
    ones, see ``hub.kafka.end_offsets``).
    """
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from hub.kafka.end_offsets import exact_end_offsets

    consumer = AIOKafkaConsumer(**client, enable_auto_commit=False, group_id=None,
                                auto_offset_reset="earliest", fetch_max_wait_ms=100)
    try:
        await consumer.start()
        partitions = sorted(consumer.partitions_for_topic(topic) or ())
        tps = [TopicPartition(topic, p) for p in partitions]
        if not tps:
            return []
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await exact_end_offsets(client, await consumer.end_offsets(tps))
        starts = await consumer.beginning_offsets(tps)
        todo = {tp for tp in tps if ends[tp] > starts[tp]}
        out: list[DeadLetter] = []
        deadline = time.monotonic() + timeout_s
        while todo and time.monotonic() < deadline:
            for tp, records in (await consumer.getmany(*todo, timeout_ms=500)).items():
                for r in records:
                    if r.offset < ends[tp]:
                        out.append(parse(r.partition, r.offset, r.timestamp, r.key, r.value, r.headers))
                if records and records[-1].offset + 1 >= ends[tp]:
                    todo.discard(tp)
        if todo:
            raise TimeoutError(f"could not read {topic} to its end in {timeout_s:.0f} s")
        return sorted(out, key=lambda x: (x.partition, x.offset))
    finally:
        await asyncio.shield(consumer.stop())


async def redrive(client: Mapping[str, Any], letters: Iterable[DeadLetter]) -> dict[str, int]:
    """Produce each letter's original record to its topic again; topic -> records sent.

    Keyed records go where the default partitioner puts their key (where
    the partner's producer put them); a record without a key goes back to
    its partition. Every send is acknowledged (acks=all) before this returns.
    """
    from aiokafka import AIOKafkaProducer

    letters = [x for x in letters if x.topic and x.value is not None]
    sent: dict[str, int] = {}
    if not letters:
        return sent
    producer = AIOKafkaProducer(**client, acks="all", linger_ms=5, client_id="hub-dlq-redrive")
    try:
        await producer.start()
        futures = []
        for x in letters:
            partition = x.origin_partition if x.key is None else None
            futures.append(await producer.send(x.topic, x.value, key=x.key, partition=partition,
                                               headers=redrive_headers(x)))
            sent[x.topic] = sent.get(x.topic, 0) + 1
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return sent
