"""Prometheus metrics of one gateway process, on its own registry.

A registry per ``Gateway`` (not the global one) so that several gateways in
one test process do not collide. Components add their own metrics to
``metrics.registry``. The request middleware labels by route *template*
(``/v1/suppliers/{hub_id}``), never by the raw path, so a scan of ids cannot
blow up the label set.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "GatewayMetrics"]


class GatewayMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("hub_gateway_requests", "HTTP requests answered", ["method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("hub_gateway_request_seconds", "time to answer a request", ["route"],
                                 buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5, 10),
                                 registry=self.registry)
        self.published = Counter("hub_gateway_published_events", "events accepted for publishing", ["topic"],
                                 registry=self.registry)

    def install(self, app) -> None:
        app.add_middleware(_RequestMetrics, metrics=self)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _RequestMetrics:
    def __init__(self, app, metrics: GatewayMetrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500

        async def send_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], template, str(status)).inc()
            self.metrics.latency.labels(template).observe(time.perf_counter() - start)
