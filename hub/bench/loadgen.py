"""A small HTTP/1.1 load generator: N keep-alive connections, closed loop, latency per request.

Written on raw asyncio streams rather than an HTTP client library, because
a client library's per-request cost in Python would be the bottleneck and
the benchmark would measure the client. It speaks just enough HTTP/1.1 for
GET with Content-Length or chunked answers from uvicorn.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    def summary(self) -> dict:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else float("nan")

        return {"requests": self.requests, "errors": self.errors, "req_per_s": round(self.requests / self.seconds, 1),
                "p50_ms": pct(0.50), "p99_ms": pct(0.99), "mean_ms": round(statistics.fmean(lat), 3) if lat else None}


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = None
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if length is not None:
        await reader.readexactly(length)
    elif chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _connection(url: str, headers: dict[str, str], stop_at: float, out: LoadResult) -> None:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
               + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
    try:
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            writer.write(request)
            status = await _read_response(reader)
            out.latencies_ms.append((time.perf_counter() - start) * 1000)
            out.requests += 1
            if status != 200:
                out.errors += 1
    finally:
        writer.close()


async def run_load(url: str, *, connections: int = 8, seconds: float = 5.0, warmup_s: float = 1.0,
                   headers: dict[str, str] | None = None) -> LoadResult:
    """Hammer ``url`` with ``connections`` keep-alive connections; the warm-up is not counted."""
    headers = headers or {}
    warm = LoadResult(0, 0, warmup_s, [])
    await asyncio.gather(*(_connection(url, headers, time.perf_counter() + warmup_s, warm) for _ in range(connections)))
    result = LoadResult(0, 0, seconds, [])
    start = time.perf_counter()
    await asyncio.gather(*(_connection(url, headers, start + seconds, result) for _ in range(connections)))
    result.seconds = time.perf_counter() - start
    return result
