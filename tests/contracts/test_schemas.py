"""The Avro contracts themselves: they parse, are documented, evolvable, and fit real data."""

from __future__ import annotations

import io
import json
from pathlib import Path

import avro.schema
import fastavro
import pytest

from hub.contracts.errors import ContractError, ValidationError
from hub.contracts.schemas import NAMESPACE, SchemaSet, parse_schema_text
from hub.contracts.validation import find_problems
from hub.settings import DEFAULT_SCHEMA_DIR

EXPECTED = {
    "SupplierRecord", "AuditOutcome", "RiskAnalysis", "MergedSupplier",
    "SupplierAlert", "MatchDecision", "DeadLetter", "WebhookSubscription", "WebhookDelivery",
}

ENUMS = {
    "Area": ["human_rights", "labour_rights", "environment", "anti_corruption"],
    "Severity": ["minor", "major", "critical", "zero_tolerance"],
    "AuditType": ["office", "site", "desk"],
    "FindingStatus": ["open", "closed"],
    "Confidentiality": ["shared", "participants"],
    "SanctionStep": ["dialogue", "written_demand", "formal_warning", "contractual_penalty",
                     "suspension", "termination", "exclusion"],
    "RiskLevel": ["low", "medium", "high", "very_high"],
    "CorrectiveActionStatus": ["open", "done"],
    "AlertKind": ["critical_finding", "sanction_escalated", "cap_overdue", "risk_raised", "merge_joins_critical"],
    "MatchStatus": ["pending", "confirmed", "rejected", "auto_merged", "split"],
    "SubscriptionState": ["active", "disabled", "deleted"],
    "DeliveryOutcome": ["delivered", "retrying", "failed", "gone", "cancelled"],
}
#: Enums where a real symbol is the safe reading of an unknown newer one.
SAFE_DEFAULTS = {"Confidentiality": "participants", "FindingStatus": "open", "CorrectiveActionStatus": "open"}

FILES = sorted(DEFAULT_SCHEMA_DIR.glob("*.avsc"))


