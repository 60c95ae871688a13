"""Builders of the processors' output events, and a handle on the live hub, for the read model's tests.

The read model consumes the processors' output topics, so its tests write
those events themselves: MergedSupplier, SupplierAlert, MatchDecision and
RiskAnalysis, as the supplier-view processor would emit them, and the
partners' AuditOutcome events (for the detail of participants-only audits).
"""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timezone

import httpx

from gateway.live import LiveGateway
from hub.embedded.sandbox import Sandbox
from hub.kafka import topics as t

T0 = datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)
GLOVES = "33141420"


def merged(hub_id: str, version: int, name: str, *, country: str = "MY", buyers=("region-kalmar",), audits=(),
           findings=(), sites=(), identifiers=(), aliases=(), successor: str | None = None,
           categories=(GLOVES,), sanction_step=None, records=None) -> dict:
    if records is None:
        records = [{"partner": p, "record_id": f"{p[:3].upper()}-{hub_id}", "name": name, "event_id": str(uuid.uuid4()),
                    "received_at": T0, "active": True} for p in buyers]
    return {"event_id": str(uuid.uuid4()), "partner": "hub", "occurred_at": T0, "hub_id": hub_id, "version": version,
            "canonical_name": "" if successor else name, "country": "" if successor else country,
            "identifiers": [{"scheme": s, "id": i} for s, i in identifiers], "aliases": list(aliases),
            "source_records": [] if successor else records,
            "provenance": [{"field": "country", "value": country, "partner": r["partner"], "record_id": r["record_id"],
                            "asserted_at": T0} for r in ([] if successor else records)],
            "sites": list(sites), "categories": [] if successor else list(categories),
            "buyers": [] if successor else sorted(buyers), "audits": list(audits), "open_findings": list(findings),
            "last_audit_by_site": [], "sanction_step": sanction_step, "risks": [], "merged_from": [],
            "successor": successor}


def audit(audit_id: str, when: date, *, severity: str | None, open_: int, shared: bool, partners, site=None) -> dict:
    return {"audit_id": audit_id, "audit_date": when, "audit_type": "site" if site else "office", "site_id": site,
            "participating_partners": list(partners), "confidentiality": "shared" if shared else "participants",
            "highest_severity": severity, "open_findings": open_}


def finding(audit_id: str, severity: str, area: str = "labour_rights", site=None) -> dict:
    return {"audit_id": audit_id, "finding_id": f"F-{audit_id}", "area": area, "severity": severity,
            "clause": "4.2", "cap_due_date": None, "site_id": site}


def outcome(audit_id: str, when: date, findings, *, partner: str = "region-ostergotland", shared: bool = False,
            partners=("region-ostergotland", "region-kalmar"), site_id: str | None = "F1",
            occurred_at: datetime = T0) -> dict:
    """A partner's AuditOutcome; ``findings``: (finding_id, severity, status, description) each, with one CAP item."""
    return {"event_id": str(uuid.uuid4()), "partner": partner, "occurred_at": occurred_at, "audit_id": audit_id,
            "supplier": {"record_id": None, "name": "Sentosa Glove Industries Sdn Bhd", "country": "MY",
                         "identifiers": [], "address": None, "postal_code": None, "city": "Klang"},
            "site": None if site_id is None else {"site_id": site_id, "name": "Klang factory 1", "country": "MY",
                                                  "address": None, "postal_code": None, "city": "Klang",
                                                  "kind": "factory"},
            "audit_date": when, "audit_type": "site" if site_id else "office", "audit_firm": None,
            "participating_partners": list(partners),
            "findings": [{"finding_id": fid, "area": "labour_rights", "clause": "Health and safety",
                          "severity": severity, "description": text, "status": status,
                          "cap_due_date": date(2026, 12, 31),
                          "corrective_actions": [{"action_id": "CAP-1", "description": f"fix: {text}",
                                                  "owner": "Factory HR manager", "due_date": date(2026, 12, 31),
                                                  "status": "open", "closed_on": None}]}
                         for fid, severity, status, text in findings],
            "sanction_step": None, "confidentiality": "shared" if shared else "participants"}


