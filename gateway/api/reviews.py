"""``GET /v1/match-reviews`` and ``POST /v1/match-reviews/{decision_id}``: people settle uncertain matches.

The resolver publishes a ``pending`` MatchDecision for a pair of partner
records it cannot decide on. A reviewer sees both records side by side with
the score and evidence, and confirms or rejects. The answer is a
``MatchDecision`` event, not a database write: ``status`` confirmed or
rejected, the same decision_id and records, ``decided_by`` the caller, keyed
by the supplier's country like the pending one, so it lands in the partition
where the supplier-view processor keeps that pair and applies it there
(``hub.application.supplier_view._decision``). Its event_id is derived from
the decision, so a retried POST cannot decide twice.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gateway.app import gateway_of
from gateway.auth.dependencies import Caller, require_scopes
from gateway.problems import Problem, problem_type
from gateway.publishing import PublishError
from gateway.readmodel.http import (COMMON_RESPONSES, cursor_param, json_response, limit_param, page_size,
                                     read_model_of)
from gateway.readmodel.models import MatchReviewPage, ReviewAccepted, ReviewDecision
from hub.contracts.cloudevents import REVIEW_SUBJECT_PREFIX
from hub.contracts.records import HUB_PARTNER, content_event_id, utc_now
from hub.kafka import topics as t
from hub.kafka.partitioning import country_key

Status = Literal["pending", "confirmed", "rejected", "merged", "all"]


def build_router() -> APIRouter:
    router = APIRouter(tags=["match review"])
    reviewer = require_scopes("hub:review")

    @router.get("/v1/match-reviews", response_model=MatchReviewPage, responses=COMMON_RESPONSES,
                summary="uncertain matches with both records side by side and the evidence")
    async def list_reviews(request: Request, caller: Caller = Depends(reviewer),
                           status: Status = Query("pending", description="merged: the resolver joined them itself"),
                           limit: int | None = limit_param(),
                           cursor: str | None = cursor_param()) -> Response:
        model = read_model_of(request)
        items, next_cursor = model.reviews(status, page_size(request, limit), cursor)
        return json_response({"items": items, "next_cursor": next_cursor})

    @router.post("/v1/match-reviews/{decision_id}", status_code=202, response_model=ReviewAccepted,
                 summary="confirm or reject a pending match: publishes a MatchDecision",
                 responses={**COMMON_RESPONSES, 400: {"description": "the body is not JSON"},
                            404: {"description": "no pending review with this id"},
                            409: {"description": "the pair is already decided"}})
    async def decide(decision_id: str, body: ReviewDecision, request: Request,
                     caller: Caller = Depends(reviewer)) -> Response:
        model = read_model_of(request)
        review = model.review(decision_id)
        if review is None:
            raise Problem(404, "no match review with this id", type_=problem_type("unknown-review"))
        current = model.review_status(review)
        if current != "pending":
            raise Problem(409, f"this pair is already decided ({current})", type_=problem_type("already-decided"),
                          extra={"status": current})
        publisher = gateway_of(request).publisher
        if publisher is None:
            raise Problem(503, "the gateway is not connected to Kafka", headers={"Retry-After": "5"})
        status = "confirmed" if body.decision == "confirm" else "rejected"
        pending = review.decision
        owners = model.cache.record_owner
        a, b = pending["record_a"], pending["record_b"]
        event = {
            "event_id": content_event_id(f"review:{decision_id}:{body.decision}"),
            "partner": HUB_PARTNER, "occurred_at": utc_now(), "decision_id": decision_id, "status": status,
            "record_a": {"partner": a["partner"], "record_id": a["record_id"]},
            "record_b": {"partner": b["partner"], "record_id": b["record_id"]},
            "hub_id_a": owners.get((a["partner"], a["record_id"]), pending.get("hub_id_a")),
            "hub_id_b": owners.get((b["partner"], b["record_id"]), pending.get("hub_id_b")),
            "old_hub_ids": [], "new_hub_id": None, "score": pending.get("score"),
            "evidence": list(pending.get("evidence") or ()), "decided_by": caller.subject or caller.client_id,
            "note": body.note,
        }
        country = review.country or (model.cache.views.get(event["hub_id_a"] or "", {}).get("country") or "")
        try:
            await publisher.publish(t.MATCH_DECISIONS, "MatchDecision", [(country_key(country), event)],
                                    subject=f"{REVIEW_SUBJECT_PREFIX}{decision_id}")
        except PublishError as exc:
            raise Problem(503, str(exc), headers={"Retry-After": "2"}, type_=problem_type("unavailable")) from None
        model.mark_decided(decision_id, status)
        return json_response({"event_id": event["event_id"], "decision_id": decision_id, "status": status},
                             status_code=202)

    return router
