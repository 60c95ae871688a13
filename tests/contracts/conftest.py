"""Realistic sample events for the contract tests, one per schema.

The audit is modelled on the partners' Malaysian glove-factory audits
(2018-2019): Region Östergötland, Region Kalmar län and Region Jönköpings län,
an international audit firm, worker interviews, and findings such as
recruitment-fee debt bondage (zero tolerance), excessive hours, crowded
dormitories and broken fire alarms. Company names are invented.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from hub.contracts.records import content_event_id, new_envelope
from hub.contracts.schemas import SchemaSet

UTC = dt.timezone.utc
T0 = dt.datetime(2019, 3, 14, 8, 30, 0, 123000, tzinfo=UTC)

#: Text that must never leak into an error message or a merged view.
CONFIDENTIAL = "Worker W-17 paid a recruitment fee of about 40,000 SEK to an agent in Nepal"

GLOVE_FACTORY = {
    "site_id": "kalmar-site-0042",
    "name": "Perak Latex Gloves Factory 3",
    "country": "MY",
    "address": "Lot 12, Kawasan Perindustrian Bukit Merah",
    "postal_code": "34400",
    "city": "Simpang Empat",
    "kind": "factory",
}
GLOVE_MAKER_ID = {"scheme": "MY-SSM", "id": "199501012345"}


def supplier_record() -> dict:
    return {
        **new_envelope("region-kalmar", T0, "5b0a5c38-4a7e-4c71-9d5e-2f1f2b1a9c01"),
        "record_id": "LEV-10442",
        "name": "Perak Latex Gloves Sdn. Bhd.",
        "trading_names": ["PLG Gloves"],
        "country": "MY",
        "identifiers": [GLOVE_MAKER_ID],
        "address": "Lot 12, Kawasan Perindustrian Bukit Merah",
        "postal_code": "34400",
        "city": "Simpang Empat",
        "sites": [GLOVE_FACTORY],
        "categories": ["33141420"],
        "active": True,
    }


def swedish_supplier_record() -> dict:
    return {
        **new_envelope("region-skane", T0, "0d7c2f7e-0f0e-4f55-8f5b-3f7f6a0f2c11"),
        "record_id": "SK-88812",
        "name": "Nordisk Medicinteknik AB",
        "trading_names": [],
        "country": "SE",
        "identifiers": [{"scheme": "SE-ON", "id": "556012-5790"}, {"scheme": "VAT", "id": "SE556012579001"}],
        "address": "Industrigatan 4",
        "postal_code": "21214",
        "city": "Malmö",
        "sites": [],
        "categories": ["33169000", "33141420"],
        "active": True,
    }


def audit_outcome() -> dict:
    d = dt.date
    return {
        **new_envelope("region-ostergotland", T0, "9f1f7a7e-2b8e-4bfa-8a52-1f0e6c9b7d21"),
        "audit_id": "AUD-2019-MY-03",
        "supplier": {
            "record_id": "OG-2231",
            "name": "Perak Latex Gloves Sdn Bhd",
            "country": "MY",
            "identifiers": [GLOVE_MAKER_ID],
            "address": None,
            "postal_code": None,
            "city": "Simpang Empat",
        },
        "site": GLOVE_FACTORY,
        "audit_date": d(2019, 3, 11),
        "audit_type": "site",
        "audit_firm": "International Social Audits Ltd",
        "participating_partners": ["region-ostergotland", "region-kalmar", "region-jonkoping"],
        "findings": [
            {
                "finding_id": "F1",
                "area": "labour_rights",
                "clause": "3.2",
                "severity": "zero_tolerance",
                "description": CONFIDENTIAL + "; debt bondage: fees of 20 months' minimum wage.",
                "status": "open",
                "cap_due_date": d(2019, 9, 30),
                "corrective_actions": [
                    {"action_id": "F1-A1", "description": "Repay all recruitment fees to current workers",
                     "owner": "HR director", "due_date": d(2019, 9, 30), "status": "open", "closed_on": None},
                    {"action_id": "F1-A2", "description": "Adopt a zero-fee recruitment policy for agents",
                     "owner": None, "due_date": d(2019, 6, 30), "status": "done", "closed_on": d(2019, 6, 12)},
                ],
            },
            {
                "finding_id": "F2",
                "area": "labour_rights",
                "clause": "3.5",
                "severity": "critical",
                "description": "Up to 339 hours of work in a month in the dipping line.",
                "status": "open",
                "cap_due_date": d(2019, 6, 30),
                "corrective_actions": [],
            },
            {
                "finding_id": "F3",
                "area": "human_rights",
                "clause": "1.3",
                "severity": "major",
                "description": "Dormitories with up to 48 workers to a room.",
                "status": "open",
                "cap_due_date": None,
                "corrective_actions": [],
            },
            {
                "finding_id": "F4",
                "area": "labour_rights",
                "clause": "3.8",
                "severity": "critical",
                "description": "Fire alarms in dormitory block B out of order.",
                "status": "closed",
                "cap_due_date": d(2019, 4, 15),
                "corrective_actions": [
                    {"action_id": "F4-A1", "description": "Repair and test fire alarms", "owner": "Facility manager",
                     "due_date": d(2019, 4, 15), "status": "done", "closed_on": d(2019, 4, 2)},
                ],
            },
        ],
        "sanction_step": "dialogue",
        "confidentiality": "participants",
    }


def risk_analysis() -> dict:
    return {
        **new_envelope("region-jonkoping", T0, "3c8e8a0e-8f7a-4a3b-9b0c-7e4d2a1f5b31"),
        "analysis_id": "RA-2018-GLOVES-MY",
        "category": "33141420",
        "category_label": "Kirurgiska handskar",
        "product": "Nitrile examination gloves",
        "country": "MY",
        "risks": [
            {"area": "labour_rights", "risk_level": "very_high",
             "rationale": "Migrant workers commonly pay recruitment fees to agents (debt bondage); excessive overtime.",
             "mitigation": "Site audits with worker interviews; repayment of fees as a contract requirement."},
            {"area": "environment", "risk_level": "medium", "rationale": "Chemical use in latex processing.",
             "mitigation": None},
        ],
        "valid_from": dt.date(2018, 1, 1),
        "valid_to": dt.date(2020, 12, 31),
    }


def merged_supplier() -> dict:
    return {
        **new_envelope("hub", T0, content_event_id("merged:hub-7f3a:3")),
        "hub_id": "hub-7f3a",
        "version": 3,
        "canonical_name": "Perak Latex Gloves Sdn. Bhd.",
        "country": "MY",
        "identifiers": [GLOVE_MAKER_ID],
        "aliases": ["Perak Latex Gloves Sdn Bhd", "PLG Gloves"],
        "source_records": [
            {"partner": "region-kalmar", "record_id": "LEV-10442", "name": "Perak Latex Gloves Sdn. Bhd.",
             "event_id": "5b0a5c38-4a7e-4c71-9d5e-2f1f2b1a9c01", "received_at": T0, "active": True},
            {"partner": "region-ostergotland", "record_id": "OG-2231", "name": "Perak Latex Gloves Sdn Bhd",
             "event_id": "1a2b3c4d-0000-4000-8000-000000000001", "received_at": T0, "active": True},
        ],
        "provenance": [
            {"field": "canonical_name", "value": "Perak Latex Gloves Sdn. Bhd.", "partner": "region-kalmar",
             "record_id": "LEV-10442", "asserted_at": T0},
        ],
        "sites": [GLOVE_FACTORY],
        "categories": ["33141420"],
        "buyers": ["region-kalmar", "region-ostergotland"],
        "audits": [
            {"audit_id": "AUD-2019-MY-03", "audit_date": dt.date(2019, 3, 11), "audit_type": "site",
             "site_id": "kalmar-site-0042",
             "participating_partners": ["region-ostergotland", "region-kalmar", "region-jonkoping"],
             "confidentiality": "participants", "highest_severity": "zero_tolerance", "open_findings": 3},
        ],
        "open_findings": [
            {"audit_id": "AUD-2019-MY-03", "finding_id": "F1", "area": "labour_rights", "severity": "zero_tolerance",
             "clause": "3.2", "cap_due_date": dt.date(2019, 9, 30), "site_id": "kalmar-site-0042"},
        ],
        "last_audit_by_site": [{"site_id": "kalmar-site-0042", "last_audit_date": dt.date(2019, 3, 11)}],
        "sanction_step": "dialogue",
        "risks": [
            {"analysis_id": "RA-2018-GLOVES-MY", "partner": "region-jonkoping", "category": "33141420",
             "country": "MY", "area": "labour_rights", "risk_level": "very_high", "valid_to": dt.date(2020, 12, 31)},
        ],
        "merged_from": ["hub-19c2"],
        "successor": None,
    }


def supplier_alert() -> dict:
    trigger = "9f1f7a7e-2b8e-4bfa-8a52-1f0e6c9b7d21"
    return {
        **new_envelope("hub", T0, content_event_id(f"alert:hub-7f3a:{trigger}:critical_finding")),
        "alert_id": f"alert:hub-7f3a:{trigger}:critical_finding",
        "hub_id": "hub-7f3a",
        "kind": "critical_finding",
        "severity": "zero_tolerance",
        "reason": "Zero-tolerance finding (labour_rights, clause 3.2) in a site audit on 2019-03-11",
        "supplier_name": "Perak Latex Gloves Sdn. Bhd.",
        "country": "MY",
        "trigger_event_id": trigger,
        "trigger_topic": "hub.audit-outcomes.v1",
        "partners": ["region-kalmar", "region-ostergotland"],
        "raised_at": T0,
        "areas": ["labour_rights"],
    }


def match_decision() -> dict:
    return {
        **new_envelope("region-kalmar", T0, "77c1d1b2-6a55-4e36-9d0e-51f1d9a3a441"),
        "decision_id": "MD-000123",
        "status": "confirmed",
        "record_a": {"partner": "region-kalmar", "record_id": "LEV-10442"},
        "record_b": {"partner": "region-ostergotland", "record_id": "OG-2231"},
        "hub_id_a": "hub-7f3a",
        "hub_id_b": "hub-19c2",
        "old_hub_ids": ["hub-19c2"],
        "new_hub_id": "hub-7f3a",
        "score": 0.91,
        "evidence": ["same MY-SSM", "name similarity 0.97 after removing legal form"],
        "decided_by": "anna.lind@regionkalmar.se",
        "note": None,
    }


def dead_letter() -> dict:
    return {
        **new_envelope("hub", T0, "a0c3b9f4-62f7-4c1c-8d2e-0b8f1e2d3c51"),
        "topic": "hub.audit-outcomes.v1",
        "partition": 2,
        "offset": 18_223,
        "stage": "validate",
        "error_class": "hub.contracts.errors.ValidationError",
        "error_message": "invalid AuditOutcome: findings[2].severity: expected enum Severity, got int",
        "key": b"AUD-2019-MY-03",
        "value": b"\x00\x00\x00\x00\x07\x02",
        "failed_at": T0,
    }


def webhook_subscription() -> dict:
    return {
        **new_envelope("region-kalmar", T0, "5b0e1c2a-8f3d-4e6b-9a7c-2d1f0e9b8a76"),
        "subscription_id": "3e9c6a52-0b7d-4f1e-8c2a-6d5b4a3f2e10",
        "client_id": "region-kalmar",
        "url": "https://hooks.regionkalmar.se/hub/alerts",
        "state": "active",
        "state_reason": None,
        "filter": {"mine": True, "min_severity": "critical", "areas": ["labour_rights"], "kinds": [],
                   "countries": ["MY"], "hub_ids": []},
        "secret_ciphertext": "q1w2e3r4t5y6u7i8o9p0",
        "key_id": "0f1e2d3c4b5a6978",
        "created_at": T0,
    }


def webhook_delivery() -> dict:
    return {
        **new_envelope("region-kalmar", T0, "c4d5e6f7-0a1b-5c2d-8e3f-4a5b6c7d8e9f"),
        "webhook_id": "msg_2b7e0c1d9f8a4e3b",
        "subscription_id": "3e9c6a52-0b7d-4f1e-8c2a-6d5b4a3f2e10",
        "alert_id": "alert:hub-7f3a:critical_finding",
        "hub_id": "hub-7f3a",
        "attempt": 1,
        "outcome": "retrying",
        "status_code": 503,
        "error": None,
        "detail": "HTTP 503",
        "duration_ms": 42,
        "next_attempt_at": T0 + dt.timedelta(seconds=5),
        "payload": '{"type":"supplier.alert"}',
    }


SAMPLES = {
    "SupplierRecord": supplier_record,
    "AuditOutcome": audit_outcome,
    "RiskAnalysis": risk_analysis,
    "MergedSupplier": merged_supplier,
    "SupplierAlert": supplier_alert,
    "MatchDecision": match_decision,
    "DeadLetter": dead_letter,
    "WebhookSubscription": webhook_subscription,
    "WebhookDelivery": webhook_delivery,
}


@pytest.fixture(scope="session")
def schema_set() -> SchemaSet:
    return SchemaSet.load()


@pytest.fixture
def samples() -> dict[str, dict]:
    """A fresh sample event per schema name (tests may mutate them)."""
    return {name: copy.deepcopy(build()) for name, build in SAMPLES.items()}


@pytest.fixture
def confidential_text() -> str:
    """A fragment of a finding description that must never appear in errors."""
    return CONFIDENTIAL
