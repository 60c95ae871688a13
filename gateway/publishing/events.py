"""Turn a publish request's JSON into Avro-ready events, or say exactly what is wrong.

All or nothing: a request whose events are not all valid is refused whole
(422, every problem listed with its index and field path), so a partner never
has to work out which half of a batch went through.

Who publishes comes from the token. The body may repeat ``partner``; if it
names another partner the request is refused (403), since accepting it would
let one partner speak for another.

Event ids: a client-supplied ``event_id`` is kept; otherwise, with an
``Idempotency-Key`` the id is derived from (client, key, position), so a
retried request yields the same ids on any gateway replica and the
processors' deduplication gives it one effect; without a key it is random.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hub.application.messages import AUDIT, RECORD, RISK, country_of
from hub.contracts.errors import ValidationError
from hub.contracts.jsonform import from_json
from hub.contracts.records import utc_now
from hub.contracts.schemas import SchemaSet
from hub.core.validation import validate_audit_outcome, validate_risk_analysis, validate_supplier_record
from hub.kafka.partitioning import country_key
from hub.kafka.topics import AUDIT_OUTCOMES, RISK_ANALYSES, SUPPLIER_RECORDS

_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:se.regionerna.hub.v1:gateway-idempotency")


@dataclass(frozen=True)
class EventKind:
    schema: str
    topic: str
    kind: str
    validate: Callable[..., Any]


KINDS = {
    "supplier-records": EventKind("SupplierRecord", SUPPLIER_RECORDS, RECORD, validate_supplier_record),
    "audit-outcomes": EventKind("AuditOutcome", AUDIT_OUTCOMES, AUDIT, validate_audit_outcome),
    "risk-analyses": EventKind("RiskAnalysis", RISK_ANALYSES, RISK, validate_risk_analysis),
}


@dataclass(frozen=True)
class Issue:
    index: int
    path: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "path": self.path, "code": self.code, "message": self.message}


@dataclass
class Prepared:
    """Valid events ready to send, or the reasons they are not."""

    items: list[tuple[bytes, dict[str, Any]]] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def event_ids(self) -> list[str]:
        return [record["event_id"] for _, record in self.items]


class WrongPartner(Exception):
    """The body names a partner other than the caller's."""


def derived_event_id(client_id: str, idempotency_key: str, index: int) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, f"{client_id}\x00{idempotency_key}\x00{index}"))


def prepare(kind: EventKind, schemas: SchemaSet, documents: list[Any], *, partner: str, client_id: str,
            idempotency_key: str | None, now: dt.datetime | None = None) -> Prepared:
    """Stamp, convert and validate ``documents``; raise WrongPartner if one speaks for another partner."""
    now = now or utc_now()
    schema = schemas.get(kind.schema)
    out = Prepared()
    for index, doc in enumerate(documents):
        if not isinstance(doc, dict):
            out.errors.append(Issue(index, "", "not_an_object", "each event must be a JSON object"))
            continue
        if doc.get("partner") not in (None, partner):
            raise WrongPartner(index)
        doc = dict(doc, partner=partner)
        if not doc.get("event_id"):
            doc["event_id"] = (derived_event_id(client_id, idempotency_key, index) if idempotency_key
                               else str(uuid.uuid4()))
        doc.setdefault("occurred_at", now.isoformat())
        try:
            record = from_json(schema, doc)
        except ValidationError as exc:
            out.errors.extend(Issue(index, p.path, "schema", f"expected {p.expected}, {p.problem}") for p in exc.problems)
            continue
        check = kind.validate(record, now=now, publisher=partner)
        out.errors.extend(Issue(index, p.path, p.code, p.message) for p in check.errors)
        out.warnings.extend(Issue(index, p.path, p.code, p.message) for p in check.warnings)
        if check.ok:
            country = record["country"] if kind.kind == RISK else country_of(kind.kind, record)
            out.items.append((country_key(country or ""), record))
    return out