def alert(hub_id: str, kind: str, severity: str, partners, name: str = "Kalmar Glove Sdn Bhd") -> dict:
    alert_id = str(uuid.uuid4())
    return {"event_id": str(uuid.uuid4()), "partner": "hub", "occurred_at": T0, "alert_id": alert_id,
            "hub_id": hub_id, "kind": kind, "severity": severity, "reason": f"{kind} at {name}",
            "supplier_name": name, "country": "MY", "trigger_event_id": str(uuid.uuid4()),
            "trigger_topic": t.AUDIT_OUTCOMES, "partners": list(partners), "raised_at": T0}


def decision(decision_id: str, status: str, a: tuple[str, str], b: tuple[str, str] | None, *, hub_a=None,
             hub_b=None, decided_by=None, score=0.2) -> dict:
    return {"event_id": str(uuid.uuid4()), "partner": "hub", "occurred_at": T0, "decision_id": decision_id,
            "status": status, "record_a": {"partner": a[0], "record_id": a[1]},
            "record_b": {"partner": b[0], "record_id": b[1]} if b else None, "hub_id_a": hub_a, "hub_id_b": hub_b,
            "old_hub_ids": [], "new_hub_id": None, "score": score,
            "evidence": ["name similarity 0.91", "same city"], "decided_by": decided_by, "note": None}


def risk(analysis_id: str, level: str, *, country="MY", category=GLOVES, partner="region-ostergotland") -> dict:
    return {"event_id": str(uuid.uuid4()), "partner": partner, "occurred_at": T0, "analysis_id": analysis_id,
            "category": category, "category_label": "surgical gloves", "product": None, "country": country,
            "risks": [{"area": "labour_rights", "risk_level": level, "rationale": "debt bondage", "mitigation": None}],
            "valid_from": date(2025, 1, 1), "valid_to": None}


class Live:
    """The sandbox and the gateway, with helpers to write events and read answers."""

    def __init__(self, sandbox: Sandbox, gateway: LiveGateway):
        self.sandbox = sandbox
        self.gateway = gateway

    def suppliers(self, *views: dict) -> None:
        self.sandbox.publish(t.SUPPLIERS, "MergedSupplier", list(views), lambda v: v["hub_id"].encode())

    def alerts(self, *alerts: dict) -> None:
        self.sandbox.publish(t.ALERTS, "SupplierAlert", list(alerts), lambda a: a["hub_id"].encode())

    def decisions(self, *decisions: dict, country: str = "MY") -> None:
        self.sandbox.publish(t.MATCH_DECISIONS, "MatchDecision", list(decisions), lambda d: country.encode())

    def outcomes(self, *outcomes: dict) -> None:
        self.sandbox.publish(t.AUDIT_OUTCOMES, "AuditOutcome", list(outcomes),
                             lambda o: o["supplier"]["country"].encode())

    def risks(self, *analyses: dict) -> None:
        self.sandbox.publish(t.RISK_ANALYSES, "RiskAnalysis", list(analyses),
                             lambda r: f"{r['category']}|{r['country']}".encode())

    def get(self, path: str, client: str = "planner", **kwargs) -> httpx.Response:
        return self.gateway.http.get(path, headers=self.gateway.headers(client) | kwargs.pop("headers", {}), **kwargs)

    def post(self, path: str, client: str = "planner", **kwargs) -> httpx.Response:
        return self.gateway.http.post(path, headers=self.gateway.headers(client), **kwargs)

    def eventually(self, check, timeout_s: float = 15.0):
        """Poll ``check`` until it returns something truthy (the read model applies asynchronously)."""
        deadline = time.monotonic() + timeout_s
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError("the read model did not show it in time")
            time.sleep(0.05)
