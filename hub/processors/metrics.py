"""Counters of the stream processors, in Prometheus' text format.

Dead letters are counted by stage, so an operator sees at once whether
partners send undecodable bytes (deserialize), events that break business
rules (validate) or events the hub could not apply (process).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, start_http_server


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.events = Counter("hub_processor_events", "Inbound events processed", registry=self.registry)
        self.merged = Counter("hub_processor_merged_suppliers", "Merged supplier records emitted",
                              registry=self.registry)
        self.alerts = Counter("hub_processor_alerts", "Supplier alerts emitted", registry=self.registry)
        self.dead_letters = Counter("hub_processor_dead_letters", "Events sent to the DLQ", ["stage"],
                                    registry=self.registry)
        self.forwards = Counter("hub_processor_forwarded", "Events re-keyed to their country's partition",
                                registry=self.registry)

    def processed(self, events: int, merged: int, alerts: int) -> None:
        self.events.inc(events)
        self.merged.inc(merged)
        self.alerts.inc(alerts)

    def dead_letter(self, stage: str) -> None:
        self.dead_letters.labels(stage=stage).inc()

    def forwarded(self) -> None:
        self.forwards.inc()

    def serve(self, port: int, host: str = "127.0.0.1") -> None:
        """Expose ``/metrics`` on ``host:port`` (a daemon thread)."""
        start_http_server(port, addr=host, registry=self.registry)
