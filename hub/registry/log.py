"""How writes reach the registry's state: ``RegistryBackend`` and its two kinds.

``MemoryBackend`` applies records at once (unit tests, throwaway registries);
``LogBackend`` persists them to a compacted, single-partition ``_schemas``
topic and applies them in log order.

Records use Confluent's own ``_schemas`` format, so the topic is readable by
(and, for reading, from) a Confluent Schema Registry, and compaction keeps
exactly the latest state per key:

* SCHEMA: key ``{"keytype":"SCHEMA","subject":s,"version":v,"magic":1}``,
  value ``{"subject","version","id","schema","deleted"}``; a null value is a
  permanent delete.
* CONFIG: key ``{"keytype":"CONFIG","subject":s|null,"magic":0}``, value
  ``{"compatibilityLevel": level}``; null deletes the subject's level.

Confluent's other key types are read where they matter (DELETE_SUBJECT) and
skipped otherwise (NOOP, CLEAR_SUBJECT, MODE, non-Avro schemas).

Start-up reads the topic from offset 0 to the end offsets it saw when it
began (manual assignment, no consumer group: Tansu's group joins are slow and
a group would split the one partition among instances), then tails it. So
every instance, whichever wrote a record, applies all records in log order.

A write is acknowledged only after the broker acked it (acks=all) *and* this
instance applied it in log order, so the HTTP answer states what every
instance will hold. When the acked offset is the very next one this instance
has to apply, it applies the record at once (the tail then skips it);
otherwise it waits for the tail to get there.

Several instances. Before planning a write, an instance catches up to the
current end offset; that shrinks, but does not close, the window in which two
instances plan the same version or id. Confluent closes it by electing one
leader; we elect none. Instead the store's first-record-wins rule makes every
instance agree on the winner, and the loser, having applied its own (ignored)
record, sees it lost, rewrites the winner's key if it shared it (compaction
keeps the last value per key) and plans again. Tested with concurrent
registrations on two instances. Limit: a loser that dies between losing and
rewriting leaves a log whose compacted form, for that one key, holds the
loser's record. So one instance is the default and the supported writer;
more instances are fine as read replicas and survive occasional races.
"""

from __future__ import annotations

import asyncio
import json
import logging

from hub.kafka.clients import client_config
from hub.kafka.topics import SCHEMAS
from hub.registry import BackendError
from hub.registry.store import (
    ConfigRecord, DeleteSubjectRecord, Record, SchemaRecord, SchemaStore, SchemaVersion, record_of,
)
from hub.settings import KafkaSettings

log = logging.getLogger(__name__)

#: How long a write waits for the broker's ack plus its own tail to apply it.
WRITE_TIMEOUT_S = 10.0


def _dumps(obj: object) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def encode(record: Record) -> tuple[bytes, bytes | None]:
    """Record → (key, value) bytes, byte-for-byte stable per key so compaction matches them."""
    if isinstance(record, SchemaRecord):
        key = _dumps({"keytype": "SCHEMA", "subject": record.subject, "version": record.version, "magic": 1})
        if record.schema is None:
            return key, None
        return key, _dumps({"subject": record.subject, "version": record.version, "id": record.id,
                            "schema": record.schema, "deleted": record.deleted})
    if isinstance(record, ConfigRecord):
        key = _dumps({"keytype": "CONFIG", "subject": record.subject, "magic": 0})
        return key, None if record.level is None else _dumps({"compatibilityLevel": record.level})
    raise TypeError(f"the registry never writes {type(record).__name__}")


def decode(key: bytes | None, value: bytes | None) -> Record | None:
    """(key, value) → Record, or None for what this registry does not keep. Never raises."""
    try:
        k = json.loads(key) if key else {}
        v = json.loads(value) if value else None
        keytype = k.get("keytype")
        if keytype == "SCHEMA":
            if v is None:
                return SchemaRecord(k["subject"], int(k["version"]))
            if v.get("schemaType", "AVRO") != "AVRO" or v.get("references"):
                log.info("skipping %s v%s in the log: only Avro without references is served",
                         k["subject"], k["version"])
                return None
            return SchemaRecord(v["subject"], int(v["version"]), int(v["id"]), v["schema"], bool(v.get("deleted")))
        if keytype == "CONFIG":
            return ConfigRecord(k.get("subject"), None if v is None else v.get("compatibilityLevel"))
        if keytype == "DELETE_SUBJECT" and v is not None:
            return DeleteSubjectRecord(v["subject"], int(v["version"]))
        return None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("skipping an unreadable record in the schemas log: %s", exc)
        return None


