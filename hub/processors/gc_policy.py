"""Keep Python's cyclic garbage collector off the worker's long-lived state.

Why: the supplier view keeps its state in memory (the resolver's records
and clusters, the table's values), hundreds of thousands of objects that
live as long as the worker. CPython's collector scans the oldest generation
in full every so often, and with 12,000 suppliers each such pass took
80-150 ms (measured in ``docs/performance.md``): a pause in the middle of a
batch, which set the p99 latency, and 8% of the worker's time in all.

What: after every batch, ``gc.freeze()`` moves every object alive at that
moment into the permanent generation, which the collector never scans; it is
O(1) (a list splice). Collections then see only what the next batch
allocates. Objects that die later are still freed by reference counting.
What freezing gives up: a reference *cycle* that was alive at a freeze and
becomes garbage later is not found until the objects are unfrozen. The hub's
own state has no cycles (frozen dataclasses, tuples, dicts), but asyncio and
the Kafka clients make some, so every ``full_every_s`` (ten minutes by
default) the policy unfreezes and runs one full collection: one pause of a
few hundred milliseconds every ten minutes instead of one every few
seconds, and no garbage kept longer than that.
"""

from __future__ import annotations

import gc
import logging
import time
from typing import Callable

log = logging.getLogger(__name__)


class GcPolicy:
    def __init__(self, enabled: bool = True, full_every_s: float = 600.0,
                 clock: Callable[[], float] = time.monotonic, collector=gc) -> None:
        self.enabled = enabled
        self.full_every_s = full_every_s
        self.clock = clock
        self.gc = collector
        self._last_full = clock()
        self.full_collections = 0

    def after_batch(self) -> None:
        """Freeze what survived the batch; now and then, unfreeze and collect in full."""
        if not self.enabled:
            return
        now = self.clock()
        if now - self._last_full >= self.full_every_s:
            started = time.perf_counter()
            self.gc.unfreeze()
            found = self.gc.collect()
            self._last_full = now
            self.full_collections += 1
            log.debug("full garbage collection: %d unreachable objects in %.0f ms",
                      found, (time.perf_counter() - started) * 1000)
        self.gc.freeze()
