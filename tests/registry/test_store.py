"""The registry's rules, on the pure store and the in-memory backend (no broker)."""

from __future__ import annotations

import json

import pytest

from hub.registry import (
    IncompatibleSchema, InvalidCompatibilityLevel, InvalidSchema, InvalidVersion, SchemaNotFound,
    SubjectConfigNotFound, SubjectNotFound, SubjectNotSoftDeleted, VersionNotFound,
)
from hub.registry.log import MemoryBackend, decode, encode
from hub.registry.store import ConfigRecord, SchemaRecord, SchemaStore


def record(*fields: dict, name: str = "Supplier", doc: str | None = None) -> str:
    schema = {"type": "record", "name": name, "namespace": "se.hub", "fields": list(fields)}
    if doc is not None:
        schema["doc"] = doc
    return json.dumps(schema)


ID = {"name": "id", "type": "string"}
COUNTRY = {"name": "country", "type": "string"}
COUNTRY_DEFAULT = {"name": "country", "type": "string", "default": "SE"}
SCORE_DEFAULT = {"name": "score", "type": "int", "default": 0}

V1 = record(ID)


@pytest.fixture
def backend() -> MemoryBackend:
    return MemoryBackend()


async def test_registering_the_same_schema_twice_returns_the_same_id_and_version(backend):
    first = await backend.register("s-value", V1)
    again = await backend.register("s-value", json.dumps(json.loads(V1), indent=4))  # whitespace only
    assert (again.id, again.version) == (first.id, first.version) == (1, 1)
    assert [v.version for v in backend.store.versions("s-value")] == [1]


async def test_key_order_and_type_shorthand_are_the_same_schema(backend):
    first = await backend.register("s", V1)
    shuffled = '{"fields":[{"type":{"type":"string"},"name":"id"}],"namespace":"se.hub","name":"Supplier","type":"record"}'
    assert (await backend.register("s", shuffled)).id == first.id


async def test_a_documentation_change_is_a_new_version_as_in_confluent(backend):
    await backend.register("s", V1)
    documented = await backend.register("s", record(ID, doc="A supplier as a partner sees it"))
    assert (documented.id, documented.version) == (2, 2)


async def test_ids_are_global_and_shared_across_subjects(backend):
    a = await backend.register("a-value", V1)
    b = await backend.register("b-value", V1)
    other = await backend.register("b-value", record(ID, SCORE_DEFAULT))
    assert a.id == b.id == 1 and b.version == 1
    assert other.id == 2 and other.version == 2
    assert backend.store.versions_of_id(1) == [("a-value", 1), ("b-value", 1)]
    assert backend.store.schema_by_id(2) == other.schema


async def test_backward_accepts_a_field_with_default_and_rejects_one_without(backend):
    await backend.set_level("s", "BACKWARD")
    await backend.register("s", V1)
    assert (await backend.register("s", record(ID, COUNTRY_DEFAULT))).version == 2
    with pytest.raises(IncompatibleSchema) as info:
        await backend.register("s", record(ID, COUNTRY_DEFAULT, {"name": "vat", "type": "string"}))
    assert info.value.error_code == 409
    assert "reader_field_missing_default_value" in info.value.messages[0].lower()
    assert "vat" in info.value.messages[0]


async def test_backward_transitive_rejects_what_only_the_latest_version_allows(backend):
    """v1 lacks ``country``; v2 adds it with a default; v3 drops the default.

    v3 reads v2 data (country is there) but not v1 data (no country, no
    default): BACKWARD accepts v3, BACKWARD_TRANSITIVE (the default) does not.
    """
    v3 = record(ID, COUNTRY)
    for subject in ("transitive", "latest-only"):
        await backend.register(subject, V1)
        await backend.register(subject, record(ID, COUNTRY_DEFAULT))
    assert backend.store.level("transitive") == "BACKWARD_TRANSITIVE"
    with pytest.raises(IncompatibleSchema) as info:
        await backend.register("transitive", v3)
    assert "version 1" in info.value.messages[0]
    await backend.set_level("latest-only", "backward")
    assert (await backend.register("latest-only", v3)).version == 3