class RegistryBackend:
    """The app's view of a registry: reads from ``store``, writes through ``_commit``.

    Subclasses decide what committing means: ``MemoryBackend`` applies at once,
    ``hub.registry.log.LogBackend`` writes to Kafka and waits until its own
    tail has applied the record. Writes in one instance are serialised by a
    lock; across instances, see ``register``.
    """

    #: How often a registration that lost a race to another instance is retried.
    attempts = 5

    def __init__(self, store: SchemaStore | None = None) -> None:
        self.store = store or SchemaStore()
        self._lock = asyncio.Lock()

    async def _commit(self, records: list[Record]) -> None:
        raise NotImplementedError

    async def _sync(self) -> None:
        """Catch up with records other instances wrote, before planning a write."""

    async def register(self, subject: str, schema: str) -> SchemaVersion:
        async with self._lock:
            for _ in range(self.attempts):
                await self._sync()
                existing, record = self.store.plan_register(subject, schema)
                if existing is not None:
                    return existing
                await self._commit([record])
                got = self.store.find(subject, record.version)
                if got is not None and (got.id, got.schema) == (record.id, record.schema):
                    return got
                if got is not None:
                    # We lost the key to another instance; compaction keeps the
                    # *last* value per key, so write the winner again after ours.
                    await self._commit([record_of(got)])
            raise BackendError(f"Register operation for subject '{subject}' lost {self.attempts} races against "
                               f"other registry instances; retry")

    async def delete_version(self, subject: str, version: str | int, permanent: bool = False) -> int:
        async with self._lock:
            await self._sync()
            record = self.store.plan_delete_version(subject, version, permanent)
            await self._commit([record])
            return record.version

    async def delete_subject(self, subject: str, permanent: bool = False) -> list[int]:
        async with self._lock:
            await self._sync()
            records = self.store.plan_delete_subject(subject, permanent)
            await self._commit(records)
            return [r.version for r in records]

    async def set_level(self, subject: str | None, level: object) -> str:
        async with self._lock:
            record = self.store.plan_config(subject, level)
            await self._commit([record])
            return record.level

    async def delete_level(self, subject: str) -> str:
        async with self._lock:
            await self._sync()
            previous = self.store.level(subject)
            await self._commit([self.store.plan_delete_config(subject)])
            return previous


class MemoryBackend(RegistryBackend):
    """No log: state lives and dies with the process. For unit tests and throwaway registries."""

    async def _commit(self, records: list[Record]) -> None:
        for record in records:
            self.store.apply(record)


