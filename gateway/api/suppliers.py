"""``GET /v1/suppliers`` (search) and ``GET /v1/suppliers/{hub_id}`` (one merged view).

The by-id read is the hub's hottest route: it is ``async`` (no thread-pool
hop) and sends bytes the read model rendered when the version arrived, one
rendering per audience, so the request does a dict lookup and nothing else.
A hub_id that was merged away answers 308 to where the supplier lives now.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from gateway.auth.dependencies import Caller, require_scopes
from gateway.problems import Problem, problem_type
from gateway.readmodel.cache import compact_id
from gateway.readmodel.http import (COMMON_RESPONSES, country_code, country_param, cursor_param, json_response,
                                     limit_param, page_size, read_model_of, viewer_of)
from gateway.readmodel.models import MergedSupplier, SupplierPage
from gateway.readmodel.store import SearchFilter
from hub.core.visibility import sanction_rank, severity_rank
from hub.rules.alerts import SANCTION_STEPS

Severity = Literal["minor", "major", "critical", "zero_tolerance"]
Area = Literal["human_rights", "labour_rights", "environment", "anti_corruption"]
Step = Literal[SANCTION_STEPS]  # type: ignore[valid-type]


def build_router() -> APIRouter:
    router = APIRouter(tags=["reading"])
    reader = require_scopes("hub:read")

    @router.get("/v1/suppliers", response_model=SupplierPage, responses=COMMON_RESPONSES,
                summary="search the shared supplier view (ranked by name match when q is given, else by name)")
    async def search_suppliers(
        request: Request,
        caller: Caller = Depends(reader),
        q: str | None = Query(None, max_length=200, description="name (any spelling) or identifier"),
        country: str | None = country_param("country of registration"),
        identifier: str | None = Query(None, max_length=100, description="an identifier, optionally SCHEME:ID"),
        area: Area | None = Query(None, description="has an open finding in this Code of Conduct area"),
        min_severity: Severity | None = Query(None, description="has an open finding at least this severe"),
        sanction_step: Step | None = Query(None, description="at this step of the sanction ladder or beyond"),
        partner: str | None = Query(None, max_length=64, description="a partner holds records for the supplier"),
        limit: int | None = limit_param(),
        cursor: str | None = cursor_param(),
    ) -> Response:
        model = read_model_of(request)
        scheme, ident = _identifier(identifier)
        f = SearchFilter(
            country=country_code(country), ident=ident, scheme=scheme, area=area,
            min_severity_rank=severity_rank(min_severity) if min_severity else None,
            min_sanction_rank=sanction_rank(sanction_step) if sanction_step else None, partner=partner)
        items, next_cursor = model.search(viewer_of(caller), q, f, page_size(request, limit), cursor)
        return json_response({"items": items, "next_cursor": next_cursor})

    @router.get("/v1/suppliers/{hub_id}", response_model=MergedSupplier, summary="one merged supplier view",
                responses={**COMMON_RESPONSES,
                           308: {"description": "merged away: Location names the hub_id that holds it now",
                                 "headers": {"Location": {"schema": {"type": "string"}}}},
                           404: {"description": "no such hub_id"}})
    async def get_supplier(hub_id: str, request: Request, caller: Caller = Depends(reader)) -> Response:
        model = read_model_of(request)
        body = model.supplier_json(hub_id, viewer_of(caller))
        if body is not None:
            return Response(body, media_type="application/json")
        successor = model.successor_of(hub_id)
        if successor is not None:
            return RedirectResponse(f"/v1/suppliers/{quote(successor, safe='')}", status_code=308)
        raise Problem(404, "no supplier with this hub_id", type_=problem_type("unknown-supplier"))

    return router


def _identifier(value: str | None) -> tuple[str | None, str | None]:
    """"SE-ON:556012-5790" -> ("SE-ON", "5560125790"); a bare id matches in any scheme."""
    if not value or not value.strip():
        return None, None
    scheme, sep, ident = value.strip().rpartition(":")
    ident = compact_id(ident)
    if not ident:
        raise Problem(422, "identifier has no letters or digits", title="Invalid request",
                      type_=problem_type("invalid-request"),
                      extra={"errors": [{"loc": ["query", "identifier"], "msg": "no letters or digits"}]})
    return (scheme.strip().upper() or None) if sep else None, ident
