"""``GET /v1/risk-overview`` and ``GET /v1/findings-stats``: aggregates for the web UI's overview pages.

Computed from the read model on request (``gateway.readmodel.insights``), so
they are as fresh as the read model, and counted over what the caller may
see: a finding of a restricted audit the caller did not take part in is
never counted.
"""

from __future__ import annotations

from datetime import datetime, timezone

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from gateway.auth.dependencies import Caller, require_scopes
from gateway.readmodel.http import COMMON_RESPONSES, json_response, read_model_of, viewer_of
from gateway.readmodel.models import FindingsStats, RiskOverview


def build_router() -> APIRouter:
    router = APIRouter(tags=["insights"])
    reader = require_scopes("hub:read")

    @router.get("/v1/risk-overview", response_model=RiskOverview, responses=COMMON_RESPONSES,
                summary="risk level by country x category (highest across areas) and open critical findings by country")
    async def risk_overview(request: Request, caller: Caller = Depends(reader)) -> Response:
        model = read_model_of(request)
        return json_response(model.risk_overview(viewer_of(caller), datetime.now(timezone.utc).date()))

    @router.get("/v1/findings-stats", response_model=FindingsStats, responses=COMMON_RESPONSES,
                summary="open findings by area x severity and by month of the audit")
    async def findings_stats(request: Request, caller: Caller = Depends(reader)) -> Response:
        return json_response(read_model_of(request).findings_stats(viewer_of(caller)))

    return router
