"""``GET /v1/alerts`` and ``GET /v1/alerts/stream`` (Server-Sent Events).

A partner sees the alerts routed to it (``partners`` names it); the hub's
own clients (planner, admin) see all. Each alert carries its ``cursor``, a
Kafka position, which is also the SSE event id, so a client that lost its
connection resumes exactly where it was with ``Last-Event-ID`` (browsers'
EventSource sends it by itself) or ``?after=``, on any replica.

The stream pushes an alert as soon as the read model has applied it: the
ingest wakes the waiting streams after every batch that brought alerts. A
comment line every 15 s keeps proxies from closing an idle connection. The
stream ends when the client goes away or the gateway stops.

It answers only clients that ask for ``text/event-stream`` (EventSource
does): anything else gets 406, so a generic HTTP client or fuzzer is not
left holding a response that never ends.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response, StreamingResponse

from gateway.auth.dependencies import Caller, require_scopes
from gateway.problems import Problem, problem_type
from gateway.readmodel.cache import dumps
from gateway.readmodel.http import (COMMON_RESPONSES, CURSOR_PATTERN, cursor_param, json_response, limit_param,
                                     page_size, read_model_of, viewer_of)
from gateway.readmodel.models import AlertPage
from gateway.readmodel.service import ReadModel
from hub.core.visibility import Viewer

Severity = Literal["minor", "major", "critical", "zero_tolerance"]
Kind = Literal["critical_finding", "sanction_escalated", "cap_overdue", "risk_raised", "merge_joins_critical"]
HEARTBEAT_S = 15.0
#: Alerts read per step of a stream: a client far behind catches up in chunks.
STREAM_CHUNK = 100


def build_router() -> APIRouter:
    router = APIRouter(tags=["alerts"])
    alerts_scope = require_scopes("hub:alerts")

    @router.get("/v1/alerts", response_model=AlertPage, responses=COMMON_RESPONSES,
                summary="alerts about suppliers the caller buys from (all of them for the hub's own clients)")
    async def list_alerts(request: Request, caller: Caller = Depends(alerts_scope),
                          after: str | None = cursor_param(),
                          limit: int | None = limit_param(),
                          hub_id: str | None = Query(None, max_length=128),
                          kind: Kind | None = Query(None),
                          min_severity: Severity | None = Query(None)) -> Response:
        model = read_model_of(request)
        items, next_cursor = model.alerts(viewer_of(caller), after, page_size(request, limit), hub_id=hub_id,
                                          kind=kind, min_severity=min_severity)
        return json_response({"items": items, "next_cursor": next_cursor})

    @router.get("/v1/alerts/stream", response_class=StreamingResponse,
                summary="the same alerts as Server-Sent Events (event: alert, id: cursor), resumable",
                responses={**COMMON_RESPONSES,
                           200: {"description": "an endless event stream", "content": {"text/event-stream": {
                               "schema": {"type": "string"}}}},
                           406: {"description": "the client did not ask for text/event-stream"}})
    async def stream_alerts(request: Request, caller: Caller = Depends(alerts_scope),
                            after: str | None = cursor_param("start after this cursor (default: from now on)"),
                            last_event_id: str | None = Header(None, alias="Last-Event-ID", max_length=4096,
                                                               pattern=CURSOR_PATTERN),
                            hub_id: str | None = Query(None, max_length=128),
                            kind: Kind | None = Query(None),
                            min_severity: Severity | None = Query(None)) -> StreamingResponse:
        if "text/event-stream" not in request.headers.get("accept", ""):
            raise Problem(406, "this is a Server-Sent Events stream: send Accept: text/event-stream",
                          type_=problem_type("not-acceptable"))
        model = read_model_of(request)
        start = last_event_id or after  # a reconnecting EventSource knows best where it was
        model.check_alerts_cursor(start)  # a bad cursor is a 422 now, not a broken stream later
        filters = {"hub_id": hub_id, "kind": kind, "min_severity": min_severity}
        events = _events(model, viewer_of(caller), start or model.alerts_tail(), filters)
        return StreamingResponse(events, media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    return router


async def _events(model: ReadModel, viewer: Viewer, cursor: str, filters: dict) -> AsyncIterator[bytes]:
    yield b"retry: 3000\n\n"
    last_sent = time.monotonic()
    while not model.closing:
        items, cursor = model.alerts(viewer, cursor, STREAM_CHUNK, **filters)
        for item in items:
            yield b"id: " + item["cursor"].encode() + b"\nevent: alert\ndata: " + dumps(item) + b"\n\n"
        if items:
            last_sent = time.monotonic()
            continue
        idle = time.monotonic() - last_sent
        if idle >= HEARTBEAT_S:
            yield b": keep-alive\n\n"
            last_sent = time.monotonic()
            continue
        await model.wait_for_change(HEARTBEAT_S - idle)
