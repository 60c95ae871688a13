"""Webhook subscriptions: ``/v1/subscriptions*`` (hub:alerts) and ``/v1/admin/subscriptions|deliveries`` (hub:admin).

The routes authenticate, call ``gw.webhooks`` (``gateway.webhooks.WebhookService``)
and shape its answers. A caller sees and deletes only its own subscriptions:
another's answers 404, exactly like one that does not exist. The secret is
in the 201 answer to ``POST`` and nowhere else. See docs/api.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from gateway.app import gateway_of
from gateway.auth.dependencies import Caller, require_scopes
from gateway.problems import Problem, problem_type
from gateway.publishing import PublishError
from gateway.webhooks import WebhookRequestError
from hub.contracts.cloudevents import format_time
from hub.core.subscriptions import ALERT_KINDS, MAX_LIST
from hub.core.validation import AREAS
from hub.rules.alerts import SEVERITIES

Severity = Literal[SEVERITIES]  # type: ignore[valid-type]
Area = Literal[AREAS]  # type: ignore[valid-type]
Kind = Literal[ALERT_KINDS]  # type: ignore[valid-type]
Outcome = Literal["delivered", "retrying", "failed", "gone", "cancelled"]
_PROBLEM = {"application/problem+json": {"schema": {"type": "object"}}}
_NOT_FOUND = {404: {"description": "no subscription of the caller has this id", "content": _PROBLEM}}


class FilterIn(BaseModel):
    """Which alerts to deliver; every criterion given must hold. Omitted: the caller's own suppliers."""

    model_config = ConfigDict(extra="forbid")

    mine: bool | None = Field(None, description="alerts about the caller's own suppliers; always true for a "
                                                "partner, unavailable to a caller without one")
    min_severity: Severity | None = None
    areas: list[Area] | None = Field(None, max_length=MAX_LIST,
                                     description="alerts whose `areas` name one of these areas (alerts written "
                                                 "before that field: whose reason names one)")
    kinds: list[Kind] | None = Field(None, max_length=MAX_LIST)
    countries: list[str] | None = Field(None, max_length=MAX_LIST, description="ISO 3166-1 alpha-2")
    hub_ids: list[str] | None = Field(None, max_length=MAX_LIST)


class SubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2048, description="https URL the deliveries are POSTed to")
    filter: FilterIn | None = None


class FilterOut(BaseModel):
    mine: bool
    min_severity: Severity | None
    areas: list[str]
    kinds: list[str]
    countries: list[str]
    hub_ids: list[str]


class SubscriptionOut(BaseModel):
    id: str
    url: str
    filter: FilterOut
    state: str = Field(description="active, disabled (the receiver answered 410) or deleted")
    state_reason: str | None
    created_at: str
    updated_at: str


class CreatedSubscription(SubscriptionOut):
    secret: str = Field(description="the Standard Webhooks signing secret (whsec_...); shown only now")


class AdminSubscriptionOut(SubscriptionOut):
    partner: str | None
    client_id: str


class SubscriptionPage(BaseModel):
    items: list[SubscriptionOut]
    next_cursor: str | None


class AdminSubscriptionPage(BaseModel):
    items: list[AdminSubscriptionOut]
    next_cursor: str | None


class DeliveryOut(BaseModel):
    webhook_id: str
    alert_id: str
    hub_id: str
    attempt: int
    at: str
    outcome: str
    status_code: int | None
    error: str | None
    detail: str | None
    duration_ms: int
    next_attempt_at: str | None


class AdminDeliveryOut(DeliveryOut):
    subscription_id: str
    partner: str


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None


class AdminDeliveryPage(BaseModel):
    items: list[AdminDeliveryOut]
    next_cursor: str | None