async def test_forward_and_full(backend):
    await backend.set_level("fwd", "FORWARD")
    await backend.set_level("full", "FULL")
    for subject in ("fwd", "full"):
        await backend.register(subject, record(ID, COUNTRY))
    # Dropping a field without default: old readers (which need it) cannot read new data.
    with pytest.raises(IncompatibleSchema):
        await backend.register("fwd", V1)
    # Adding a field without default: old readers ignore it (forward ok), new cannot read old (not full).
    assert (await backend.register("fwd", record(ID, COUNTRY, {"name": "vat", "type": "string"}))).version == 2
    with pytest.raises(IncompatibleSchema):
        await backend.register("full", record(ID, COUNTRY, {"name": "vat", "type": "string"}))
    assert (await backend.register("full", record(ID, COUNTRY, SCORE_DEFAULT))).version == 2


async def test_none_accepts_anything_valid(backend):
    await backend.set_level(None, "NONE")
    await backend.register("s", V1)
    assert (await backend.register("s", record({"name": "n", "type": "long"}))).version == 2


@pytest.mark.parametrize("text", ["not json", '{"type":"recrd","name":"X","fields":[]}', '"nosuchtype"',
                                  record({"name": "n", "type": "int", "default": "zero"})])
async def test_unparsable_schema_is_42201_with_the_reason(backend, text):
    with pytest.raises(InvalidSchema) as info:
        await backend.register("s", text)
    assert info.value.error_code == 42201
    assert info.value.message.startswith("Invalid schema")
    assert len(info.value.message) > len("Invalid schema: ")


def test_level_and_version_validation():
    store = SchemaStore()
    with pytest.raises(InvalidCompatibilityLevel):
        store.plan_config(None, "SIDEWAYS")
    with pytest.raises(InvalidVersion):
        store.get_version("s", "0")
    with pytest.raises(SubjectNotFound):
        store.get_version("s", "latest")
    with pytest.raises(SubjectConfigNotFound):
        store.subject_level("s")
    with pytest.raises(SchemaNotFound):
        store.schema_by_id(7)


async def test_lookup_and_missing_versions(backend):
    await backend.register("s", V1)
    assert backend.store.lookup("s", V1).version == 1
    with pytest.raises(SchemaNotFound):
        backend.store.lookup("s", record(ID, COUNTRY_DEFAULT))
    with pytest.raises(VersionNotFound):
        backend.store.get_version("s", 9)


async def test_soft_then_permanent_delete(backend):
    await backend.register("s", V1)
    await backend.register("s", record(ID, COUNTRY_DEFAULT))
    with pytest.raises(SubjectNotSoftDeleted):
        await backend.delete_subject("s", permanent=True)
    assert await backend.delete_version("s", 2) == 2
    assert backend.store.get_version("s", "latest").version == 1
    assert backend.store.schema_by_id(2)  # soft-deleted schemas stay readable by id for consumers
    assert await backend.delete_subject("s") == [1]
    assert backend.store.subjects() == [] and backend.store.subjects(deleted=True) == ["s"]
    # Re-registering after a soft delete continues the numbering, and keeps the id.
    again = await backend.register("s", V1)
    assert (again.version, again.id) == (3, 1)
    await backend.delete_subject("s")
    assert await backend.delete_subject("s", permanent=True) == [1, 2, 3]
    with pytest.raises(SchemaNotFound):
        backend.store.schema_by_id(1)


def test_first_record_in_log_order_wins_a_conflict():
    """Two instances raced: both planned id 1 / version 1. Everyone keeps the first."""
    store = SchemaStore()
    assert store.apply(SchemaRecord("s", 1, 1, V1))
    assert not store.apply(SchemaRecord("s", 1, 1, record(ID, COUNTRY_DEFAULT)))  # id 1 taken
    assert not store.apply(SchemaRecord("s", 1, 2, record(ID, COUNTRY_DEFAULT)))  # s v1 taken
    assert store.apply(SchemaRecord("s", 1, 1, V1, deleted=True))                 # same binding: an update
    assert store.get_version("s", 1, deleted=True).deleted


def test_confluent_log_format_round_trips():
    rec = SchemaRecord("s-value", 3, 7, V1)
    key, value = encode(rec)
    assert json.loads(key) == {"keytype": "SCHEMA", "subject": "s-value", "version": 3, "magic": 1}
    assert json.loads(value) == {"subject": "s-value", "version": 3, "id": 7, "schema": V1, "deleted": False}
    assert decode(key, value) == rec
    key, value = encode(ConfigRecord(None, "FULL"))
    assert json.loads(key) == {"keytype": "CONFIG", "subject": None, "magic": 0}
    assert json.loads(value) == {"compatibilityLevel": "FULL"}
    assert decode(b'{"keytype":"NOOP","magic":0}', None) is None
    assert decode(b"garbage", b"{") is None
