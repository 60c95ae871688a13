"""``GET /v1/audit-plan``: rank suppliers and sites for the partners' next joint audit.

The ranking is ``hub.core.audit_plan`` over the merged views as the caller
may see them (the planner is no participant of any restricted audit, so it
weighs those by their public highest severity only) and the risk analyses
the read model holds. Every point of a score comes with a reason in plain
English, and each candidate names the partners that buy from it: those that
would join the audit and share its cost.
"""

from __future__ import annotations

from datetime import datetime, timezone

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gateway.auth.dependencies import Caller, require_scopes
from gateway.readmodel.cursors import decode_index, encode_index
from gateway.readmodel.http import (COMMON_RESPONSES, country_code, country_param, cursor_param, json_response,
                                     limit_param, page_size, read_model_of, viewer_of)
from gateway.readmodel.models import AuditPlanPage


def build_router() -> APIRouter:
    router = APIRouter(tags=["joint-audit planning"])

    @router.get("/v1/audit-plan", response_model=AuditPlanPage, responses=COMMON_RESPONSES,
                summary="candidates for a joint audit, best first, each with its reasons and partners")
    async def audit_plan(request: Request, caller: Caller = Depends(require_scopes("hub:plan")),
                         category: str | None = Query(None, max_length=16, pattern=r"^[0-9]{2,8}(-[0-9])?$",
                                                      description="CPV code: suppliers at or under it"),
                         country: str | None = country_param("suppliers registered and sites located there"),
                         horizon_months: int = Query(12, ge=1, le=600,
                                                     description="audits older than this count as due"),
                         limit: int | None = limit_param(),
                         cursor: str | None = cursor_param()) -> Response:
        model = read_model_of(request)
        country = country_code(country)
        size = page_size(request, limit)
        query = f"{category}|{country}|{horizon_months}"
        start = decode_index("plan", cursor, query)
        today = datetime.now(timezone.utc).date()
        ranked = model.audit_plan(viewer_of(caller), category=category, country=country,
                                  horizon_months=horizon_months, limit=start + size + 1, today=today)
        items = ranked[start:start + size]
        more = len(ranked) > start + size
        return json_response({"items": items,
                              "next_cursor": encode_index("plan", start + size, query) if more else None})

    return router
