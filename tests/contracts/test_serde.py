"""HubSerde against an in-memory registry: framing, round trips, evolution, errors."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import io
import json
import uuid

import fastavro
import pytest

from hub.contracts.cloudevents import (
    CloudEventAttributes,
    build_headers,
    format_time,
    headers_for_event,
    parse_headers,
)
from hub.contracts.errors import (
    ContractError,
    DecodeError,
    UnknownSchemaId,
    ValidationError,
    WireFormatError,
)
from hub.contracts.records import content_event_id, new_envelope, to_millis
from hub.contracts.serde import HubSerde, SchemaRegistry, subject_for
from hub.contracts.wire import frame, unframe
from hub.errors import HubError
from hub.kafka import topics as T

TOPICS = {
    T.SUPPLIER_RECORDS: "SupplierRecord",
    T.AUDIT_OUTCOMES: "AuditOutcome",
    T.RISK_ANALYSES: "RiskAnalysis",
    T.SUPPLIERS: "MergedSupplier",
    T.MATCH_DECISIONS: "MatchDecision",
    T.ALERTS: "SupplierAlert",
    "hub.dead-letter-reports.v1": "DeadLetter",
}
BY_SCHEMA = {v: k for k, v in TOPICS.items()}


class FakeRegistry:
    """Just enough of a schema registry: global ids, subjects with versions, idempotent register."""

    def __init__(self):
        self.schemas: dict[int, str] = {}
        self.subjects: dict[str, list[int]] = {}
        self.register_calls: list[str] = []
        self.get_calls: list[int] = []

    async def register(self, subject: str, schema: str) -> int:
        self.register_calls.append(subject)
        await asyncio.sleep(0)
        normal = json.dumps(json.loads(schema), sort_keys=True)
        schema_id = next((i for i, s in self.schemas.items() if json.dumps(json.loads(s), sort_keys=True) == normal),
                         None)
        if schema_id is None:
            schema_id = len(self.schemas) + 1
            self.schemas[schema_id] = schema
        versions = self.subjects.setdefault(subject, [])
        if schema_id not in versions:
            versions.append(schema_id)
        return schema_id

    async def get_schema(self, schema_id: int) -> str:
        self.get_calls.append(schema_id)
        await asyncio.sleep(0.01)  # let concurrent callers pile up
        try:
            return self.schemas[schema_id]
        except KeyError:
            raise LookupError(f"schema {schema_id} not found") from None


@pytest.fixture
def registry() -> FakeRegistry:
    return FakeRegistry()


@pytest.fixture
async def serde(schema_set, registry) -> HubSerde:
    s = HubSerde(schema_set, registry)
    await s.register_topics(TOPICS)
    return s


def older_version(schema_set, name: str, drop: tuple[str, ...] = (), edit=None) -> dict:
    """An earlier version of a schema: the current one without some fields."""
    old = json.loads(schema_set.canonical(name))
    old["fields"] = [f for f in old["fields"] if f["name"] not in drop]
    if edit:
        edit(old)
    return old


def write_with(schema: dict, record: dict) -> bytes:
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, fastavro.parse_schema(copy.deepcopy(schema)), record)
    return buf.getvalue()


# --- registration --------------------------------------------------------------

def test_fake_registry_fits_the_protocol(registry):
    assert isinstance(registry, SchemaRegistry)


async def test_register_topics_uses_topic_name_strategy_and_is_idempotent(schema_set, registry):
    serde = HubSerde(schema_set, registry)
    ids = await serde.register_topics(TOPICS)
    assert set(registry.subjects) == {f"{t}-value" for t in TOPICS}
    assert subject_for(T.AUDIT_OUTCOMES) == "hub.audit-outcomes.v1-value"
    assert ids[T.AUDIT_OUTCOMES] == serde.schema_id(T.AUDIT_OUTCOMES)
    assert len(set(ids.values())) == len(TOPICS)
    assert json.loads(registry.schemas[ids[T.AUDIT_OUTCOMES]]) == json.loads(schema_set.canonical("AuditOutcome"))

    calls = len(registry.register_calls)
    assert await serde.register_topics(TOPICS) == ids  # cached: no new calls
    assert len(registry.register_calls) == calls

    other = HubSerde(schema_set, registry)  # a second process: same ids, no new versions
    assert await other.register_topics(TOPICS) == ids
    assert all(len(v) == 1 for v in registry.subjects.values())
    assert serde.topics == TOPICS


async def test_rebinding_a_topic_to_another_schema_is_refused(serde):
    with pytest.raises(ContractError, match="already bound"):
        await serde.register_topics({T.ALERTS: "AuditOutcome"})


def test_encode_before_registration_is_a_contract_error(schema_set, registry, samples):
    serde = HubSerde(schema_set, registry)
    with pytest.raises(ContractError, match="register_topics"):
        serde.encode(T.ALERTS, samples["SupplierAlert"])


# --- round trips ---------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(BY_SCHEMA))
async def test_round_trip(serde, registry, samples, name):
    topic = BY_SCHEMA[name]
    data = serde.encode(topic, samples[name])
    schema_id, payload = unframe(data)
    assert data[0] == 0 and schema_id == serde.schema_id(topic) and payload
    assert serde.decode(topic, data) == samples[name]
    assert registry.get_calls == []  # the hub's own schemas need no lookups


async def test_decoded_types(serde, samples):
    back = serde.decode(T.AUDIT_OUTCOMES, serde.encode(T.AUDIT_OUTCOMES, samples["AuditOutcome"]))
    assert isinstance(back["event_id"], str)
    assert back["occurred_at"] == dt.datetime(2019, 3, 14, 8, 30, 0, 123000, tzinfo=dt.timezone.utc)
    assert back["audit_date"] == dt.date(2019, 3, 11)


async def test_encode_accepts_epoch_numbers_and_uuid_objects(serde, samples):
    rec = samples["SupplierRecord"]
    expected = dict(rec)
    rec["event_id"] = uuid.UUID(rec["event_id"])
    rec["occurred_at"] = to_millis(rec["occurred_at"])
    assert serde.decode(T.SUPPLIER_RECORDS, serde.encode(T.SUPPLIER_RECORDS, rec)) == expected


async def test_missing_fields_with_defaults_are_filled_in(serde, samples):
    full = samples["SupplierRecord"]
    minimal = {k: full[k] for k in ("event_id", "partner", "occurred_at", "record_id", "name", "country")}
    back = serde.decode(T.SUPPLIER_RECORDS, serde.encode(T.SUPPLIER_RECORDS, minimal))
    assert back["active"] is True and back["sites"] == [] and back["city"] is None


# --- schema evolution ----------------------------------------------------------------

async def test_older_writer_decodes_into_current_reader(serde, registry, schema_set, samples):
    # Version 1 of SupplierRecord had no trading names, sites or active flag.
    v1 = older_version(schema_set, "SupplierRecord", drop=("trading_names", "sites", "active"))
    v1_id = await registry.register(subject_for(T.SUPPLIER_RECORDS), json.dumps(v1))
    assert v1_id != serde.schema_id(T.SUPPLIER_RECORDS)
    rec = samples["SupplierRecord"]
    old = {k: v for k, v in rec.items() if k not in ("trading_names", "sites", "active")}
    data = frame(v1_id, write_with(v1, old))

    with pytest.raises(UnknownSchemaId) as info:
        serde.decode(T.SUPPLIER_RECORDS, data)
    assert info.value.schema_id == v1_id

    back = await serde.decode_async(T.SUPPLIER_RECORDS, data)
    assert back == {**old, "trading_names": [], "sites": [], "active": True}
    assert serde.decode(T.SUPPLIER_RECORDS, data) == back  # now cached: synchronous
    assert registry.get_calls == [v1_id]


async def test_concurrent_decodes_fetch_an_unknown_schema_once(serde, registry, schema_set, samples):
    v1 = older_version(schema_set, "RiskAnalysis", drop=("product",))
    v1_id = await registry.register(subject_for(T.RISK_ANALYSES), json.dumps(v1))
    rec = samples["RiskAnalysis"]
    del rec["product"]
    data = frame(v1_id, write_with(v1, rec))
    results = await asyncio.gather(*(serde.decode_async(T.RISK_ANALYSES, data) for _ in range(10)))
    assert all(r == {**rec, "product": None} for r in results)
    assert registry.get_calls == [v1_id]


async def test_newer_enum_symbol_reads_as_the_default(serde, registry, schema_set, samples):
    def add_symbol(schema):
        findings = next(f for f in schema["fields"] if f["name"] == "findings")
        severity = next(f for f in findings["type"]["items"]["fields"] if f["name"] == "severity")["type"]
        severity["symbols"].insert(4, "catastrophic")  # a newer writer's extra step

    newer = older_version(schema_set, "AuditOutcome", edit=add_symbol)
    newer_id = await registry.register(subject_for(T.AUDIT_OUTCOMES), json.dumps(newer))
    audit = samples["AuditOutcome"]
    audit["findings"][1]["severity"] = "catastrophic"
    back = await serde.decode_async(T.AUDIT_OUTCOMES, frame(newer_id, write_with(newer, audit)))
    assert back["findings"][1]["severity"] == "unknown"
    assert back["findings"][0]["severity"] == "zero_tolerance"


async def test_writer_schema_equal_in_bytes_skips_resolution(serde, registry, schema_set, samples):
    # Same fields, only a doc changed: decodes exactly like the hub's own version.
    v = older_version(schema_set, "SupplierAlert", edit=lambda s: s.update(doc="older wording"))
    v_id = await registry.register(subject_for(T.ALERTS), json.dumps(v))
    alert = samples["SupplierAlert"]
    assert await serde.decode_async(T.ALERTS, frame(v_id, write_with(v, alert))) == alert


async def test_incompatible_writer_is_a_decode_error(serde, registry, schema_set, samples):
    # A writer without 'reason', which the reader has no default for.
    bad = older_version(schema_set, "SupplierAlert", drop=("reason",))
    bad_id = await registry.register("someone-else-value", json.dumps(bad))
    alert = samples["SupplierAlert"]
    del alert["reason"]
    with pytest.raises(DecodeError, match="not compatible"):
        await serde.decode_async(T.ALERTS, frame(bad_id, write_with(bad, alert)))


async def test_unknown_schema_id_in_registry_propagates(serde):
    with pytest.raises(LookupError):
        await serde.decode_async(T.ALERTS, frame(4242, b"\x00"))


# --- validation errors -------------------------------------------------------

async def test_validation_error_carries_path_not_value(serde, samples, confidential_text):
    audit = samples["AuditOutcome"]
    audit["findings"][2]["severity"] = confidential_text  # not a symbol, and confidential
    with pytest.raises(ValidationError) as info:
        serde.encode(T.AUDIT_OUTCOMES, audit)
    err = info.value
    assert err.path == "findings[2].severity"
    assert "enum Severity" in err.reason and "zero_tolerance" in err.reason
    for text in (str(err), repr(err), err.reason, repr(err.problems), repr(err.args)):
        assert confidential_text not in text
        assert "40,000" not in text
    assert err.__cause__ is None and (err.__context__ is None or err.__suppress_context__)
    assert isinstance(err, ContractError) and isinstance(err, HubError)


async def test_wrong_type_for_a_confidential_field_names_only_the_path(serde, samples, confidential_text):
    audit = samples["AuditOutcome"]
    audit["findings"][0]["description"] = [confidential_text]
    audit["findings"][0]["corrective_actions"][1]["due_date"] = "2019-06-30"
    with pytest.raises(ValidationError) as info:
        serde.encode(T.AUDIT_OUTCOMES, audit)
    paths = [p.path for p in info.value.problems]
    assert paths == ["findings[0].description", "findings[0].corrective_actions[1].due_date"]
    assert "got list" in str(info.value) and "int (date)" in str(info.value)
    assert confidential_text not in str(info.value) and "2019-06-30" not in str(info.value)


async def test_missing_required_field(serde, samples):
    rec = samples["SupplierRecord"]
    del rec["name"]
    with pytest.raises(ValidationError, match="name: expected string, the field is missing") as info:
        serde.encode(T.SUPPLIER_RECORDS, rec)
    assert info.value.path == "name"


async def test_null_in_a_non_nullable_nested_field(serde, samples):
    rec = samples["SupplierRecord"]
    rec["sites"][0]["name"] = None
    with pytest.raises(ValidationError) as info:
        serde.encode(T.SUPPLIER_RECORDS, rec)
    assert info.value.path == "sites[0].name" and "got null" in info.value.reason


async def test_nullable_record_with_a_bad_inner_field(serde, samples):
    audit = samples["AuditOutcome"]
    audit["site"]["country"] = 46
    with pytest.raises(ValidationError) as info:
        serde.encode(T.AUDIT_OUTCOMES, audit)
    assert info.value.path == "site.country"


async def test_string_where_an_array_belongs(serde, samples):
    rec = samples["SupplierRecord"]
    rec["categories"] = "33141420"  # fastavro would write 8 one-digit categories
    with pytest.raises(ValidationError) as info:
        serde.encode(T.SUPPLIER_RECORDS, rec)
    assert info.value.path == "categories" and "33141420" not in str(info.value)


async def test_event_id_must_be_a_uuid(serde, samples):
    rec = samples["SupplierRecord"]
    rec["event_id"] = "LEV-10442"
    with pytest.raises(ValidationError, match="event_id: expected string \\(uuid\\), got a string that is not a UUID"):
        serde.encode(T.SUPPLIER_RECORDS, rec)


async def test_not_a_mapping(serde):
    with pytest.raises(ValidationError, match="expected record SupplierRecord, got list"):
        serde.encode(T.SUPPLIER_RECORDS, ["x"])


async def test_validate_without_topic(serde, samples):
    serde.validate("MatchDecision", samples["MatchDecision"])
    bad = samples["MatchDecision"]
    bad["score"] = "high"
    with pytest.raises(ValidationError, match="score"):
        serde.validate("MatchDecision", bad)


async def test_int_out_of_range(serde, samples):
    dead = samples["DeadLetter"]
    dead["partition"] = 2**31
    with pytest.raises(ValidationError, match="partition: expected int, got a number outside the int range"):
        serde.encode("hub.dead-letter-reports.v1", dead)


# --- bad bytes -----------------------------------------------------------------

@pytest.mark.parametrize("data, error, message", [
    (b"", WireFormatError, "shorter than the 5-byte"),
    (b"\x00\x00\x00", WireFormatError, "shorter than the 5-byte"),
    (b'{"name": "x"}', WireFormatError, "not the Confluent magic byte"),
    (None, WireFormatError, "null"),
])
async def test_unframed_bytes(serde, data, error, message):
    with pytest.raises(error, match=message):
        serde.decode(T.SUPPLIER_RECORDS, data)


async def test_truncated_payload(serde, samples):
    data = serde.encode(T.AUDIT_OUTCOMES, samples["AuditOutcome"])
    with pytest.raises(DecodeError, match="truncated") as info:
        serde.decode(T.AUDIT_OUTCOMES, data[:-40])
    assert info.value.__cause__ is None


async def test_trailing_bytes(serde, samples):
    data = serde.encode(T.SUPPLIER_RECORDS, samples["SupplierRecord"])
    with pytest.raises(DecodeError, match="after the record"):
        serde.decode(T.SUPPLIER_RECORDS, data + b"\x00\x00")


async def test_value_written_for_another_topic(serde, samples, confidential_text):
    # An AuditOutcome framed with the SupplierRecord schema id: garbage to that reader.
    audit_bytes = serde.encode(T.AUDIT_OUTCOMES, samples["AuditOutcome"])
    data = frame(serde.schema_id(T.SUPPLIER_RECORDS), unframe(audit_bytes)[1])
    with pytest.raises(ContractError) as info:
        serde.decode(T.SUPPLIER_RECORDS, data)
    assert confidential_text not in str(info.value)


@pytest.mark.parametrize("payload", [b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", b"\x02\xff", b"\x7f" * 3])
async def test_garbage_payload_is_a_contract_error(serde, payload):
    with pytest.raises(ContractError):
        serde.decode(T.SUPPLIER_RECORDS, frame(serde.schema_id(T.SUPPLIER_RECORDS), payload))


async def test_decode_for_an_unbound_topic(serde, samples):
    data = serde.encode(T.ALERTS, samples["SupplierAlert"])
    with pytest.raises(ContractError, match="no schema bound"):
        serde.decode("some.other.topic", data)


# --- wire format -------------------------------------------------------------------

def test_frame_unframe():
    data = frame(258, b"avro")
    assert data == b"\x00\x00\x00\x01\x02avro"
    assert unframe(data) == (258, b"avro")
    assert unframe(bytearray(frame(7, b""))) == (7, b"")
    with pytest.raises(WireFormatError):
        frame(-1, b"")
    with pytest.raises(WireFormatError):
        frame(2**32, b"")


# --- CloudEvents headers -----------------------------------------------------------

def test_cloudevents_headers_round_trip(samples):
    rec = samples["AuditOutcome"]
    headers = headers_for_event("AuditOutcome", rec, subject=rec["audit_id"])
    as_dict = dict(headers)
    assert all(isinstance(v, bytes) for _, v in headers)
    assert as_dict["ce_specversion"] == b"1.0"
    assert as_dict["ce_id"] == rec["event_id"].encode()
    assert as_dict["ce_source"] == b"/partners/region-ostergotland"
    assert as_dict["ce_type"] == b"se.regionerna.hub.v1.AuditOutcome"
    assert as_dict["ce_time"] == b"2019-03-14T08:30:00.123Z"
    assert as_dict["content-type"] == b"application/avro"
    attrs = parse_headers(headers)
    assert attrs.id == rec["event_id"] and attrs.partner == "region-ostergotland"
    assert attrs.schema_name == "AuditOutcome" and attrs.subject == "AUD-2019-MY-03"
    assert attrs.time == rec["occurred_at"]
    assert attrs.datacontenttype == "application/avro"


def test_hub_events_have_source_hub(samples):
    attrs = parse_headers(headers_for_event("SupplierAlert", samples["SupplierAlert"]))
    assert attrs.source == "/hub" and attrs.partner == "hub"


def test_parse_headers_tolerates_other_headers_and_keeps_extensions():
    headers = build_headers(CloudEventAttributes(id="1", source="/partners/hus", type="x", time=0,
                                                 extensions={"partitionkey": "FI"}))
    headers += [("traceparent", b"00-abc-def-01"), ("__connect.errors.topic", b"t"), ("empty", None)]
    attrs = parse_headers(headers)
    assert attrs.extensions == {"partitionkey": "FI"}
    assert attrs.time == dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("headers, message", [
    ([], "missing header"),
    ([("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"/hub")], "ce_type"),
    ([("ce_specversion", b"0.3"), ("ce_id", b"1"), ("ce_source", b"/hub"), ("ce_type", b"t")], "specversion"),
    ([("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"/hub"), ("ce_type", b"t"),
      ("ce_time", b"5 mars 2024")], "RFC 3339"),
])
def test_parse_headers_rejects_non_events(headers, message):
    with pytest.raises(ContractError, match=message):
        parse_headers(headers)


def test_format_time_handles_offsets_and_naive():
    cet = dt.timezone(dt.timedelta(hours=1))
    assert format_time(dt.datetime(2024, 3, 5, 10, 0, tzinfo=cet)) == "2024-03-05T09:00:00.000Z"
    assert format_time(dt.datetime(2024, 3, 5, 9, 0)) == "2024-03-05T09:00:00.000Z"


# --- envelopes ----------------------------------------------------------------------

async def test_new_envelope_encodes(serde, samples):
    rec = {**samples["SupplierRecord"], **new_envelope("adda")}
    back = serde.decode(T.SUPPLIER_RECORDS, serde.encode(T.SUPPLIER_RECORDS, rec))
    assert back["partner"] == "adda" and back["occurred_at"] == rec["occurred_at"]
    assert uuid.UUID(back["event_id"]).version == 4


def test_content_event_id_is_deterministic():
    a = content_event_id("alert:hub-7f3a:9f1f7a7e:critical_finding")
    assert a == content_event_id("alert:hub-7f3a:9f1f7a7e:critical_finding")
    assert a != content_event_id("alert:hub-7f3a:9f1f7a7e:cap_overdue")
    assert uuid.UUID(a).version == 5
