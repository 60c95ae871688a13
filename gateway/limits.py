"""Request limits: body size (413) and a per-client rate limit (429 + Retry-After).

``BodySizeLimit`` is a plain ASGI middleware: it refuses a declared
``Content-Length`` over the limit before reading anything, and counts the
bytes of a chunked body as they arrive, so a client cannot make the gateway
buffer more than the limit.

``RateLimiter`` is a token bucket per OAuth client, checked when the caller
has been authenticated (``gateway.auth.dependencies``). It lives in the
replica's memory: with N replicas behind a balancer a client gets up to N
times the rate, which is documented in operations.md; the limit exists to
keep one partner's runaway job from starving the others, not for billing.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from gateway.problems import Problem, problem_response, problem_type


class BodySizeLimit:
    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes or declared < 0:
                    return await self._too_large(scope, receive, send)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope, receive, send):
        response = problem_response(413, f"the request body is larger than {self.max_bytes} bytes",
                                    type_=problem_type("body-too-large"))
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


class RateLimiter:
    """Token buckets keyed by client id; thread-safe (auth runs in a thread pool)."""

    def __init__(self, rate_per_s: float, burst: int, clock: Callable[[], float] = time.monotonic,
                 max_clients: int = 10000):
        self.rate = rate_per_s
        self.burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._max = max_clients

    def acquire(self, client_id: str) -> float:
        """Take one token; 0.0 when allowed, else the seconds until one is free."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(client_id, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                if len(self._buckets) >= self._max and client_id not in self._buckets:
                    self._buckets.clear()  # clients are a config file's worth; this is a safety valve
                self._buckets[client_id] = (tokens - 1.0, now)
                return 0.0
            self._buckets[client_id] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def check(self, client_id: str) -> None:
        """Raise a 429 problem when ``client_id`` is over its rate."""
        wait = self.acquire(client_id)
        if wait > 0:
            raise Problem(429, "too many requests from this client; slow down",
                          type_=problem_type("rate-limited"),
                          headers={"Retry-After": str(max(1, math.ceil(wait)))})
