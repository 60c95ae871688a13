"""Operations routes: liveness, readiness and Prometheus metrics (no token needed).

``/readyz`` is what a load balancer or ``hub up`` polls: it answers 200 only
when every component (Kafka publisher, registry, read model caught up with
the compacted topics, webhook dispatcher) says it is ready, and 503 with each
component's reason otherwise. It names components and states only, never
configuration or secrets.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from gateway.app import gateway_of
from gateway.metrics import CONTENT_TYPE_LATEST


def build_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="the process is up")
    async def healthz() -> dict:
        return {"status": "ok"}

    @router.get("/readyz", summary="broker, registry and read model are ready",
                responses={503: {"description": "not ready yet; the body says which part"}})
    async def readyz(request: Request) -> JSONResponse:
        parts = gateway_of(request).readiness()
        ready = all(ok for ok, _ in parts.values())
        body = {"status": "ready" if ready else "not ready",
                "components": {name: {"ready": ok, "detail": why} for name, (ok, why) in parts.items()}}
        return JSONResponse(body, status_code=200 if ready else 503)

    @router.get("/metrics", summary="Prometheus metrics (text format)", response_class=Response)
    async def metrics(request: Request) -> Response:
        return Response(gateway_of(request).metrics.render(), media_type=CONTENT_TYPE_LATEST)

    return router
