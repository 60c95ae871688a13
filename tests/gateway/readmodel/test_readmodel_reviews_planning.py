"""Match reviews (side by side, a POST that publishes the decision), the audit plan and the overviews."""

from __future__ import annotations

from datetime import date

import pytest

from gateway.readmodel.models import (AuditPlanPage, FindingsStats, MatchReviewPage, ReviewAccepted,
                                      RiskOverview)
from hub.contracts.records import content_event_id
from hub.kafka import topics as t
from readmodel_support import audit, decision, finding, merged, risk

pytestmark = pytest.mark.integration

KALMAR = ("region-kalmar", "K-77")
ADDA = ("adda", "A-77")


@pytest.fixture(scope="module")
def pair(live):
    """Two views of what may be one supplier, and the resolver's pending review of them."""
    rec = lambda p, r, n: {"partner": p, "record_id": r, "name": n, "event_id": "e", "received_at": merged(
        "x", 1, "x")["occurred_at"], "active": True}  # noqa: E731
    live.suppliers(
        merged("HUB-RUB-1", 1, "Rubbercare Gloves Sdn Bhd", buyers=("region-kalmar",),
               records=[rec(*KALMAR, "Rubbercare Gloves Sdn Bhd")],
               sites=[{"site_id": "region-kalmar:S1", "name": "Rawang plant", "country": "MY",
                       "address": "Lot 23, Jalan Industri 3", "postal_code": "48300", "city": "Rawang",
                       "kind": "factory"}]),
        merged("HUB-RUB-2", 1, "Rubbercare Glove Industries Sdn Bhd", buyers=("adda",),
               records=[rec(*ADDA, "Rubbercare Glove Industries Sdn Bhd")]))
    pending = decision("review-rub", "pending", KALMAR, ADDA, hub_a="HUB-RUB-1", hub_b="HUB-RUB-2")
    live.decisions(pending)
    live.eventually(lambda: any(i["decision_id"] == "review-rub" for i in reviews(live)))
    return pending


def reviews(live, **params) -> list[dict]:
    body = live.get("/v1/match-reviews", params=params).json()
    MatchReviewPage.model_validate(body)
    return body["items"]


def test_a_pending_review_shows_both_records_side_by_side(live, pair):
    item = next(i for i in reviews(live) if i["decision_id"] == "review-rub")
    assert item["status"] == "pending" and item["country"] == "MY" and item["score"] == 0.2
    assert item["evidence"] == ["name similarity 0.91", "same city"]
    a, b = item["record_a"], item["record_b"]
    assert (a["partner"], a["record_id"], a["name"], a["hub_id"]) == (*KALMAR, "Rubbercare Gloves Sdn Bhd",
                                                                      "HUB-RUB-1")
    assert a["country"] == "MY" and a["sites"][0]["address"] == "Lot 23, Jalan Industri 3"
    assert (b["partner"], b["name"], b["hub_id"]) == ("adda", "Rubbercare Glove Industries Sdn Bhd", "HUB-RUB-2")


def test_reviews_need_hub_review(live, pair):
    assert live.get("/v1/match-reviews", "region-kalmar").status_code == 403
    assert live.post("/v1/match-reviews/review-rub", "region-kalmar", json={"decision": "confirm"}).status_code == 403


def test_confirming_publishes_a_decision_the_processors_apply_and_a_second_answer_is_a_conflict(live, pair):
    assert live.post("/v1/match-reviews/review-rub", json={"decision": "maybe"}).status_code == 422
    assert live.post("/v1/match-reviews/nope", json={"decision": "confirm"}).status_code == 404
    resp = live.post("/v1/match-reviews/review-rub", json={"decision": "confirm", "note": "same factory"})
    assert resp.status_code == 202, resp.text
    accepted = ReviewAccepted.model_validate(resp.json())
    assert accepted.event_id == content_event_id("review:review-rub:confirm") and accepted.status == "confirmed"

    published = [r for r in live.sandbox.read_all(t.MATCH_DECISIONS) if r.value["event_id"] == accepted.event_id]
    assert len(published) == 1
    event, key = published[0].value, published[0].key
    assert key == b"MY"  # the pending decision's key: the partition where the processor keeps the pair
    assert (event["status"], event["decision_id"], event["decided_by"], event["partner"]) == (
        "confirmed", "review-rub", "planner", "hub")
    assert (event["record_a"], event["record_b"]) == (pair["record_a"], pair["record_b"])
    assert event["note"] == "same factory"

    again = live.post("/v1/match-reviews/review-rub", "admin", json={"decision": "reject"})
    assert again.status_code == 409
    live.eventually(lambda: any(i["decision_id"] == "review-rub" for i in reviews(live, status="confirmed")))
    assert not any(i["decision_id"] == "review-rub" for i in reviews(live))