def raw(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def walk_named(node, found: list[dict]) -> None:
    """Every inline named type (record, enum, fixed) in a schema's JSON."""
    if isinstance(node, dict):
        if node.get("type") in ("record", "enum", "fixed"):
            found.append(node)
        for key in ("type", "items", "values", "fields"):
            if key in node:
                walk_named(node[key], found)
    elif isinstance(node, list):
        for n in node:
            walk_named(n, found)


def named_types(path: Path) -> list[dict]:
    found: list[dict] = []
    walk_named(raw(path), found)
    return found


def test_every_expected_schema_file_exists():
    assert {p.stem for p in FILES} == EXPECTED


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_schema_parses_alone_in_both_libraries(path):
    text = path.read_text(encoding="utf-8")
    # Self-contained: parsed with no other named types known, as a registry would without references.
    parsed = fastavro.parse_schema(json.loads(text), named_schemas={})
    assert parsed["name"] == f"{NAMESPACE}.{path.stem}"
    assert avro.schema.parse(text).fullname == f"{NAMESPACE}.{path.stem}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_record_field_and_enum_has_a_doc(path):
    missing = []
    for named in named_types(path):
        if not str(named.get("doc", "")).strip():
            missing.append(named["name"])
        for field in named.get("fields", []):
            if not str(field.get("doc", "")).strip():
                missing.append(f"{named['name']}.{field['name']}")
    assert not missing, f"{path.name}: no doc on {missing}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_envelope_comes_first(path):
    fields = raw(path)["fields"]
    assert [f["name"] for f in fields[:3]] == ["event_id", "partner", "occurred_at"]
    assert fields[0]["type"] == {"type": "string", "logicalType": "uuid"}
    assert fields[1]["type"] == "string"
    assert fields[2]["type"] == {"type": "long", "logicalType": "timestamp-millis"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_namespace(path):
    assert raw(path)["namespace"] == NAMESPACE
    for named in named_types(path):
        assert named.get("namespace", NAMESPACE) == NAMESPACE


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_enum_has_a_default_and_unknown_is_last(path):
    for enum in (n for n in named_types(path) if n["type"] == "enum"):
        name, symbols = enum["name"], enum["symbols"]
        assert "default" in enum and enum["default"] in symbols, name
        if name in SAFE_DEFAULTS:
            assert symbols == ENUMS[name], name
            assert enum["default"] == SAFE_DEFAULTS[name]
        else:
            assert symbols == ENUMS[name] + ["unknown"], name
            assert enum["default"] == "unknown"


def test_sanction_ladder_is_ordered_from_mildest_to_strongest(schema_set):
    ladder = next(n for n in named_types(DEFAULT_SCHEMA_DIR / "AuditOutcome.avsc") if n["name"] == "SanctionStep")
    assert ladder["symbols"][:7] == ["dialogue", "written_demand", "formal_warning", "contractual_penalty",
                                     "suspension", "termination", "exclusion"]


def test_shared_types_are_identical_in_every_file():
    definitions: dict[str, tuple[str, dict]] = {}
    shared = set()
    for path in FILES:
        for named in named_types(path):
            first = definitions.setdefault(named["name"], (path.name, named))
            if first[1] is not named:
                shared.add(named["name"])
                assert named == first[1], f"{named['name']} differs between {first[0]} and {path.name}"
    # The point of the test: these really are repeated across files.
    assert {"Identifier", "Site", "Area", "Severity", "AuditType", "Confidentiality", "SanctionStep"} <= shared


def test_each_named_type_is_defined_once_per_file():
    for path in FILES:
        names = [n["name"] for n in named_types(path)]
        assert len(names) == len(set(names)), path.name


def field_names_anywhere(path: Path) -> set[str]:
    return {f["name"] for n in named_types(path) for f in n.get("fields", [])}


@pytest.mark.parametrize("name", ["MergedSupplier", "SupplierAlert"])
def test_shared_views_carry_no_finding_descriptions(name):
    assert "description" not in field_names_anywhere(DEFAULT_SCHEMA_DIR / f"{name}.avsc")


def test_supplier_alert_areas_are_appended_with_an_empty_default():
    """Added after the first version: last, and with a default so older alerts still read (as [])."""
    fields = raw(DEFAULT_SCHEMA_DIR / "SupplierAlert.avsc")["fields"]
    assert [f["name"] for f in fields] == [
        "event_id", "partner", "occurred_at", "alert_id", "hub_id", "kind", "severity", "reason", "supplier_name",
        "country", "trigger_event_id", "trigger_topic", "partners", "raised_at", "areas"]
    areas = fields[-1]
    assert areas["default"] == [] and areas["type"]["type"] == "array" and areas["type"]["items"]["name"] == "Area"


def test_optional_fields_default_to_null():
    for path in FILES:
        for named in named_types(path):
            for field in named.get("fields", []):
                t = field["type"]
                if isinstance(t, list):
                    assert t[0] == "null" and field.get("default", "missing") is None, \
                        f"{path.stem}.{named['name']}.{field['name']}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_round_trips_through_fastavro(name, schema_set, samples):
    schema = schema_set.get(name)
    record = samples[name]
    assert find_problems(schema.parsed, record) == []
    assert fastavro.validation.validate(record, schema.parsed)
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, schema.parsed, record)
    buf.seek(0)
    assert fastavro.schemaless_reader(buf, schema.decode_view) == record


def test_glove_factory_audit_keeps_its_zero_tolerance_finding(schema_set, samples):
    schema = schema_set.get("AuditOutcome")
    audit = samples["AuditOutcome"]
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, schema.parsed, audit)
    buf.seek(0)
    back = fastavro.schemaless_reader(buf, schema.decode_view)
    assert back["participating_partners"] == ["region-ostergotland", "region-kalmar", "region-jonkoping"]
    assert back["confidentiality"] == "participants"
    bondage = back["findings"][0]
    assert (bondage["area"], bondage["severity"], bondage["status"]) == ("labour_rights", "zero_tolerance", "open")
    assert back["findings"][0]["corrective_actions"][1]["closed_on"].isoformat() == "2019-06-12"
    assert isinstance(back["event_id"], str)


