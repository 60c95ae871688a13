"""``POST /v1/supplier-records``, ``/v1/audit-outcomes``, ``/v1/risk-analyses``.

The route reads the body, asks ``gateway.publishing.events.prepare`` to stamp
and validate it, publishes through the ``Publisher`` and answers 202 with the
event ids once the events are durable. See docs/api.md for the contract.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse

from gateway.app import gateway_of
from gateway.auth.dependencies import Caller, require_scopes
from gateway.problems import Problem, problem_type
from gateway.publishing import PublishError
from gateway.publishing.events import KINDS, EventKind, WrongPartner, prepare
from gateway.publishing.idempotency import IdempotencyCache

_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_MAX_LISTED = 100

_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"oneOf": [
            {"type": "object", "description": "one event (the Avro schema's fields as JSON, envelope optional)"},
            {"type": "array", "items": {"type": "object"}, "minItems": 1, "maxItems": 1000},
        ]}}},
    },
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    202: {"description": "accepted: the events are durable", "content": {"application/json": {"schema": {
        "type": "object", "required": ["event_ids"],
        "properties": {"event_ids": {"type": "array", "items": {"type": "string"}},
                       "warnings": {"type": "array", "items": {"type": "object"}}}}}}},
    400: {"description": "the body is not JSON"},
    403: {"description": "no publishing scope, or the body speaks for another partner"},
    413: {"description": "the body is too large"},
    422: {"description": "invalid events; every problem is listed with its index and path"},
    503: {"description": "Kafka or the archive did not confirm; retry with the same Idempotency-Key"},
}


def build_router() -> APIRouter:
    router = APIRouter(tags=["publishing"])
    cache = IdempotencyCache()
    for path, kind in KINDS.items():
        router.add_api_route(f"/v1/{path}", _handler(kind, path, cache), methods=["POST"], status_code=202,
                             summary=f"publish {kind.schema} events (one object or an array of at most 1,000)",
                             openapi_extra=_BODY_DOC, responses=_RESPONSES, response_class=JSONResponse)
    return router


def _handler(kind: EventKind, route: str, cache: IdempotencyCache):
    async def publish(request: Request, caller: Caller = Depends(require_scopes("hub:publish")),
                      idempotency_key: str | None = Header(default=None, alias="Idempotency-Key")) -> JSONResponse:
        gw = gateway_of(request)
        if caller.partner is None:
            raise Problem(403, "only a partner's client can publish events", type_=problem_type("not-a-partner"))
        if idempotency_key is not None and not _KEY.match(idempotency_key):
            raise Problem(400, "Idempotency-Key must be 1-255 visible ASCII characters",
                          type_=problem_type("invalid-idempotency-key"))
        body = await request.body()
        fingerprint = IdempotencyCache.fingerprint(body)
        if idempotency_key:
            hit = cache.get(caller.client_id, route, idempotency_key)
            if hit is not None:
                if hit[0] != fingerprint:
                    raise Problem(422, "this Idempotency-Key was used for a different request body",
                                  type_=problem_type("idempotency-key-reused"))
                return JSONResponse(hit[1], status_code=202)
        documents = _documents(body, gw.settings.max_batch)
        if gw.publisher is None or gw.publisher.serde is None:
            raise Problem(503, "the gateway is not connected to Kafka yet", headers={"Retry-After": "5"})
        try:
            prepared = prepare(kind, gw.publisher.serde.schema_set, documents, partner=caller.partner,
                               client_id=caller.client_id, idempotency_key=idempotency_key)
        except WrongPartner as exc:
            raise Problem(403, f"event {exc.args[0]} names another partner; a client publishes only as itself",
                          type_=problem_type("partner-mismatch")) from None
        if prepared.errors:
            invalid = len({e.index for e in prepared.errors})
            raise Problem(422, f"{invalid} of {len(documents)} events are invalid; nothing was published",
                          title="Invalid events", type_=problem_type("invalid-events"),
                          extra={"errors": [e.as_dict() for e in prepared.errors[:_MAX_LISTED]],
                                 "error_count": len(prepared.errors)})
        try:
            await gw.publisher.publish(kind.topic, kind.schema, prepared.items)
        except PublishError as exc:
            raise Problem(503, str(exc), headers={"Retry-After": "2"}, type_=problem_type("unavailable")) from None
        gw.metrics.published.labels(kind.topic).inc(len(prepared.items))
        answer = {"event_ids": prepared.event_ids, "warnings": [w.as_dict() for w in prepared.warnings[:_MAX_LISTED]]}
        if idempotency_key:
            cache.put(caller.client_id, route, idempotency_key, fingerprint, answer)
        return JSONResponse(answer, status_code=202)

    publish.__name__ = f"publish_{route.replace('-', '_')}"
    return publish


def _documents(body: bytes, max_batch: int) -> list[Any]:
    try:
        parsed = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise Problem(400, "the body is not valid JSON", type_=problem_type("invalid-json")) from None
    documents = parsed if isinstance(parsed, list) else [parsed]
    if not documents:
        raise Problem(422, "the array is empty", type_=problem_type("invalid-events"))
    if len(documents) > max_batch:
        raise Problem(422, f"at most {max_batch} events per request; split the batch",
                      type_=problem_type("batch-too-large"))
    return documents
