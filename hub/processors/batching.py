"""Table writes for batched streams: coalesce per batch, write once per key.

Faust tables can only be modified inside stream iteration: ``table[k] = v``
asks for the *current event* to know which changelog partition the write
belongs to, and inside ``stream.take_events()`` there is no current event,
so it raises "Cannot modify table key from outside of stream iteration".

The sound way, used here: a batch collects its writes, each with the event
that caused it, and at the end of the batch writes each key once to the
partition of that event: the changelog partition and the store partition
where Faust would have put it inside ``async for event in stream`` (every
key is scoped to a country, and a country lives in one partition).
Coalescing also turns the many writes a batch makes to one hot key (a
supplier updated by several events) into one changelog record.

How a key is written (``ChangelogWriter``): what Faust's ``table[k] = v``
does, minus its per-key machinery. The key goes into the table's store with
the event made current (Faust's ``_current_event`` context variable, which
is private; ``tests/processors/test_batching.py`` pins it), and its
changelog record, encoded exactly as Faust encodes it (checked when the
writer is made), goes straight to the producer, awaited before the batch's
events are acknowledged. Faust's own path queues each record in its
``ProducerBuffer`` instead, whose ``flush`` gives up after 0.1 s without a
send (faust-streaming 0.15, ``flush_atmost``): an offset commit can then go
through while the batch's state still waits in that queue, and a crash in
between loses the state of events already committed. The producer that gets
our records is the one whose own ``flush`` Faust awaits before every commit.

Ordering for at-least-once with idempotent effects: the caller flushes the
batch's *outputs* before it calls ``flush`` here, so a crash in between makes
the batch run again from the old state and re-emit the very same outputs
(deterministic ids and versions), never lose them.
"""

from __future__ import annotations

import base64
import json
import pickle
import weakref
from contextlib import contextmanager
from functools import partial
from typing import Any, Iterator, Protocol

from faust.streams import _current_event


@contextmanager
def current(event) -> Iterator[None]:
    """Make ``event`` Faust's current event for the duration of the block."""
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


DELTA_PREFIX = "__delta__/"


def delta_key(partition: int) -> str:
    return f"{DELTA_PREFIX}{partition}"


class Outbox(Protocol):
    """Where changelog records go: ``hub.kafka.record_batches.RecordBatches`` over the
    worker's producer (the tests use a fake that keeps them)."""

    def add(self, topic: str, key: bytes | None, value: bytes | None, partition: int | None = None,
            headers=None) -> None: ...

    async def submit(self) -> dict[tuple[str, int], tuple[Any, int]]: ...

_PROBE_KEYS = ("records/SE|adda:4711", "audits/NO|sykehusinnkjøp:ÅR-1")
_PROBE_VALUE = {"version": 1, "merged_from": ["HUB-1"], "successor": None}


class ChangelogWriter:
    """Writes keys of one Faust table as ``table[key] = value`` would, without its per-key overhead.

    Values are pickled once: the batch's delta record carries the pickles,
    and each key's changelog record is the same pickle in Faust's framing
    (base64, the ``pickle`` codec). The writer refuses to start if the
    table's serializers would encode differently, so its records always
    read back through Faust's own recovery.
    """

    def __init__(self, table) -> None:
        self.table = table
        self.changelog = table.changelog_topic
        self.topic = self.changelog.get_topic_name()
        for key in _PROBE_KEYS:
            if self.encode_key(key) != self.changelog.prepare_key(key, None)[0]:
                raise RuntimeError(f"table {table.name}: keys are not JSON-serialized; ChangelogWriter needs them to be")
        if base64.b64encode(pickle.dumps(_PROBE_VALUE)) != self.changelog.prepare_value(_PROBE_VALUE, None)[0]:
            raise RuntimeError(f"table {table.name}: values are not pickle-serialized; ChangelogWriter needs them to be")

    @staticmethod
    def encode_key(key: str) -> bytes:
        return json.dumps(key).encode()

    @staticmethod
    def pickled(value) -> bytes | None:
        return None if value is None else pickle.dumps(value)

    def apply(self, event, items: dict[str, bytes | None], values: dict[str, Any] | None = None) -> list:
        """Put ``items`` (key -> pickle, None to delete) into the store, with ``event`` current.

        Synchronous: no rebalance can come between the caller's ownership
        check and these writes. Returns the changelog records to ``send``
        (in order), for ``event``'s partition.
        """
        store = self.table.data
        partition = event.message.partition
        records = []
        with current(event):
            for key, raw in items.items():
                if raw is None:
                    if key in store:
                        del store[key]
                    records.append((self.encode_key(key), None, partition))
                else:
                    store[key] = values[key] if values is not None and key in values else pickle.loads(raw)
                    records.append((self.encode_key(key), base64.b64encode(raw), partition))
        return records

    async def send(self, records: list, outbox: Outbox) -> None:
        """Hand ``records`` to the producer, in order; remember the last offset per partition."""
        for key, value, partition in records:
            outbox.add(self.topic, key, value, partition)
        for (topic, _partition), (fut, count) in (await outbox.submit()).items():
            if topic == self.topic:
                fut.add_done_callback(partial(self._persisted, count))

    def _persisted(self, count: int, fut) -> None:
        # What Faust's own changelog callback does: a RocksDB store then knows
        # where its copy stands at the next start (a no-op for memory://).
        # The future is a batch's: its offset is the first of ``count`` records.
        if not fut.cancelled() and fut.exception() is None:
            res = fut.result()
            self.table.data.set_persisted_offset(res.topic_partition, res.offset + count - 1)