class LogBackend(RegistryBackend):
    """A ``RegistryBackend`` whose writes go through the ``_schemas`` topic; see the module docstring."""

    def __init__(self, kafka: KafkaSettings, bootstrap: str, topic: str = SCHEMAS,
                 store: SchemaStore | None = None) -> None:
        super().__init__(store)
        self.topic = topic
        self._config = client_config(kafka, bootstrap)
        self._bootstrap = bootstrap
        self._producer = None
        self._consumer = None
        self._offsets = None        # a second, never-fetching consumer: see _sync
        self._tp = None
        self._position = 0          # next offset this instance has not applied yet
        self._progress = asyncio.Condition()
        self._tail: asyncio.Task | None = None

    async def start(self, timeout_s: float = 30.0) -> "LogBackend":
        """Connect, replay the whole topic, then tail it. The topic must exist (see server.py)."""
        from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
        from aiokafka.errors import KafkaError

        self._producer = AIOKafkaProducer(**self._config, acks="all", client_id="hub-registry",
                                          request_timeout_ms=int(WRITE_TIMEOUT_S * 1000))
        self._consumer = AIOKafkaConsumer(**self._config, group_id=None, enable_auto_commit=False,
                                          auto_offset_reset="earliest", fetch_max_wait_ms=100,
                                          client_id="hub-registry-reader")
        self._offsets = AIOKafkaConsumer(**self._config, group_id=None, enable_auto_commit=False,
                                         client_id="hub-registry-offsets")
        try:
            await asyncio.wait_for(self._connect(TopicPartition), timeout_s)
        except (KafkaError, OSError, asyncio.TimeoutError) as exc:
            await self.stop()
            raise BackendError(f"cannot load the schemas log {self.topic!r} from {self._bootstrap}: "
                               f"{exc or type(exc).__name__}") from None
        except BaseException:
            await self.stop()
            raise
        self._tail = asyncio.create_task(self._tail_forever(), name=f"registry-tail-{self.topic}")
        return self

    async def _connect(self, TopicPartition) -> None:
        await self._producer.start()
        await self._consumer.start()
        await self._offsets.start()
        partitions = await self._producer.partitions_for(self.topic)
        if len(partitions) != 1:
            raise BackendError(f"topic {self.topic!r} has {len(partitions)} partitions; the registry's log "
                               f"needs exactly 1 so that every instance sees one order")
        self._tp = TopicPartition(self.topic, 0)
        self._consumer.assign([self._tp])
        await self._consumer.seek_to_beginning(self._tp)
        end = (await self._consumer.end_offsets([self._tp]))[self._tp]
        while self._position < end:
            await self._poll(timeout_ms=500)
        log.info("schemas log %s loaded: %d records, %d subjects", self.topic, end, len(self.store.subjects()))

    async def _poll(self, timeout_ms: int) -> None:
        batches = await self._consumer.getmany(self._tp, timeout_ms=timeout_ms)
        for msg in batches.get(self._tp, []):  # no await inside: _commit cannot interleave
            if msg.offset < self._position:
                continue  # this instance's own write, already applied by _commit
            record = decode(msg.key, msg.value)
            if record is not None:
                self.store.apply(record)
            self._position = msg.offset + 1
        position = await self._consumer.position(self._tp)
        async with self._progress:
            self._position = max(self._position, position)
            self._progress.notify_all()

    async def _tail_forever(self) -> None:
        while True:
            try:
                await self._poll(timeout_ms=200)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep tailing through broker hiccups; writers time out meanwhile
                log.warning("reading the schemas log failed (%s); retrying", exc)
                await asyncio.sleep(1.0)

    async def _wait_applied(self, offset: int) -> None:
        """Return once this instance applied every record before ``offset``."""
        async with self._progress:
            try:
                await asyncio.wait_for(self._progress.wait_for(lambda: self._position >= offset), WRITE_TIMEOUT_S)
            except asyncio.TimeoutError:
                raise BackendError(f"timed out after {WRITE_TIMEOUT_S:.0f} s waiting for the schemas log "
                                   f"to reach offset {offset}") from None

    async def _sync(self) -> None:
        from aiokafka.errors import KafkaError

        try:
            # Not the tailing consumer: Tansu answers a connection's requests in
            # order, so its ListOffsets would queue behind the tail's long poll.
            end = (await self._offsets.end_offsets([self._tp]))[self._tp]
        except KafkaError as exc:
            raise BackendError(f"Error while reading the schemas log: {exc}") from None
        await self._wait_applied(end)

    async def _commit(self, records: list[Record]) -> None:
        from aiokafka.errors import KafkaError

        last = -1
        try:
            for record in records:
                key, value = encode(record)
                meta = await asyncio.wait_for(
                    self._producer.send_and_wait(self.topic, value=value, key=key, partition=0), WRITE_TIMEOUT_S)
                last = meta.offset
                if self._position == meta.offset:
                    # Everything before our record is applied and ours is next in the
                    # log: apply it now instead of waiting a fetch round-trip for the
                    # tail, which then skips it (offset < position). Same order, once.
                    self.store.apply(record)
                    self._position = meta.offset + 1
        except (KafkaError, asyncio.TimeoutError) as exc:
            raise BackendError(f"Error while writing to the schemas log: {exc or type(exc).__name__}") from None
        await self._wait_applied(last + 1)

    async def stop(self) -> None:
        tail, self._tail = self._tail, None
        if tail is not None:
            tail.cancel()
            try:
                await tail
            except (asyncio.CancelledError, Exception):
                pass
        for client in (self._consumer, self._offsets, self._producer):
            if client is not None:
                try:
                    await client.stop()
                except Exception as exc:  # stopping must not mask the reason we stop
                    log.debug("closing a schemas-log client failed: %s", exc)
        self._consumer = self._offsets = self._producer = None
