"""Subscriptions over HTTP and deliveries of alerts produced to Kafka, on the real embedded broker."""

from __future__ import annotations

import json
import uuid

import pytest

from gateway.webhooks.signing import verify

from webhook_support import alert, deliveries, live_gateway, merged_supplier, produce, produce_view, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def live(sandbox):
    with live_gateway(sandbox) as gw:
        yield gw


def skipped(gw) -> float:
    for line in gw.http.get("/metrics").text.splitlines():
        if line.startswith("hub_gateway_webhook_duplicates_skipped_total "):
            return float(line.split()[1])
    return 0.0


def subscribe(gw, client_id: str, body: dict):
    resp = gw.http.post("/v1/subscriptions", json=body, headers=gw.headers(client_id))
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_an_alert_naming_the_partner_is_delivered_once_signed(live, sandbox, receiver):
    sub = subscribe(live, "region-kalmar", {"url": receiver.url})
    try:
        assert sub["secret"].startswith("whsec_") and sub["filter"]["mine"] is True
        hub_id = f"HUB-{uuid.uuid4().hex[:8]}"
        first = alert(hub_id, ["adda", "region-kalmar"])
        produce(sandbox, first)
        ((_, headers, body),) = receiver.wait_for(1)
        verify(sub["secret"], headers, body)
        sent = json.loads(body)
        assert sent["type"] == "supplier.alert" and sent["data"]["alert_id"] == first["alert_id"]
        assert sent["data"]["partners"] == ["adda", "region-kalmar"] and sent["timestamp"].endswith("Z")

        # The processors emit it again (a crash, an archive replay): passed over, as the metric shows.
        produce(sandbox, first)
        wait_until(lambda: skipped(live) >= 1, what="the re-emitted alert to be passed over")
        # An alert about adda's suppliers only, and sentinels on the same partition: once the second
        # sentinel (a later batch) arrives, everything before it was decided.
        sentinel, sentinel2 = alert(hub_id, ["region-kalmar"]), alert(hub_id, ["region-kalmar"])
        produce(sandbox, alert(hub_id, ["adda"]), sentinel)
        receiver.wait_for(2)
        produce(sandbox, sentinel2)
        receiver.wait_for(3)
        assert [json.loads(b)["data"]["alert_id"] for _, _, b in receiver.requests] == \
            [first["alert_id"], sentinel["alert_id"], sentinel2["alert_id"]]

        items = deliveries(live, "region-kalmar", sub["id"], 3)
        assert [(d["outcome"], d["attempt"], d["status_code"]) for d in items] == [("delivered", 1, 204)] * 3
        assert {d["webhook_id"] for d in items} == {h["webhook-id"] for _, h, _ in receiver.requests}
        admin = live.http.get("/v1/admin/deliveries", params={"subscription_id": sub["id"]},
                              headers=live.headers("admin")).json()["items"]
        assert {d["alert_id"] for d in admin} == {first["alert_id"], sentinel["alert_id"], sentinel2["alert_id"]}
        assert all(d["partner"] == "region-kalmar" for d in admin)
    finally:
        live.http.delete(f"/v1/subscriptions/{sub['id']}", headers=live.headers("region-kalmar"))


def test_my_suppliers_include_those_whose_record_joined_after_the_alert_was_raised(live, sandbox, receiver):
    # The processors raised the alert before region-vgr's record joined the supplier (same batch, or
    # later): the alert names no partner, but the merged view, written before it, names region-vgr.
    sub = subscribe(live, "region-vgr", {"url": receiver.url})
    try:
        held, other = f"HUB-{uuid.uuid4().hex[:8]}", f"HUB-{uuid.uuid4().hex[:8]}"
        produce_view(sandbox, merged_supplier(held, ["region-vgr"]))
        early = alert(held, [])
        produce(sandbox, early)
        ((_, _, body),) = receiver.wait_for(1)
        assert json.loads(body)["data"]["alert_id"] == early["alert_id"]
        # A supplier region-vgr holds no record for is not "mine"; the second sentinel (a later batch) says so.
        sentinel, sentinel2 = alert(held, ["region-vgr"]), alert(held, ["region-vgr"])
        produce(sandbox, alert(other, []), sentinel)
        receiver.wait_for(2)
        produce(sandbox, sentinel2)
        receiver.wait_for(3)
        assert [json.loads(b)["data"]["alert_id"] for _, _, b in receiver.requests] == \
            [early["alert_id"], sentinel["alert_id"], sentinel2["alert_id"]]
    finally:
        live.http.delete(f"/v1/subscriptions/{sub['id']}", headers=live.headers("region-vgr"))


