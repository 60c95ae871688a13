"""Realistic inbound events for the processor tests (a plain module, not fixtures)."""

import uuid
from datetime import date, datetime, timedelta, timezone


def now():
    return datetime.now(timezone.utc)


def supplier_record(partner, record_id, name, country, *, identifiers=(), address=None, postal_code=None,
                    city=None, categories=("33141420",), occurred_at=None, event_id=None):
    return {"event_id": event_id or str(uuid.uuid4()), "partner": partner, "occurred_at": occurred_at or now(),
            "record_id": record_id, "name": name, "trading_names": [], "country": country,
            "identifiers": [{"scheme": s, "id": i} for s, i in identifiers], "address": address,
            "postal_code": postal_code, "city": city, "sites": [], "categories": list(categories),
            "active": True}


def audit_outcome(partner, audit_id, supplier, *, severity="critical", area="labour_rights",
                  participants=None, confidentiality="shared", occurred_at=None, audit_date=date(2026, 2, 20)):
    return {"event_id": str(uuid.uuid4()), "partner": partner, "occurred_at": occurred_at or now(),
            "audit_id": audit_id,
            "supplier": {"record_id": None, "identifiers": [], "address": None, "postal_code": None,
                         "city": None, **supplier},
            "site": None, "audit_date": audit_date, "audit_type": "site", "audit_firm": "Audit firm Ltd",
            "participating_partners": participants or [partner],
            "findings": [{"finding_id": "F1", "area": area, "clause": "2.1", "severity": severity,
                          "description": "recruitment fees charged to migrant workers (debt bondage)",
                          "status": "open", "cap_due_date": now().date() + timedelta(days=90),
                          "corrective_actions": []}],
            "sanction_step": None, "confidentiality": confidentiality}
