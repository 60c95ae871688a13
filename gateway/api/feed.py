"""``GET /v1/feed``: every version of every merged supplier, in order, for planners' tools to sync.

The cursor is a Kafka position (last offset per partition of
``hub.suppliers.v1``), so a tool may page through one replica and continue
on another. An empty page means the tool is caught up: it keeps the
``next_cursor`` and polls again later. Views are redacted for the caller,
like ``GET /v1/suppliers/{hub_id}``.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from gateway.auth.dependencies import Caller, require_scopes
from gateway.readmodel.http import (COMMON_RESPONSES, cursor_param, json_response, limit_param, page_size,
                                     read_model_of, viewer_of)
from gateway.readmodel.models import FeedPage


def build_router() -> APIRouter:
    router = APIRouter(tags=["reading"])

    @router.get("/v1/feed", response_model=FeedPage, responses=COMMON_RESPONSES,
                summary="every change to the merged view, in order (resume with after=<cursor>)")
    async def feed(request: Request, caller: Caller = Depends(require_scopes("hub:read")),
                   after: str | None = cursor_param(),
                   limit: int | None = limit_param()) -> Response:
        model = read_model_of(request)
        items, next_cursor = model.feed(viewer_of(caller), after, page_size(request, limit))
        return json_response({"items": items, "next_cursor": next_cursor})

    return router
