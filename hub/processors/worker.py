"""Assemble the stream processors into one Faust app, and run it.

Schemas are registered (idempotently) on a short-lived event loop before
Faust starts, so that the serde knows every output schema id from the first
event on; the serde's own registry client lives on Faust's loop and is only
needed to fetch writer schemas the hub has not seen (a partner publishing
with an older schema version).
"""

from __future__ import annotations

import asyncio

import faust

from hub.contracts.schemas import SchemaSet
from hub.contracts.serde import HubSerde
from hub.embedded.supervisor import create_topics, register_schemas
from hub.kafka.topics import TOPICS
from hub.processors.app import create_app
from hub.processors.gc_policy import GcPolicy
from hub.processors.metrics import Metrics
from hub.processors.supplier_view import SupplierViewProcessor, add_risk_fanout
from hub.registry.client import RegistryClient
from hub.settings import HubSettings


def build_processors(settings: HubSettings, bootstrap: str, registry_url: str,
                     schema_ids: dict[str, int], metrics: Metrics | None = None, service=None) -> faust.App:
    """The hub's Faust app; ``service`` replaces the supplier-view core (``hub bench``'s diagnostics only)."""
    app = create_app(settings, bootstrap)
    schemas = SchemaSet.load(settings.schema_dir)
    serde = HubSerde(schemas, RegistryClient(registry_url))
    for spec in TOPICS:
        if spec.value_schema and spec.name in schema_ids:
            serde.bind(spec.name, spec.value_schema, schema_ids[spec.name])
    metrics = metrics or Metrics()
    p = settings.processors
    SupplierViewProcessor(app, serde, settings.kafka.partitions, p.batch_max, p.batch_within_s, service=service,
                          metrics=metrics, gc_policy=GcPolicy(p.gc_freeze, p.gc_full_every_s))
    add_risk_fanout(app, serde, settings.kafka.partitions, metrics)
    return app


def prepare(settings: HubSettings, bootstrap: str, registry_url: str) -> dict[str, int]:
    """Topics and schemas, both idempotent: safe on every worker start."""
    create_topics(settings, bootstrap)
    return asyncio.run(register_schemas(settings, registry_url))
