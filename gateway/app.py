"""The gateway process: its services (``Gateway``) and the FastAPI app over them.

Routes are thin: they authenticate (``require_scopes``), read
``gateway_of(request)`` for the service they need, call it and shape the
answer. The services are *components* started in order by the app's lifespan
and stopped in reverse: the Kafka publisher, the archive (embedded profile),
the read model fed from the compacted topics, the webhook dispatcher.

Route modules are listed as data in ``ROUTER_MODULES``; each exposes
``build_router() -> APIRouter``. ``readyz`` asks every component whether it
is ready, so a load balancer only sends traffic to a replica whose read model
has caught up.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from fastapi import FastAPI, Request

from gateway.auth import GatewayAuth, install_auth
from gateway.fastpath import SupplierFastPath
from gateway.limits import BodySizeLimit, RateLimiter
from gateway.metrics import GatewayMetrics
from gateway.problems import install_problem_handlers
from gateway.settings import GatewaySettings
from hub.settings import HubSettings

log = logging.getLogger(__name__)

#: Route modules, in the order their routes appear in OpenAPI.
ROUTER_MODULES = (
    "gateway.api.ops",
    "gateway.api.publishing",
    "gateway.api.suppliers",
    "gateway.api.feed",
    "gateway.api.alerts",
    "gateway.api.reviews",
    "gateway.api.audit_plan",
    "gateway.api.insights",
    "gateway.api.subscriptions",
    "gateway.ui",
)


_PROBLEM = {"application/problem+json": {"schema": {"type": "object"}}}
#: Answers any route may give; declared so OpenAPI (and clients generated from it) know them.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing, expired or forged token (WWW-Authenticate says why)", "content": _PROBLEM},
    403: {"description": "the token lacks the scope, or the caller may not act on this", "content": _PROBLEM},
    413: {"description": "the body is larger than the limit", "content": _PROBLEM},
    422: {"description": "invalid parameters or body", "content": _PROBLEM},
    429: {"description": "rate limited; Retry-After says when to retry", "content": _PROBLEM},
    500: {"description": "unexpected; the problem's instance id is logged", "content": _PROBLEM},
    503: {"description": "a dependency (Kafka, registry, archive) is not available; retry", "content": _PROBLEM},
}


class Component(Protocol):
    """A long-lived part of the gateway with a lifecycle."""

    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def ready(self) -> tuple[bool, str]:
        """(ready?, why not): e.g. the read model has not caught up yet."""
        ...


@dataclass
class Gateway:
    """Everything one gateway process holds; built in ``gateway.wiring``."""

    settings: GatewaySettings
    hub: HubSettings
    auth: GatewayAuth
    bootstrap: str | None = None
    registry_url: str | None = None
    metrics: GatewayMetrics = field(default_factory=GatewayMetrics)
    #: ``gateway.publishing.Publisher``: Avro to Kafka, stamped with the caller's partner.
    publisher: Any = None
    #: ``gateway.readmodel.ReadModel``: the query store fed from Kafka.
    read_model: Any = None
    #: ``gateway.webhooks.WebhookService``: subscriptions and deliveries.
    webhooks: Any = None
    #: ``hub.archive.ArchiveService`` (embedded profile): fsync before 202.
    archive: Any = None
    #: Started in this order, stopped in reverse.
    components: list[Component] = field(default_factory=list)

    async def start(self) -> None:
        started: list[Component] = []
        try:
            for component in self.components:
                began = time.perf_counter()
                await component.start()
                started.append(component)
                log.info("gateway component %s started in %.2f s", component.name, time.perf_counter() - began)
        except BaseException:
            for component in reversed(started):
                with contextlib.suppress(Exception):
                    await component.stop()
            raise

    async def stop(self) -> None:
        for component in reversed(self.components):
            try:
                await component.stop()
            except Exception:  # keep stopping the others
                log.exception("stopping %s failed", component.name)
        self.auth.close()

    def readiness(self) -> dict[str, tuple[bool, str]]:
        return {c.name: c.ready() for c in self.components}


def gateway_of(request: Request) -> Gateway:
    return request.app.state.gateway


def create_app(gw: Gateway, *, router_modules: tuple[str, ...] = ROUTER_MODULES,
               manage_lifecycle: bool = True) -> FastAPI:
    """The FastAPI app over ``gw``; with ``manage_lifecycle`` its lifespan starts and stops ``gw``."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if manage_lifecycle:
            await gw.start()
        try:
            yield
        finally:
            if manage_lifecycle:
                await gw.stop()

    app = FastAPI(
        title="Nordic sustainable-procurement hub",
        version="1",
        summary="Share supplier records, risk analyses and audit outcomes; read the shared supplier view.",
        description="See docs/api.md. Every /v1 route needs an OAuth 2.0 bearer token.",
        lifespan=lifespan,
    )
    app.state.gateway = gw
    app.state.rate_limiter = RateLimiter(gw.settings.rate_per_s, gw.settings.rate_burst)
    install_problem_handlers(app)
    install_auth(app, gw.auth)
    app.add_middleware(BodySizeLimit, max_bytes=gw.settings.max_body_bytes)
    app.add_middleware(SupplierFastPath, gateway=gw, limiter=app.state.rate_limiter)
    gw.metrics.install(app)
    for name in router_modules:
        app.include_router(importlib.import_module(name).build_router(), responses=COMMON_RESPONSES)
    return app