def test_a_503_is_retried_after_retry_after_and_every_attempt_is_recorded(live, sandbox, receiver):
    hub_id = f"HUB-{uuid.uuid4().hex[:8]}"
    sub = subscribe(live, "adda", {"url": receiver.url, "filter": {"hub_ids": [hub_id], "min_severity": "major"}})
    try:
        receiver.answer(503, {"Retry-After": "1"})
        produce(sandbox, alert(hub_id, ["adda"]))
        (first, second) = receiver.wait_for(2)
        assert first[1]["webhook-id"] == second[1]["webhook-id"]
        for _, headers, body in (first, second):
            verify(sub["secret"], headers, body)
        assert first[2] == second[2]  # the same bytes on every attempt

        newest, oldest = deliveries(live, "adda", sub["id"], 2)
        assert (oldest["attempt"], oldest["outcome"], oldest["status_code"]) == (1, "retrying", 503)
        assert oldest["next_attempt_at"] and "attempt 2" in oldest["detail"]
        assert (newest["attempt"], newest["outcome"], newest["status_code"]) == (2, "delivered", 204)
        metrics = live.http.get("/metrics").text
        assert 'hub_gateway_webhook_deliveries_total{outcome="retrying"}' in metrics
    finally:
        live.http.delete(f"/v1/subscriptions/{sub['id']}", headers=live.headers("adda"))


def test_a_410_disables_the_subscription(live, sandbox, receiver):
    hub_id = f"HUB-{uuid.uuid4().hex[:8]}"
    sub = subscribe(live, "hus", {"url": receiver.url, "filter": {"hub_ids": [hub_id]}})
    receiver.answer(410)
    produce(sandbox, alert(hub_id, ["hus"]))
    receiver.wait_for(1)

    def disabled():
        got = live.http.get(f"/v1/subscriptions/{sub['id']}", headers=live.headers("hus")).json()
        return got if got["state"] == "disabled" else None

    assert "410" in wait_until(disabled, what="the subscription to be disabled")["state_reason"]
    (attempt,) = deliveries(live, "hus", sub["id"], 1)
    assert attempt["outcome"] == "gone"
    # A disabled subscription gets nothing more: another subscription of the same alerts is the witness,
    # and its second delivery (a later batch) means the first alert's batch was done.
    witness = subscribe(live, "hus", {"url": receiver.url, "filter": {"hub_ids": [hub_id]}})
    produce(sandbox, alert(hub_id, ["hus"]))
    receiver.wait_for(2)
    produce(sandbox, alert(hub_id, ["hus"]))
    receiver.wait_for(3)
    assert len(deliveries(live, "hus", witness["id"], 2)) == 2
    assert len(deliveries(live, "hus", sub["id"], 1)) == 1 and len(receiver.requests) == 3
    for s in (sub, witness):
        live.http.delete(f"/v1/subscriptions/{s['id']}", headers=live.headers("hus"))


def test_subscriptions_are_owned_validated_and_listed(live):
    kalmar = live.headers("region-kalmar")
    sub = subscribe(live, "region-kalmar", {"url": "https://93.184.215.14/hooks", "filter": {"countries": ["my"]}})
    assert sub["filter"] == {"mine": True, "min_severity": None, "areas": [], "kinds": [], "countries": ["MY"],
                             "hub_ids": []}
    got = live.http.get(f"/v1/subscriptions/{sub['id']}", headers=kalmar).json()
    assert "secret" not in got and got["state"] == "active"
    assert sub["id"] in {s["id"] for s in live.http.get("/v1/subscriptions", headers=kalmar).json()["items"]}
    other = live.headers("adda")
    assert live.http.get(f"/v1/subscriptions/{sub['id']}/deliveries", headers=other).status_code == 404
    assert live.http.delete(f"/v1/subscriptions/{sub['id']}", headers=other).status_code == 404
    admin = live.http.get("/v1/admin/subscriptions", headers=live.headers("admin")).json()["items"]
    assert any(s["id"] == sub["id"] and s["partner"] == "region-kalmar" for s in admin)

    assert live.http.delete(f"/v1/subscriptions/{sub['id']}", headers=kalmar).status_code == 204
    assert live.http.get(f"/v1/subscriptions/{sub['id']}", headers=kalmar).status_code == 404
    assert live.http.delete(f"/v1/subscriptions/{sub['id']}", headers=kalmar).status_code == 404


@pytest.mark.parametrize("body, path", [
    ({"url": "http://hooks.example.org/in"}, "url"),
    ({"url": "https://10.0.0.8/in"}, "url"),
    ({"url": "https://169.254.169.254/latest/meta-data"}, "url"),
    ({"url": "https://hooks.example.org/in", "filter": {"mine": False, "countries": ["MY"]}}, "filter.mine"),
    ({"url": "https://hooks.example.org/in", "filter": {"countries": ["UK"]}}, "filter.countries[0]"),
])
def test_bad_subscriptions_are_422_problems_naming_the_field(live, body, path):
    resp = live.http.post("/v1/subscriptions", json=body, headers=live.headers("region-kalmar"))
    assert resp.status_code == 422 and resp.headers["content-type"].startswith("application/problem+json")
    assert path in [e["path"] for e in resp.json()["errors"]]


def test_shape_errors_are_422_problems_too(live):
    resp = live.http.post("/v1/subscriptions", json={"url": "https://x.example", "filter": {"severity": "high"}},
                          headers=live.headers("region-kalmar"))
    assert resp.status_code == 422 and resp.headers["content-type"].startswith("application/problem+json")
