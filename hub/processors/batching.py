"""Table writes for batched streams: coalesce per batch, write once per key.

Faust tables can only be modified inside stream iteration: ``table[k] = v``
asks for the *current event* to know which changelog partition the write
belongs to, and inside ``stream.take_events()`` there is no current event,
so it raises "Cannot modify table key from outside of stream iteration".

The sound way, used here: a batch collects its writes, each with the event
that caused it, and at the end of the batch writes each key once, through
the ordinary ``table[key] = value``, with that event made current. The write
then goes where Faust would have put it inside ``async for event in stream``:
the changelog partition and the RocksDB partition of the source event (every
key is scoped to a country, and a country lives in one partition). Coalescing
also turns the many writes a batch makes to one hot key (a supplier updated
by several events) into one changelog record.

Making an event current uses Faust's ``_current_event`` context variable,
which is private; ``tests/processors`` pin the behaviour so a Faust upgrade
that changes it fails loudly.

Ordering for at-least-once with idempotent effects: the caller flushes the
batch's *outputs* before it calls ``flush`` here, so a crash in between makes
the batch run again from the old state and re-emit the very same outputs
(deterministic ids and versions), never lose them.
"""

from __future__ import annotations

import weakref
from contextlib import contextmanager
from typing import Any, Iterator

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

    __slots__ = ("table", "_pending", "_events")

    def __init__(self, table) -> None:
        self.table = table
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

    def flush(self, owned: set[int] | None = None) -> int:
        """Write the batch: per partition, its delta, then each key; return the count.

        ``owned``: the partitions this worker still holds. A rebalance can
        take a partition away while the batch awaited its outputs; its writes
        are then dropped, not written as a zombie behind the new owner's
        back: the new owner re-runs those events (they were never acked) from
        the state before them and emits the same outputs again.
        """
        by_partition: dict[int, dict[str, Any]] = {}
        for key, (partition, value) in self._pending.items():
            if owned is None or partition in owned:
                by_partition.setdefault(partition, {})[key] = value
        for partition, delta in by_partition.items():
            with current(self._events[partition]):
                self.table[delta_key(partition)] = delta
                _apply(self.table, delta)
        self._pending.clear()
        return sum(len(d) for d in by_partition.values())


def repair(table, event) -> int:
    """After recovery: finish the last batch written to ``event``'s partition.

    Re-writing keys the batch already wrote is harmless (same values), and
    puts any that a crash cut off back into the changelog before the next
    batch's delta replaces this one.
    """
    delta = table.get(delta_key(event.message.partition))
    if not delta:
        return 0
    with current(event):
        _apply(table, delta)
    return len(delta)


def _apply(table, delta: dict) -> None:
    for key, value in delta.items():
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value
