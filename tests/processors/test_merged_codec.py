"""MergedSupplier records encoded once (hub.processors.merged_codec), no broker.

The worker's record must be the serde's, byte for byte, and its fingerprint
must change exactly when the published content does.
"""

import uuid
from datetime import timedelta

from events import audit_outcome, now, supplier_record
from hub.application.state import DictStore
from hub.application.supplier_view import AUDIT, RECORD, Inbound, SupplierView
from hub.contracts.schemas import SchemaSet
from hub.contracts.serde import HubSerde
from hub.core.merge import content_fingerprint
from hub.kafka import topics as t
from hub.processors.merged_codec import MergedRecordCodec


def _serde(schema: str = "MergedSupplier") -> HubSerde:
    serde = HubSerde(SchemaSet.load(), None)
    serde.bind(t.SUPPLIERS, schema, 42)
    return serde


def _inb(kind, ev):
    return Inbound(kind, t.SUPPLIER_RECORDS if kind == RECORD else t.AUDIT_OUTCOMES, ev, ev["occurred_at"],
                   origin=0, key=ev.get("country") or ev["supplier"]["country"])


def test_records_are_the_serdes_bytes_and_republished_only_when_their_content_changes():
    serde = _serde()
    codec = MergedRecordCodec(serde, t.SUPPLIERS)
    assert codec.enabled
    service, store = SupplierView(fingerprint=codec.fingerprint), DictStore()
    at = now() - timedelta(days=1)
    nordic = dict(identifiers=[("SE-ON", "556012-5790")], address="Verkstadsgatan 4", city="Malmö",
                  postal_code="211 19")
    first = supplier_record("adda", "S-1", "Nordic Medtech AB", "SE", occurred_at=at, **nordic)
    batches = [
        [_inb(RECORD, first),
         _inb(RECORD, supplier_record("hus", "H-9", "Nordic Medtech Aktiebolag", "SE", occurred_at=at, **nordic))],
        [_inb(AUDIT, audit_outcome("adda", "A-1", {"record_id": "S-1", "name": "Nordic Medtech AB", "country": "SE"},
                                   occurred_at=at + timedelta(hours=1)))],
        [_inb(RECORD, dict(first, event_id=str(uuid.uuid4()), occurred_at=at + timedelta(hours=2), categories=["33169000"]))],
    ]
    published = []
    for batch in batches:
        codec.reset()
        out = service.handle_batch(batch, store)
        for hub_id, record in out.suppliers:
            framed = codec.encode(record)
            assert framed == serde.encode(t.SUPPLIERS, record)  # validated, field by field
            published.append((hub_id, record["version"]))
    hub_id = published[0][0]
    assert [v for h, v in published if h == hub_id] == sorted({v for h, v in published if h == hub_id})
    assert len({h for h, _ in published}) == 1 and len(published) == 3
    # The same content again: the same fingerprint, so nothing is published.
    codec.reset()
    state = store.get("suppliers", hub_id)
    view = service._render(service._state(hub_id, "SE", store), batches[-1][0], store)
    assert codec.fingerprint(view) == state["fingerprint"]
    changed = dict(view, categories=[*view["categories"], "18100000"])
    assert codec.fingerprint(changed) != state["fingerprint"]


def test_what_the_writer_rejects_falls_back_to_the_cores_fingerprint_and_the_serdes_encoding():
    codec = MergedRecordCodec(_serde(), t.SUPPLIERS)
    broken = {"hub_id": "HUB-1", "canonical_name": 5}
    assert codec.fingerprint(broken) == content_fingerprint(broken)
    assert codec.encode({"hub_id": "HUB-1", "version": 1}) is None  # nothing fingerprinted for it


def test_a_schema_whose_head_is_not_the_envelope_and_version_disables_it():
    codec = MergedRecordCodec(_serde("SupplierRecord"), t.SUPPLIERS)
    view = {"hub_id": "HUB-1", "canonical_name": "Nordic Medtech AB"}
    assert not codec.enabled and codec.fingerprint(view) == content_fingerprint(view)
    assert codec.encode(view) is None
