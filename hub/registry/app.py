"""Confluent's Schema Registry REST API (the Avro subset) over a ``RegistryBackend``.

Why imitate Confluent to the byte: every Kafka client library already ships a
client for this API (confluent-kafka, Karapace's, Apicurio's ccompat), so the
hub's partners can use their stock serializers against the embedded registry
and the hub's own client can point at any of those registries unchanged.

Responses are ``application/vnd.schemaregistry.v1+json``; request bodies are
accepted as that type, ``application/json``, octet-stream or untyped. Every
error is ``{"error_code": n, "message": "..."}`` with Confluent's codes (see
``hub.registry``), including 404s for unknown routes and 500s for surprises,
which are logged here and never sent as a traceback.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.registry import InvalidSchema, RegistryError, SchemaNotFound
from hub.registry.log import RegistryBackend

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/vnd.schemaregistry.v1+json"
_ACCEPTED_BODIES = ("application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json",
                    "application/json", "application/octet-stream")


class RegistryJSON(JSONResponse):
    media_type = MEDIA_TYPE


def _error(status: int, code: int, message: str) -> RegistryJSON:
    return RegistryJSON({"error_code": code, "message": message}, status_code=status)


def _flag(value: str | None) -> bool:
    return (value or "").lower() == "true"


async def _body(request: Request) -> dict:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and ctype not in _ACCEPTED_BODIES:
        raise RegistryError(f"HTTP 415 Unsupported Media Type: {ctype}", 415)
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError as exc:
        raise RegistryError(f"Unparsable request body: {exc}", 400) from None
    if not isinstance(body, dict):
        raise RegistryError("The request body must be a JSON object", 400)
    return body


async def _schema_from(request: Request) -> str:
    body = await _body(request)
    schema = body.get("schema")
    if not isinstance(schema, str):
        raise InvalidSchema("Invalid schema: the request body needs a string field 'schema'")
    schema_type = body.get("schemaType") or "AVRO"
    if str(schema_type).upper() != "AVRO":
        raise InvalidSchema(f"Invalid schema: schema type {schema_type} is not supported; this registry serves AVRO")
    if body.get("references"):
        raise InvalidSchema("Invalid schema: schema references are not supported by this registry")
    return schema


def _schema_id(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise SchemaNotFound(f"Schema {raw} not found") from None


def create_registry_app(store_backend: RegistryBackend) -> FastAPI:
    """The REST app; all state and writes go through ``store_backend`` (memory or log)."""
    backend = store_backend
    store = backend.store
    app = FastAPI(title="hub schema registry", docs_url=None, redoc_url=None, openapi_url=None,
                  default_response_class=RegistryJSON)

    @app.exception_handler(RegistryError)
    async def _registry_error(_request: Request, exc: RegistryError) -> Response:
        status = exc.http_status if exc.error_code not in (400, 415) else exc.error_code
        body = {"error_code": exc.error_code, "message": exc.message}
        return RegistryJSON(body, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        phrase = {404: "Not Found", 405: "Method Not Allowed"}.get(exc.status_code, str(exc.detail))
        return _error(exc.status_code, exc.status_code, f"HTTP {exc.status_code} {phrase}")

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> Response:
        return _error(422, 422, f"Invalid request: {exc.errors()[0].get('msg', 'bad parameter')}")

    @app.middleware("http")
    async def _no_tracebacks(request: Request, call_next):
        try:
            return await call_next(request)
        except Exception:  # a bug, not a user error: log it here, answer in Confluent's shape
            log.exception("schema registry: unexpected error on %s %s", request.method, request.url.path)
            return _error(500, 50001, "Error in the backend data store")

    @app.get("/")
    async def root() -> dict:
        return {}

    @app.get("/schemas/types")
    async def schema_types() -> list:
        return ["AVRO"]

    @app.get("/mode")
    async def mode() -> dict:
        return {"mode": "READWRITE"}

    @app.get("/subjects")
    async def subjects(deleted: str | None = None) -> list:
        return store.subjects(_flag(deleted))

    @app.get("/subjects/{subject}/versions")
    async def versions(subject: str, deleted: str | None = None) -> list:
        return [v.version for v in store.versions(subject, _flag(deleted))]

    @app.post("/subjects/{subject}/versions")
    async def register(subject: str, request: Request) -> dict:
        registered = await backend.register(subject, await _schema_from(request))
        return {"id": registered.id}

    @app.post("/subjects/{subject}")
    async def lookup(subject: str, request: Request, deleted: str | None = None) -> dict:
        found = store.lookup(subject, await _schema_from(request), _flag(deleted))
        return {"subject": found.subject, "version": found.version, "id": found.id, "schema": found.schema}

    @app.get("/subjects/{subject}/versions/{version}")
    async def get_version(subject: str, version: str, deleted: str | None = None) -> dict:
        v = store.get_version(subject, version, _flag(deleted))
        return {"subject": v.subject, "version": v.version, "id": v.id, "schema": v.schema}

    @app.get("/subjects/{subject}/versions/{version}/schema")
    async def get_version_schema(subject: str, version: str, deleted: str | None = None) -> Response:
        return Response(store.get_version(subject, version, _flag(deleted)).schema, media_type=MEDIA_TYPE)

    @app.get("/subjects/{subject}/versions/{version}/referencedby")
    async def referenced_by(subject: str, version: str) -> list:
        store.get_version(subject, version)
        return []  # references are not supported, so nothing refers to anything

    @app.delete("/subjects/{subject}")
    async def delete_subject(subject: str, permanent: str | None = None) -> list:
        return await backend.delete_subject(subject, _flag(permanent))

    @app.delete("/subjects/{subject}/versions/{version}")
    async def delete_version(subject: str, version: str, permanent: str | None = None) -> int:
        return await backend.delete_version(subject, version, _flag(permanent))

    @app.get("/schemas/ids/{schema_id}")
    async def by_id(schema_id: str) -> dict:
        return {"schema": store.schema_by_id(_schema_id(schema_id))}

    @app.get("/schemas/ids/{schema_id}/schema")
    async def raw_by_id(schema_id: str) -> Response:
        return Response(store.schema_by_id(_schema_id(schema_id)), media_type=MEDIA_TYPE)

    @app.get("/schemas/ids/{schema_id}/versions")
    async def id_versions(schema_id: str, deleted: str | None = None) -> list:
        return [{"subject": s, "version": v} for s, v in store.versions_of_id(_schema_id(schema_id), _flag(deleted))]

    @app.get("/schemas/ids/{schema_id}/subjects")
    async def id_subjects(schema_id: str, deleted: str | None = None) -> list:
        pairs = store.versions_of_id(_schema_id(schema_id), _flag(deleted))
        return sorted({s for s, _ in pairs})

    def _compat(messages: list[str], verbose: str | None) -> dict:
        result: dict = {"is_compatible": not messages}
        if _flag(verbose):
            result["messages"] = messages
        return result

    @app.post("/compatibility/subjects/{subject}/versions/{version}")
    async def compat_version(subject: str, version: str, request: Request, verbose: str | None = None) -> dict:
        schema = await _schema_from(request)
        if subject not in store.subjects() and str(version).lower() in ("latest", "-1"):
            return _compat(store.check(subject, schema), verbose)  # a new subject takes any valid schema
        return _compat(store.check(subject, schema, version), verbose)

    @app.post("/compatibility/subjects/{subject}/versions")
    async def compat_all(subject: str, request: Request, verbose: str | None = None) -> dict:
        return _compat(store.check(subject, await _schema_from(request)), verbose)

    @app.get("/config")
    async def get_global_config() -> dict:
        return {"compatibilityLevel": store.level()}

    @app.put("/config")
    async def put_global_config(request: Request) -> dict:
        return {"compatibility": await backend.set_level(None, (await _body(request)).get("compatibility"))}

    @app.get("/config/{subject}")
    async def get_subject_config(subject: str, defaultToGlobal: str | None = None) -> dict:  # noqa: N803
        level = store.level(subject) if _flag(defaultToGlobal) else store.subject_level(subject)
        return {"compatibilityLevel": level}

    @app.put("/config/{subject}")
    async def put_subject_config(subject: str, request: Request) -> dict:
        return {"compatibility": await backend.set_level(subject, (await _body(request)).get("compatibility"))}

    @app.delete("/config/{subject}")
    async def delete_subject_config(subject: str) -> dict:
        return {"compatibilityLevel": await backend.delete_level(subject)}

    return app