@pytest.fixture(scope="module")
def planning(live):
    restricted = audit("R-1", date(2025, 2, 1), severity="critical", open_=1, shared=False,
                       partners=("region-jonkoping",))
    live.risks(risk("RA-GLOVES-MY", "very_high"), risk("RA-TEXTILE-VN", "high", country="VN", category="18000000"))
    live.suppliers(
        merged("HUB-PLAN-CRIT", 1, "Critical Gloves Sdn Bhd", buyers=("region-kalmar", "adda"),
               audits=[audit("S-1", date(2026, 1, 10), severity="critical", open_=1, shared=True,
                             partners=("adda",))], findings=[finding("S-1", "critical")]),
        merged("HUB-PLAN-QUIET", 1, "Quiet Gloves Sdn Bhd", buyers=("region-kalmar",),
               audits=[audit("S-2", date(2026, 6, 1), severity="minor", open_=0, shared=True, partners=("adda",))]),
        merged("HUB-PLAN-HIDDEN", 1, "Hidden Gloves Sdn Bhd", buyers=("region-kalmar",), audits=[restricted]))
    # Other tests' suppliers may be in the plan too: wait for these three, not any three.
    live.eventually(lambda: len({i["hub_id"] for i in plan(live, country="MY", category="33141420")
                                 if i["hub_id"].startswith("HUB-PLAN")}) >= 3
                    and live.get("/v1/risk-overview").json()["risks"])


def plan(live, client="planner", **params) -> list[dict]:
    body = live.get("/v1/audit-plan", client, params=params).json()
    AuditPlanPage.model_validate(body)
    return body["items"]


def test_the_planner_sees_the_supplier_with_a_critical_finding_first_with_reasons(live, planning):
    items = [i for i in plan(live, country="MY", category="33141420") if i["hub_id"].startswith("HUB-PLAN")]
    assert items[0]["hub_id"] == "HUB-PLAN-CRIT" and items[0]["rank"] < items[1]["rank"]
    codes = [r["code"] for r in items[0]["reasons"]]
    assert codes[:2] == ["open_critical", "category_risk"] and "leverage" in codes
    assert items[0]["partners"] == ["adda", "region-kalmar"]
    hidden = next(i for i in items if i["hub_id"] == "HUB-PLAN-HIDDEN")
    assert [r["code"] for r in hidden["reasons"]][0] == "restricted_audit"  # the planner is no participant
    participant = next(i for i in plan(live, "region-jonkoping", country="MY") if i["hub_id"] == "HUB-PLAN-HIDDEN")
    assert [r["code"] for r in participant["reasons"]][0] == "open_critical"
    assert plan(live, country="NO", category="33141420") == []
    assert [i["hub_id"] for i in plan(live, country="my", category="33141420")] == \
        [i["hub_id"] for i in plan(live, country="MY", category="33141420")]
    assert live.get("/v1/audit-plan", params={"country": "Malaysia"}).status_code == 422
    assert live.get("/v1/audit-plan", params={"horizon_months": 0}).status_code == 422
    assert live.get("/v1/audit-plan", "admin").status_code == 403


def test_the_audit_plan_pages(live, planning):
    everything = [i["hub_id"] for i in plan(live, limit=500)]
    first = live.get("/v1/audit-plan", params={"limit": 2}).json()
    second = live.get("/v1/audit-plan", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [i["hub_id"] for i in first["items"] + second["items"]] == everything[:4]
    assert [i["rank"] for i in second["items"]] == [3, 4]


def test_risk_overview_and_findings_stats(live, planning):
    overview = live.get("/v1/risk-overview", "region-skane").json()
    RiskOverview.model_validate(overview)
    cell = next(c for c in overview["risks"] if (c["country"], c["category"]) == ("MY", "33141420"))
    assert cell["level"] == "very_high" and cell["category_label"] == "surgical gloves"
    assert cell["areas"] == [{"area": "labour_rights", "level": "very_high", "partners": ["region-ostergotland"]}]
    by_country = {c["country"]: c for c in overview["open_critical_by_country"]}
    assert by_country["MY"]["open_critical"] >= 1

    stats = live.get("/v1/findings-stats", "region-skane").json()
    FindingsStats.model_validate(stats)
    participant = live.get("/v1/findings-stats", "region-jonkoping").json()
    assert participant["total"] == stats["total"] + 1  # the restricted audit counts for its participant only
    assert {"month": "2026-01", "severity": "critical", "count": 1} in stats["by_month"]