class BatchWrites:
    """One batch's writes to one table, applied per partition as a unit.

    A crash can cut a batch's changelog writes anywhere, and a state that is
    half one batch and half the previous one would make the replayed batch
    resolve differently. So for each partition the batch first writes one
    *delta* record (every key it changes, one changelog message: atomic),
    then the keys themselves. Both go to the same changelog partition, whose
    order the producer keeps; so if any key of the batch landed, the delta
    did. ``repair`` re-applies the last delta after recovery, completing a
    cut batch; a batch whose delta did not land left no trace at all.
    """

    __slots__ = ("table", "writer", "_pending", "_events")

    def __init__(self, table, writer: ChangelogWriter | None = None) -> None:
        self.table = table
        self.writer = writer
        self._pending: dict[str, tuple[int, Any]] = {}
        self._events: dict[int, Any] = {}

    def put(self, key: str, value, event) -> None:
        partition = event.message.partition
        self._events.setdefault(partition, event)
        self._pending[key] = (partition, value)

    def delete(self, key: str, event) -> None:
        self.put(key, None, event)

    def get(self, key: str, default=None):
        """Read through the batch: a value written earlier in the batch wins."""
        if key in self._pending:
            value = self._pending[key][1]
            return default if value is None else value
        return self.table.get(key, default)

    def pending(self) -> dict:
        """Keys written in this batch: value, or None where deleted."""
        return {k: v for k, (_p, v) in self._pending.items()}

    def __len__(self) -> int:
        return len(self._pending)

    def apply(self, owned: set[int] | None = None) -> list:
        """Write the batch into the store (synchronously); return its changelog records.

        Per partition: the delta first, then each key. ``owned``: the
        partitions this worker still holds. A rebalance can take a partition
        away while the batch awaited its outputs; its writes are then
        dropped, not written as a zombie behind the new owner's back: the
        new owner re-runs those events (they were never acked) from the
        state before them and emits the same outputs again.
        """
        by_partition: dict[int, dict[str, Any]] = {}
        for key, (partition, value) in self._pending.items():
            if owned is None or partition in owned:
                by_partition.setdefault(partition, {})[key] = value
        records: list = []
        for partition, delta in by_partition.items():
            pickles = {key: ChangelogWriter.pickled(value) for key, value in delta.items()}
            event = self._events[partition]
            records += self.writer.apply(event, {delta_key(partition): pickle.dumps(pickles)},
                                         {delta_key(partition): pickles})
            records += self.writer.apply(event, pickles, delta)
        self._pending.clear()
        return records

    async def flush(self, outbox: Outbox, owned: set[int] | None = None) -> int:
        """``apply``, then hand the records to the producer; return how many keys were written."""
        records = self.apply(owned)
        await self.writer.send(records, outbox)
        return len(records)


def repair(table, event, writer: ChangelogWriter) -> list:
    """After recovery: finish the last batch written to ``event``'s partition.

    Re-writing keys the batch already wrote is harmless (same values), and
    puts any that a crash cut off back into the changelog before the next
    batch's delta replaces this one. Returns the changelog records to send.
    """
    delta = table.get(delta_key(event.message.partition))
    if not delta:
        return []
    # A delta written before the writer existed holds the values themselves.
    pickles = {k: v if v is None or isinstance(v, bytes) else pickle.dumps(v) for k, v in delta.items()}
    return writer.apply(event, pickles)