def test_confidentiality_defaults_to_participants_when_left_out(schema_set, samples):
    schema = schema_set.get("AuditOutcome")
    audit = samples["AuditOutcome"]
    del audit["confidentiality"]
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, schema.parsed, audit)
    buf.seek(0)
    assert fastavro.schemaless_reader(buf, schema.decode_view)["confidentiality"] == "participants"


def test_minimal_supplier_record_gets_defaults(schema_set, samples):
    schema = schema_set.get("SupplierRecord")
    full = samples["SupplierRecord"]
    minimal = {k: full[k] for k in ("event_id", "partner", "occurred_at", "record_id", "name", "country")}
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, schema.parsed, minimal)
    buf.seek(0)
    back = fastavro.schemaless_reader(buf, schema.decode_view)
    assert back["active"] is True
    assert back["identifiers"] == back["sites"] == back["categories"] == back["trading_names"] == []
    assert back["address"] is None


# --- SchemaSet ---------------------------------------------------------------

def test_schema_set_lookup(schema_set):
    assert schema_set.names() == sorted(EXPECTED)
    assert schema_set.get("AuditOutcome") is schema_set.get(f"{NAMESPACE}.AuditOutcome")
    assert "AuditOutcome" in schema_set and "Nope" not in schema_set
    assert len(schema_set) == len(EXPECTED)
    with pytest.raises(ContractError, match="no schema named 'Nope'"):
        schema_set.get("Nope")


def test_canonical_is_the_full_schema_as_compact_json(schema_set):
    for name in schema_set.names():
        text = schema_set.canonical(name)
        assert json.loads(text) == raw(DEFAULT_SCHEMA_DIR / f"{name}.avsc")  # docs and defaults kept
        assert "\n" not in text
        assert schema_set.canonical(name) == text  # stable, so registration is idempotent


def test_default_dir_is_the_settings_one(schema_set):
    assert schema_set.schema_dir == DEFAULT_SCHEMA_DIR


def test_unparsable_schema_names_the_file_and_reason(tmp_path):
    (tmp_path / "Good.avsc").write_text(json.dumps(
        {"type": "record", "name": "Good", "doc": "d", "fields": [{"name": "a", "type": "string", "doc": "d"}]}))
    (tmp_path / "Broken.avsc").write_text(json.dumps(
        {"type": "record", "name": "Broken", "fields": [{"name": "a", "type": "NoSuchType"}]}))
    with pytest.raises(ContractError, match=r"Broken\.avsc does not parse.*NoSuchType"):
        SchemaSet.load(tmp_path)


def test_invalid_json_names_the_file(tmp_path):
    (tmp_path / "Bad.avsc").write_text("{ not json")
    with pytest.raises(ContractError, match=r"Bad\.avsc is not valid JSON"):
        SchemaSet.load(tmp_path)


def test_file_must_be_named_after_its_record(tmp_path):
    (tmp_path / "Other.avsc").write_text(json.dumps(
        {"type": "record", "name": "Good", "fields": [{"name": "a", "type": "string"}]}))
    with pytest.raises(ContractError, match="must be named Good.avsc"):
        SchemaSet.load(tmp_path)


def test_missing_or_empty_dir(tmp_path):
    with pytest.raises(ContractError, match="does not exist"):
        SchemaSet.load(tmp_path / "nope")
    with pytest.raises(ContractError, match="no .avsc files"):
        SchemaSet.load(tmp_path)


def test_parse_schema_text_rejects_non_records():
    with pytest.raises(ContractError, match="must be an Avro record"):
        parse_schema_text('"string"', "inline")


def test_validation_error_is_a_contract_error():
    assert issubclass(ValidationError, ContractError)
