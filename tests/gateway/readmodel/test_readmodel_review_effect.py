"""End to end with a real stream processor: a reviewer's confirm really merges the two suppliers.

Region Kalmar and Adda publish the same glove maker, written differently and
Adda without an address; the resolver is unsure and asks for a review. The
planner confirms over HTTP; the supplier-view worker applies the decision and
the read model ends up with one supplier, the other hub_id answering 308.
A sandbox of its own: the worker must not see the other tests' hand-made
decisions.
"""

from __future__ import annotations

import uuid

import pytest

from gateway.live import LiveGateway
from hub.embedded.sandbox import Sandbox
from hub.kafka import topics as t
from readmodel_support import T0, Live

pytestmark = pytest.mark.integration


def record(partner: str, record_id: str, name: str, **address) -> dict:
    return {"event_id": str(uuid.uuid4()), "partner": partner, "occurred_at": T0, "record_id": record_id,
            "name": name, "trading_names": [], "country": "MY", "identifiers": [],
            "address": address.get("address"), "postal_code": address.get("postal_code"),
            "city": address.get("city"), "sites": [], "categories": ["33141420"], "active": True}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with Sandbox(tmp_path_factory.mktemp("review-effect")) as sandbox:
        sandbox.start_worker()
        with LiveGateway(sandbox.settings(), sandbox.bootstrap, sandbox.registry_url,
                         component_modules=("gateway.readmodel",)) as gw:
            yield sandbox, gw


def test_a_confirmed_review_merges_the_suppliers(hub):
    sandbox, gw = hub
    live = Live(sandbox, gw)
    sandbox.publish(t.SUPPLIER_RECORDS, "SupplierRecord", [
        record("region-kalmar", "K-1", "Rubbercare Gloves Sdn Bhd", address="Lot 23, Jalan Industri 3",
               city="Rawang", postal_code="48300"),
        record("adda", "A-1", "Rubbercare Glove Industries Sdn Bhd", city="Rawang"),
    ], lambda r: b"MY")
    def pending_with_both_sides():  # the decision and the two views come on different topics
        items = live.get("/v1/match-reviews").json()["items"]
        return items if items and all(i[side]["hub_id"] for i in items for side in ("record_a", "record_b")) else None

    (review,) = live.eventually(pending_with_both_sides, timeout_s=60)
    hub_a, hub_b = review["record_a"]["hub_id"], review["record_b"]["hub_id"]
    assert hub_a and hub_b and hub_a != hub_b

    resp = live.post(f"/v1/match-reviews/{review['decision_id']}", json={"decision": "confirm"})
    assert resp.status_code == 202, resp.text

    def merged_away():
        for gone, kept in ((hub_a, hub_b), (hub_b, hub_a)):
            r = live.get(f"/v1/suppliers/{gone}", follow_redirects=False)
            if r.status_code == 308 and r.headers["location"] == f"/v1/suppliers/{kept}":
                return kept
        return None

    survivor = live.eventually(merged_away, timeout_s=60)
    view = live.get(f"/v1/suppliers/{survivor}").json()
    assert sorted((r["partner"], r["record_id"]) for r in view["source_records"]) == [("adda", "A-1"),
                                                                                     ("region-kalmar", "K-1")]
    assert live.get("/v1/match-reviews", params={"status": "confirmed"}).json()["items"][0]["decision_id"] == \
        review["decision_id"]
