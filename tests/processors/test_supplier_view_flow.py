"""The stream processors end to end on the real embedded broker and registry.

A worker process (``hub worker``) consumes what partners publish and writes
the merged view, alerts and dead letters; the test reads the topics back.
"""

import pytest

from events import audit_outcome, supplier_record
from hub.kafka import topics as t

pytestmark = pytest.mark.integration

GLOVES = dict(address="Lot 23, Jalan Industri 3, Kawasan Perindustrian Bukit Beruntung", postal_code="48300",
              city="Rawang")


@pytest.fixture(scope="module")
def flow(sandbox):
    sandbox.start_worker()
    kalmar = supplier_record("region-kalmar", "K-100", "Rubbercare Gloves Sdn. Bhd.", "MY", **GLOVES)
    sandbox.publish(t.SUPPLIER_RECORDS, "SupplierRecord", [kalmar], key_of=lambda r: r["country"].encode())
    sandbox.wait_caught_up(timeout_s=90)
    audit = audit_outcome("adda", "ADDA-2026-7", {
        "name": "RUBBERCARE GLOVES SDN BHD", "country": "MY",
        "address": "Lot 23 Jln Industri 3, Kaw. Perindustrian Bukit Beruntung", "postal_code": "48300",
        "city": "Rawang"})
    sandbox.publish(t.AUDIT_OUTCOMES, "AuditOutcome", [audit], key_of=lambda r: b"MY")
    # A partner that keys by its own record id instead of the country: forwarded, then processed.
    misrouted = supplier_record("hus", "H-1", "Nordic Medtech AB", "SE", identifiers=[("VAT", "SE556012579001")])
    sandbox.publish(t.SUPPLIER_RECORDS, "SupplierRecord", [misrouted], key_of=lambda r: b"hus:H-1")
    # An unknown partner (fails business rules) and bytes that are not Avro at all.
    stranger = supplier_record("acme-procurement", "X-1", "Secret Supplier AB", "SE")
    sandbox.publish(t.SUPPLIER_RECORDS, "SupplierRecord", [stranger], key_of=lambda r: b"SE")
    sandbox.produce(t.SUPPLIER_RECORDS, [(b"SE", b"\x00\x00\x00\x00\x01not avro", [])])
    sandbox.wait_caught_up(timeout_s=90)
    return {"audit": audit}


def test_the_audited_supplier_is_the_one_the_region_buys_from(sandbox, flow):
    merged = {r.key: r.value for r in sandbox.read_all(t.SUPPLIERS)}
    gloves = [v for v in merged.values() if v["country"] == "MY"]
    assert len(gloves) == 1
    view = gloves[0]
    assert view["buyers"] == ["region-kalmar"]
    assert [f["severity"] for f in view["open_findings"]] == ["critical"]
    assert view["audits"][0]["audit_id"] == "ADDA-2026-7"


def test_the_region_gets_an_alert_naming_it_and_no_description(sandbox, flow):
    alerts = [r.value for r in sandbox.read_all(t.ALERTS)]
    assert [a["kind"] for a in alerts] == ["critical_finding"]
    assert alerts[0]["partners"] == ["region-kalmar"]
    assert alerts[0]["trigger_event_id"] == flow["audit"]["event_id"]
    assert "debt bondage" not in alerts[0]["reason"]


def test_a_misrouted_record_is_forwarded_to_its_country_and_processed(sandbox, flow):
    merged = [r.value for r in sandbox.read_all(t.SUPPLIERS)]
    assert any(v["canonical_name"] == "Nordic Medtech AB" and v["country"] == "SE" for v in merged)
    copies = [r for r in sandbox.read_all(t.SUPPLIER_RECORDS, decode=False) if t.FORWARDED_HEADER in dict(r.headers)]
    assert copies, "the forwarded copy says it is one (the archive keeps only the original)"


def test_dead_letters_keep_the_original_bytes_and_say_why(sandbox, flow):
    dead = sandbox.read_all(t.DLQ, decode=False)
    assert len(dead) == 2
    by_stage = {dict(r.headers)["__connect.errors.stage"]: r for r in dead}
    assert set(by_stage) == {b"validate", b"deserialize"}
    assert by_stage[b"deserialize"].value == b"\x00\x00\x00\x00\x01not avro"
    validate = dict(by_stage[b"validate"].headers)
    assert validate["__connect.errors.topic"] == t.SUPPLIER_RECORDS.encode()
    assert b"partner" in validate["__connect.errors.exception.message"]
    assert b"Secret Supplier" not in validate["__connect.errors.exception.message"]
    assert "ce_id" in validate  # the original CloudEvents headers travel along
