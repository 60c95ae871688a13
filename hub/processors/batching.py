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


class BatchWrites:
    """Writes pending for one batch: ``{table: {key: (event, value)}}``."""

    __slots__ = ("_pending",)

    def __init__(self) -> None:
        self._pending: dict[Any, dict[Any, tuple[Any, Any]]] = {}

    def put(self, table, key, value, event) -> None:
        self._pending.setdefault(table, {})[key] = (event, value)

    def delete(self, table, key, event) -> None:
        self._pending.setdefault(table, {})[key] = (event, _DELETED)

    def get(self, table, key, default=None):
        """Read through the batch: a value written earlier in the batch wins."""
        pending = self._pending.get(table)
        if pending is not None and key in pending:
            value = pending[key][1]
            return default if value is _DELETED else value
        return table.get(key, default)

    def pending(self, table) -> dict:
        """Keys written in this batch: value, or None where deleted."""
        return {k: (None if v is _DELETED else v) for k, (_e, v) in self._pending.get(table, {}).items()}

    def __len__(self) -> int:
        return sum(len(p) for p in self._pending.values())

    def flush(self) -> int:
        """Write every pending key once, through the table; return the count."""
        n = 0
        for table, writes in self._pending.items():
            for key, (event, value) in writes.items():
                with current(event):
                    if value is _DELETED:
                        table.pop(key, None)
                    else:
                        table[key] = value
                n += 1
        self._pending.clear()
        return n


_DELETED = object()
