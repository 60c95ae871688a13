"""The REST API on a real uvicorn server, backed by the real ``_schemas`` log on the embedded broker."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from hub.registry import IncompatibleSchema, InvalidSchema, RegistryUnreachable, SchemaNotFound, SubjectNotFound
from hub.registry.client import RegistryClient
from hub.registry.server import start_registry

pytestmark = pytest.mark.integration

VND = "application/vnd.schemaregistry.v1+json"


def record(*fields: dict) -> str:
    return json.dumps({"type": "record", "name": "Supplier", "namespace": "se.hub", "fields": list(fields)})


ID = {"name": "id", "type": "string"}
V1 = record(ID)
V2 = record(ID, {"name": "country", "type": "string", "default": "SE"})
BREAKING = record(ID, {"name": "vat", "type": "string"})


@pytest.fixture
def topic(unique) -> str:
    return f"_schemas-{unique}"


@pytest.fixture
async def registry(hub_settings, bootstrap, topic):
    handle = await start_registry(hub_settings, bootstrap, topic=topic)
    yield handle
    await handle.stop()


@pytest.fixture
async def http(registry):
    async with httpx.AsyncClient(base_url=registry.url, headers={"Content-Type": VND}) as client:
        yield client


async def test_register_read_back_and_lookup(http):
    r = await http.post("/subjects/sup-value/versions", json={"schema": V1, "schemaType": "AVRO"})
    assert r.status_code == 200 and r.json() == {"id": 1}
    assert r.headers["content-type"] == VND
    r = await http.post("/subjects/other-value/versions", content=json.dumps({"schema": V1}),
                        headers={"Content-Type": "application/json"})
    assert r.json() == {"id": 1}
    assert (await http.post("/subjects/sup-value/versions", json={"schema": V2})).json() == {"id": 2}

    assert (await http.get("/subjects")).json() == ["other-value", "sup-value"]
    assert (await http.get("/subjects/sup-value/versions")).json() == [1, 2]
    latest = (await http.get("/subjects/sup-value/versions/latest")).json()
    assert latest == {"subject": "sup-value", "version": 2, "id": 2, "schema": json.dumps(json.loads(V2), separators=(",", ":"))}
    assert (await http.get("/subjects/sup-value/versions/1")).json()["id"] == 1
    assert json.loads((await http.get("/subjects/sup-value/versions/1/schema")).text) == json.loads(V1)
    assert json.loads((await http.get("/schemas/ids/2")).json()["schema"]) == json.loads(V2)
    assert (await http.get("/schemas/ids/1/versions")).json() == [
        {"subject": "other-value", "version": 1}, {"subject": "sup-value", "version": 1}]
    found = (await http.post("/subjects/sup-value", json={"schema": json.dumps(json.loads(V1), indent=2)})).json()
    assert (found["version"], found["id"]) == (1, 1)


async def test_compatibility_endpoint_and_409_on_incompatible_registration(http):
    await http.post("/subjects/s/versions", json={"schema": V1})
    ok = await http.post("/compatibility/subjects/s/versions/latest", json={"schema": V2})
    assert ok.json() == {"is_compatible": True}
    bad = await http.post("/compatibility/subjects/s/versions/latest?verbose=true", json={"schema": BREAKING})
    assert bad.json()["is_compatible"] is False and "vat" in bad.json()["messages"][0]
    fresh = await http.post("/compatibility/subjects/new/versions/latest", json={"schema": BREAKING})
    assert fresh.json() == {"is_compatible": True}

    r = await http.post("/subjects/s/versions", json={"schema": BREAKING})
    assert r.status_code == 409
    body = r.json()
    assert body["error_code"] == 409 and "incompatible" in body["message"]
    assert (await http.get("/subjects/s/versions")).json() == [1]


@pytest.mark.parametrize("method, path, body, status, code", [
    ("GET", "/subjects/nope/versions", None, 404, 40401),
    ("GET", "/subjects/nope/versions/latest", None, 404, 40401),
    ("GET", "/subjects/s/versions/9", None, 404, 40402),
    ("GET", "/schemas/ids/999", None, 404, 40403),
    ("POST", "/subjects/s", {"schema": V2}, 404, 40403),
    ("POST", "/subjects/s/versions", {"schema": '{"type": "record", "name": "X"}'}, 422, 42201),
    ("POST", "/subjects/s/versions", {"schema": "{not json"}, 422, 42201),
    ("POST", "/subjects/s/versions", {"schema": V1, "schemaType": "PROTOBUF"}, 422, 42201),
    ("GET", "/subjects/s/versions/zero", None, 422, 42202),
    ("PUT", "/config", {"compatibility": "SIDEWAYS"}, 422, 42203),
    ("GET", "/config/s", None, 404, 40408),
    ("GET", "/no/such/route", None, 404, 404),
])
async def test_errors_are_confluent_shaped(http, method, path, body, status, code):
    await http.post("/subjects/s/versions", json={"schema": V1})
    r = await http.request(method, path, json=body)
    assert (r.status_code, r.json()["error_code"]) == (status, code), r.text
    assert set(r.json()) == {"error_code", "message"} and r.json()["message"]
    assert "Traceback" not in r.text


async def test_config_global_and_per_subject(http):
    assert (await http.get("/config")).json() == {"compatibilityLevel": "BACKWARD_TRANSITIVE"}
    assert (await http.put("/config/s", json={"compatibility": "forward"})).json() == {"compatibility": "FORWARD"}
    assert (await http.get("/config/s")).json() == {"compatibilityLevel": "FORWARD"}
    assert (await http.get("/config/t?defaultToGlobal=true")).json() == {"compatibilityLevel": "BACKWARD_TRANSITIVE"}
    assert (await http.put("/config", json={"compatibility": "NONE"})).json() == {"compatibility": "NONE"}
    assert (await http.get("/config")).json() == {"compatibilityLevel": "NONE"}
    assert (await http.delete("/config/s")).json() == {"compatibilityLevel": "FORWARD"}
    assert (await http.get("/config/s?defaultToGlobal=true")).json() == {"compatibilityLevel": "NONE"}


async def test_deletes(http):
    await http.post("/subjects/s/versions", json={"schema": V1})
    await http.post("/subjects/s/versions", json={"schema": V2})
    assert (await http.delete("/subjects/s/versions/2")).json() == 2
    assert (await http.get("/subjects/s/versions")).json() == [1]
    assert (await http.delete("/subjects/s")).json() == [1]
    assert (await http.get("/subjects/s/versions")).json()["error_code"] == 40401
    assert (await http.get("/schemas/ids/2")).status_code == 200  # consumers may still need it
    assert (await http.delete("/subjects/s?permanent=true")).json() == [1, 2]
    assert (await http.get("/schemas/ids/2")).json()["error_code"] == 40403


async def test_a_new_registry_on_the_same_log_serves_the_same_ids(hub_settings, bootstrap, topic):
    first = await start_registry(hub_settings, bootstrap, topic=topic)
    try:
        async with RegistryClient(first.url) as client:
            ids = [await client.register("a-value", V1), await client.register("b-value", V2)]
            await client.set_compatibility_level("NONE", "a-value")
            await client.register("a-value", BREAKING)
    finally:
        await first.stop()
    second = await start_registry(hub_settings, bootstrap, topic=topic)
    try:
        async with RegistryClient(second.url) as client:
            assert [await client.register("a-value", V1), await client.register("b-value", V2)] == ids
            assert json.loads(await client.get_schema(ids[1])) == json.loads(V2)
            assert (await client.latest("a-value"))[:2] == (3, 2)
            assert await client.compatibility_level("a-value") == "NONE"
            assert await client.register("c-value", record({"name": "n", "type": "long"})) == 4
    finally:
        await second.stop()


async def test_two_instances_converge_even_when_registering_at_once(hub_settings, bootstrap, topic):
    a = await start_registry(hub_settings, bootstrap, topic=topic)
    b = await start_registry(hub_settings, bootstrap, topic=topic)
    try:
        async with RegistryClient(a.url) as ca, RegistryClient(b.url) as cb:
            await ca.set_compatibility_level("NONE")
            schemas = [record({"name": f"f{i}", "type": "long"}) for i in range(6)]
            ids = await asyncio.gather(*(
                (ca if i % 2 else cb).register("race", s) for i, s in enumerate(schemas)))
            assert len(set(ids)) == 6
            for _ in range(50):  # the other instance applies within a fetch or two
                if a.backend.store.subjects() == b.backend.store.subjects() == ["race"] and \
                        len(a.backend.store.versions("race")) == len(b.backend.store.versions("race")) == 6:
                    break
                await asyncio.sleep(0.05)
            assert a.backend.store.versions("race") == b.backend.store.versions("race")
            for schema, schema_id in zip(schemas, ids):  # every client was told the id every instance keeps
                assert json.loads(await (ca if schema_id % 2 else cb).get_schema(schema_id)) == json.loads(schema)
                assert json.loads(b.backend.store.schema_by_id(schema_id)) == json.loads(schema)
    finally:
        await a.stop()
        await b.stop()


async def test_client_errors_are_typed(registry):
    async with RegistryClient(registry.url) as client:
        assert await client.register("s", V1) == 1
        assert await client.check_compatibility("s", V2) == []
        assert await client.check_compatibility("brand-new", BREAKING) == []
        problems = await client.check_compatibility("s", BREAKING)
        assert problems and "vat" in problems[0]
        with pytest.raises(IncompatibleSchema) as info:
            await client.register("s", BREAKING)
        assert info.value.error_code == 409 and registry.url in str(info.value)
        with pytest.raises(SubjectNotFound) as info:
            await client.latest("nope")
        assert info.value.error_code == 40401
        with pytest.raises(SchemaNotFound):
            await client.get_schema(404)
        with pytest.raises(InvalidSchema) as info:
            await client.register("s", "{")
        assert info.value.error_code == 42201


async def test_client_says_when_the_registry_is_unreachable():
    from hub.embedded.ports import free_port

    url = f"http://127.0.0.1:{free_port()}"
    async with RegistryClient(url, timeout_s=2) as client:
        with pytest.raises(RegistryUnreachable, match=f"unreachable at {url}"):
            await client.register("s", V1)


async def test_a_bug_is_a_confluent_shaped_500_not_a_traceback(caplog):
    from hub.registry.app import create_registry_app
    from hub.registry.log import MemoryBackend

    backend = MemoryBackend()
    backend.store.subjects = lambda deleted=False: 1 / 0  # a bug, not a user error
    transport = httpx.ASGITransport(app=create_registry_app(backend))
    async with httpx.AsyncClient(transport=transport, base_url="http://registry") as client:
        r = await client.get("/subjects")
        unsupported = await client.post("/subjects/s/versions", content="schema=x",
                                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (r.status_code, r.json()) == (500, {"error_code": 50001, "message": "Error in the backend data store"})
    assert "ZeroDivisionError" in caplog.text  # logged here, for the operator
    assert (unsupported.status_code, unsupported.json()["error_code"]) == (415, 415)
