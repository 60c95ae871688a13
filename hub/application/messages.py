"""What goes into the supplier-view service and what comes out of it.

Plain data: the Faust adapter builds ``Inbound`` from Kafka records and sends
``Outputs``; the tests build and read them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

RECORD, AUDIT, RISK, DECISION = "supplier_record", "audit_outcome", "risk_analysis", "match_decision"


def country_of(kind: str, event: dict, key: str | None = None) -> str | None:
    """The country of registration an event belongs to: its partition's key.

    A supplier record names it; an audit names it for its supplier; a human
    match decision carries it as its Kafka key (the gateway knows it). Risk
    analyses belong to every partition.
    """
    if kind == RECORD:
        country = event.get("country")
    elif kind == AUDIT:
        country = (event.get("supplier") or {}).get("country")
    elif kind == DECISION:
        country = key
    else:
        country = None
    return country.strip().upper() if country else None


@dataclass(frozen=True)
class Inbound:
    """One decoded event and where it came from."""

    kind: str                 # RECORD, AUDIT, RISK or DECISION
    topic: str
    event: dict
    received_at: datetime     # the Kafka record's timestamp: deterministic on replay
    origin: Any               # the adapter's partition token
    key: str | None = None    # the Kafka key (country of registration for inbound topics)
    publisher: str | None = None  # the partner the transport vouches for, if any
    source: Any = field(default=None, compare=False)  # opaque: the adapter's record, for dead letters


@dataclass(frozen=True)
class Reject:
    inbound: Inbound
    stage: str                # "validate" or "process"
    error_class: str
    message: str              # paths and codes only: never a field's value


@dataclass
class Outputs:
    suppliers: list[tuple[str, dict]] = field(default_factory=list)  # (hub_id, MergedSupplier)
    alerts: list[tuple[str, dict]] = field(default_factory=list)     # (hub_id, SupplierAlert)
    decisions: list[tuple[str, dict]] = field(default_factory=list)  # (country, MatchDecision)
    rejects: list[Reject] = field(default_factory=list)


@dataclass
class Touch:
    country: str
    origin: Any
    received_at: datetime
    event: int      # id() of the last inbound that touched the hub
    changes: int    # inbound events in this batch that touched the hub


class Batch:
    """What one batch has touched, and the confidential renders it has seen."""

    def __init__(self) -> None:
        self.touched: dict[str, Touch] = {}
        self.views: dict[str, dict | None] = {}
        self.successors: dict[str, str] = {}
        self.out = Outputs()


