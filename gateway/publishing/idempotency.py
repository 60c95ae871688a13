"""Remembered answers to requests that carried an ``Idempotency-Key``.

Correctness does not depend on this cache: event ids derived from the key
make a retried request's events the same events, deduplicated downstream on
any replica. The cache adds what the IETF Idempotency-Key draft asks for on
top: the same answer for a retry, and a 422 when a key is reused for a
different body, which catches a client bug early. It is per replica and
bounded; a retry landing on another replica is still safe, only less chatty.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class IdempotencyCache:
    def __init__(self, max_entries: int = 10000, ttl_s: float = 24 * 3600,
                 clock: Callable[[], float] = time.monotonic):
        self._entries: OrderedDict[tuple[str, str, str], tuple[float, str, Any]] = OrderedDict()
        self._max, self._ttl, self._clock = max_entries, ttl_s, clock
        self._lock = threading.Lock()

    @staticmethod
    def fingerprint(body: bytes) -> str:
        return hashlib.sha256(body).hexdigest()

    def get(self, client_id: str, route: str, key: str) -> tuple[str, Any] | None:
        """(body fingerprint, answer) remembered for this client, route and key, if fresh."""
        with self._lock:
            hit = self._entries.get((client_id, route, key))
            if hit is None or hit[0] < self._clock():
                return None
            return hit[1], hit[2]

    def put(self, client_id: str, route: str, key: str, fingerprint: str, answer: Any) -> None:
        with self._lock:
            self._entries[(client_id, route, key)] = (self._clock() + self._ttl, fingerprint, answer)
            self._entries.move_to_end((client_id, route, key))
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
