"""Publishing over HTTP into the real embedded broker: validation, stamping, idempotency."""

from __future__ import annotations

import uuid

import pytest

from hub.kafka import topics as t

pytestmark = pytest.mark.integration

RECORD = {"record_id": "KAL-0042", "name": "Kalmar Glove Sdn Bhd", "country": "MY",
          "identifiers": [], "address": "Lot 5, Jalan Industri", "postal_code": "41050", "city": "Klang"}
AUDIT = {
    "audit_id": "ADDA-2024-17", "supplier": {"name": "KALMAR GLOVES SDN. BHD.", "country": "MY", "identifiers": []},
    "audit_date": "2024-03-05", "audit_type": "site", "participating_partners": ["adda"],
    "findings": [{"finding_id": "F1", "area": "labour_rights", "clause": "4.2", "severity": "critical",
                  "description": "Recruitment fees charged to migrant workers", "status": "open",
                  "cap_due_date": "2024-09-01"}],
    "confidentiality": "shared",
}


def test_publish_one_record_is_stamped_with_the_callers_partner(gateway, sandbox):
    resp = gateway.http.post("/v1/supplier-records", json=RECORD, headers=gateway.headers("region-kalmar"))
    assert resp.status_code == 202, resp.text
    (event_id,) = resp.json()["event_ids"]
    published = [r for r in sandbox.read_all(t.SUPPLIER_RECORDS) if r.value["event_id"] == event_id]
    assert len(published) == 1
    assert published[0].value["partner"] == "region-kalmar"
    assert published[0].key == b"MY"
    assert dict(published[0].headers)["ce_source"].decode().endswith("region-kalmar")


def test_a_batch_of_audits_is_accepted(gateway, sandbox):
    batch = [AUDIT, dict(AUDIT, audit_id="ADDA-2024-18")]
    resp = gateway.http.post("/v1/audit-outcomes", json=batch, headers=gateway.headers("adda"))
    assert resp.status_code == 202, resp.text
    assert len(resp.json()["event_ids"]) == 2


def test_invalid_events_are_refused_whole_with_paths_and_no_values(gateway, sandbox):
    secret = "Interview notes: worker 17 named the recruiter"
    bad = dict(AUDIT, audit_date="5 mars 2024",
               findings=[dict(AUDIT["findings"][0], severity="catastrophic", description=secret)])
    resp = gateway.http.post("/v1/audit-outcomes", json=[AUDIT, bad], headers=gateway.headers("adda"))
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    problem = resp.json()
    paths = {(e["index"], e["path"]) for e in problem["errors"]}
    assert (1, "audit_date") in paths and (1, "findings[0].severity") in paths
    assert secret not in resp.text and "catastrophic" not in resp.text


def test_a_partner_cannot_publish_as_another(gateway):
    resp = gateway.http.post("/v1/supplier-records", json=dict(RECORD, partner="adda"),
                             headers=gateway.headers("region-kalmar"))
    assert resp.status_code == 403


def test_clients_without_a_partner_or_scope_cannot_publish(gateway):
    assert gateway.http.post("/v1/supplier-records", json=RECORD, headers=gateway.headers("planner")).status_code == 403
    assert gateway.http.post("/v1/supplier-records", json=RECORD).status_code == 401


def test_idempotency_key_gives_the_same_event_ids_and_refuses_another_body(gateway):
    key = f"nightly-{uuid.uuid4()}"
    headers = gateway.headers("region-kalmar") | {"Idempotency-Key": key}
    first = gateway.http.post("/v1/supplier-records", json=RECORD, headers=headers)
    again = gateway.http.post("/v1/supplier-records", json=RECORD, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json()["event_ids"] == again.json()["event_ids"]
    other = gateway.http.post("/v1/supplier-records", json=dict(RECORD, record_id="KAL-0043"), headers=headers)
    assert other.status_code == 422


def test_limits(gateway):
    headers = gateway.headers("region-kalmar")
    too_many = [RECORD] * (gateway.gateway.settings.max_batch + 1)
    assert gateway.http.post("/v1/supplier-records", json=too_many, headers=headers).status_code in (413, 422)
    huge = b"[" + b",".join([b'{"name": "' + b"x" * 1000 + b'"}'] * 1100) + b"]"
    resp = gateway.http.post("/v1/supplier-records", content=huge, headers=headers | {"content-type": "application/json"})
    assert resp.status_code == 413
    assert gateway.http.post("/v1/supplier-records", content=b"{not json", headers=headers).status_code == 400


def test_ops_routes(gateway):
    assert gateway.http.get("/healthz").json() == {"status": "ok"}
    ready = gateway.http.get("/readyz")
    assert ready.status_code == 200 and ready.json()["components"]["kafka"]["ready"]
    metrics = gateway.http.get("/metrics")
    assert "hub_gateway_requests_total" in metrics.text