def build_router() -> APIRouter:
    router = APIRouter(tags=["subscriptions"])
    alerts_scope = Depends(require_scopes("hub:alerts"))
    admin_scope = Depends(require_scopes("hub:admin"))

    @router.post("/v1/subscriptions", status_code=201, response_model=CreatedSubscription,
                 summary="subscribe a webhook receiver to alerts")
    async def create(body: SubscriptionIn, request: Request, response: Response,
                     caller: Caller = alerts_scope) -> dict:
        svc = _service(request)
        wanted = None if body.filter is None else body.filter.model_dump(exclude_none=True)
        try:
            sub, secret = await svc.create(caller, body.url, wanted)
        except PublishError as exc:
            raise Problem(503, str(exc), headers={"Retry-After": "5"}) from None
        except WebhookRequestError as exc:
            raise _invalid(exc) from None
        response.headers["Location"] = f"/v1/subscriptions/{sub.id}"
        return _subscription(sub) | {"secret": secret}

    @router.get("/v1/subscriptions", response_model=SubscriptionPage, summary="the caller's subscriptions")
    async def list_own(request: Request, caller: Caller = alerts_scope) -> dict:
        return {"items": [_subscription(s) for s in _service(request).owned(caller)], "next_cursor": None}

    @router.get("/v1/subscriptions/{subscription_id}", response_model=SubscriptionOut, responses=_NOT_FOUND,
                summary="one of the caller's subscriptions")
    async def get_own(subscription_id: str, request: Request, caller: Caller = alerts_scope) -> dict:
        return _subscription(_own(request, caller, subscription_id))

    @router.delete("/v1/subscriptions/{subscription_id}", status_code=204, response_class=Response,
                   responses=_NOT_FOUND, summary="delete one of the caller's subscriptions (pending retries stop)")
    async def delete_own(subscription_id: str, request: Request, caller: Caller = alerts_scope) -> Response:
        try:
            deleted = await _service(request).delete_owned(caller, subscription_id)
        except PublishError as exc:
            raise Problem(503, str(exc), headers={"Retry-After": "5"}) from None
        if not deleted:
            raise _not_found()
        return Response(status_code=204)

    @router.get("/v1/subscriptions/{subscription_id}/deliveries", response_model=DeliveryPage,
                responses=_NOT_FOUND, summary="delivery attempts of one of the caller's subscriptions, newest first")
    async def deliveries(subscription_id: str, request: Request, caller: Caller = alerts_scope,
                         limit: int | None = Query(None, ge=1), cursor: str | None = Query(None, max_length=500),
                         ) -> dict:
        _own(request, caller, subscription_id)
        items, nxt = _paged(request, lambda svc, n: svc.deliveries(subscription_id, n, cursor), limit)
        return {"items": [_delivery(r) for r in items], "next_cursor": nxt}

    @router.get("/v1/admin/subscriptions", response_model=AdminSubscriptionPage, tags=["admin"],
                summary="every partner's subscriptions, newest first (deleted ones included)")
    async def all_subscriptions(request: Request, caller: Caller = admin_scope,
                                limit: int | None = Query(None, ge=1),
                                cursor: str | None = Query(None, max_length=500)) -> dict:
        items, nxt = _paged(request, lambda svc, n: svc.all_subscriptions(n, cursor), limit)
        return {"items": [_subscription(s, admin=True) for s in items], "next_cursor": nxt}

    @router.get("/v1/admin/deliveries", response_model=AdminDeliveryPage, tags=["admin"],
                summary="delivery attempts of every subscription, newest first")
    async def all_deliveries(request: Request, caller: Caller = admin_scope,
                             subscription_id: str | None = Query(None, max_length=100),
                             outcome: Outcome | None = None, limit: int | None = Query(None, ge=1),
                             cursor: str | None = Query(None, max_length=500)) -> dict:
        items, nxt = _paged(request, lambda svc, n: svc.all_deliveries(
            n, cursor, subscription_id=subscription_id, outcome=outcome), limit)
        return {"items": [_delivery(r, admin=True) for r in items], "next_cursor": nxt}

    return router


def _service(request: Request):
    svc = gateway_of(request).webhooks
    if svc is None:
        raise Problem(503, "webhooks are not enabled on this gateway", type_=problem_type("webhooks-disabled"))
    return svc


def _own(request: Request, caller: Caller, subscription_id: str):
    sub = _service(request).get_owned(caller, subscription_id)
    if sub is None:
        raise _not_found()
    return sub


def _not_found() -> Problem:
    return Problem(404, "the caller has no subscription with this id", type_=problem_type("no-such-subscription"))


def _invalid(exc: WebhookRequestError) -> Problem:
    return Problem(422, "the subscription cannot be accepted", title="Invalid subscription",
                   type_=problem_type("invalid-subscription"),
                   extra={"errors": [{"path": p, "message": m} for p, m in exc.problems]})


def _paged(request: Request, fetch, limit: int | None):
    settings = gateway_of(request).settings
    if limit is not None and limit > settings.max_page_size:
        raise Problem(422, f"limit is at most {settings.max_page_size}", type_=problem_type("invalid-request"))
    try:
        return fetch(_service(request), limit or settings.default_page_size)
    except WebhookRequestError as exc:
        raise _invalid(exc) from None


def _time(value: Any) -> str | None:
    if value is None:
        return None
    return format_time(value if isinstance(value, dt.datetime) else int(value))


def _subscription(sub, admin: bool = False) -> dict:
    out = {"id": sub.id, "url": sub.url, "filter": sub.filter.as_dict(), "state": sub.state,
           "state_reason": sub.state_reason, "created_at": _time(sub.created_at), "updated_at": _time(sub.updated_at)}
    if admin:
        out |= {"partner": sub.partner, "client_id": sub.client_id}
    return out


def _delivery(r: dict, admin: bool = False) -> dict:
    out = {"webhook_id": r["webhook_id"], "alert_id": r["alert_id"], "hub_id": r["hub_id"], "attempt": r["attempt"],
           "at": _time(r["occurred_at"]), "outcome": r["outcome"], "status_code": r["status_code"],
           "error": r["error"], "detail": r["detail"], "duration_ms": r["duration_ms"],
           "next_attempt_at": _time(r["next_attempt_at"])}
    if admin:
        out |= {"subscription_id": r["subscription_id"], "partner": r["partner"]}
    return out
