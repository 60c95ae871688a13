"""The hub's topics, declared as data, and the code that creates them.

Partition counts and configs are explicit: a topic auto-created by a producer
would get the broker's default partition count, and Faust tables refuse a
source topic whose partition count differs from their changelog's.

Inbound topics are keyed by the partner's record key; ``hub.suppliers.v1`` is
keyed by hub_id and compacted, so it is the current merged view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

SUPPLIER_RECORDS = "hub.supplier-records.v1"
AUDIT_OUTCOMES = "hub.audit-outcomes.v1"
RISK_ANALYSES = "hub.risk-analyses.v1"
SUPPLIERS = "hub.suppliers.v1"
MATCH_DECISIONS = "hub.match-decisions.v1"
ALERTS = "hub.alerts.v1"
DLQ = "hub.dlq.v1"
SCHEMAS = "_schemas"
#: Webhook subscriptions, keyed by subscription id (compacted: the latest state wins).
SUBSCRIPTIONS = "hub.subscriptions.v1"
#: Outstanding webhook deliveries and every attempt, keyed by subscription id.
WEBHOOK_DELIVERIES = "hub.webhook-deliveries.v1"
#: Internal: every risk analysis copied to every partition (see docs/architecture.md).
RISK_FANOUT = "hub.internal.risk-fanout.v1"

#: Header the processors put on an inbound record they forward to its country's
#: partition (value ``<partition>@<offset>`` of the original): a copy, not a new event.
FORWARDED_HEADER = "hub_forwarded"

#: Header on an inbound record an operator re-drove from the DLQ (``hub dlq redrive``), value
#: ``hub.dlq.v1/<partition>/<offset>`` of the dead letter; kept on its dead letter if it fails again.
REDRIVEN_HEADER = "hub_redriven"

WEEK_MS = 7 * 24 * 3600 * 1000
COMPACT = {"cleanup.policy": "compact"}
# Inbound events are the partners' submissions; keep them long (the archive,
# not Kafka retention, is the long-term record).
INBOUND = {"cleanup.policy": "delete", "retention.ms": str(52 * WEEK_MS)}


@dataclass(frozen=True)
class TopicSpec:
    name: str
    #: None: the hub's configured default partition count.
    partitions: int | None
    configs: Mapping[str, str] = field(default_factory=dict)
    #: Which Avro record its values carry (schemas/avro/<value_schema>.avsc).
    value_schema: str | None = None
    doc: str = ""


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(SUPPLIER_RECORDS, None, INBOUND, "SupplierRecord", "partners' supplier records, as published"),
    TopicSpec(AUDIT_OUTCOMES, None, INBOUND, "AuditOutcome", "audit outcomes: findings, CAPs, sanction steps"),
    TopicSpec(RISK_ANALYSES, None, INBOUND, "RiskAnalysis", "risk analyses per category, product and country"),
    TopicSpec(SUPPLIERS, None, COMPACT, "MergedSupplier", "the shared view: one record per hub_id (compacted)"),
    TopicSpec(MATCH_DECISIONS, None, INBOUND, "MatchDecision", "review queue, human decisions, merges and splits"),
    TopicSpec(ALERTS, None, INBOUND, "SupplierAlert", "alerts for partners that buy from a supplier"),
    TopicSpec(SUBSCRIPTIONS, None, COMPACT, "WebhookSubscription", "webhook subscriptions (latest state per id)"),
    TopicSpec(WEBHOOK_DELIVERIES, None, INBOUND, "WebhookDelivery", "webhook deliveries due and every attempt made"),
    # Values are the original bytes (Kafka Connect's convention), so no schema:
    # DeadLetter.avsc is the decoded report form the gateway serves.
    TopicSpec(DLQ, 1, {"cleanup.policy": "delete", "retention.ms": str(4 * WEEK_MS)}, None,
              "events that failed decoding or validation, with Kafka Connect error headers"),
    TopicSpec(RISK_FANOUT, None, {"cleanup.policy": "delete", "retention.ms": str(52 * WEEK_MS)}, None,
              "internal: each risk analysis's original bytes, once per partition"),
    TopicSpec(SCHEMAS, 1, COMPACT, None, "the schema registry's log"),
)

TOPICS_BY_NAME = {t.name: t for t in TOPICS}


def ensure_topics(admin, default_partitions: int, replication_factor: int,
                  specs: tuple[TopicSpec, ...] = TOPICS) -> list[str]:
    """Create the topics that do not exist yet; return the names created.

    ``admin`` is a kafka-python ``KafkaAdminClient``. Idempotent: existing
    topics are left as they are (their partition count is not changed, since
    that would re-key every partition).
    """
    from kafka.admin import NewTopic

    existing = set(admin.list_topics())
    new = [
        NewTopic(
            name=s.name,
            num_partitions=s.partitions or default_partitions,
            replication_factor=replication_factor,
            topic_configs=dict(s.configs),
        )
        for s in specs
        if s.name not in existing
    ]
    if new:
        from kafka.errors import TopicAlreadyExistsError

        try:
            admin.create_topics(new)
        except TopicAlreadyExistsError:
            pass  # another process won the race; same spec, same outcome
    return [t.name for t in new]
