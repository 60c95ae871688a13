"""Deliveries survive a gateway restart: the pending retry lives in Kafka, not in the process.

Its own module, so its own sandbox broker: no other gateway is in the
webhook consumer group to take the retry over instead of the restarted one.
"""

from __future__ import annotations

import json
import uuid

import pytest

from gateway.webhooks.signing import verify

from webhook_support import alert, deliveries, live_gateway, produce

pytestmark = pytest.mark.integration


def test_a_retry_due_while_the_gateway_is_down_is_made_by_the_next_one(sandbox, receiver):
    hub_id = f"HUB-{uuid.uuid4().hex[:8]}"
    first = alert(hub_id, ["region-kalmar"])
    receiver.answer(503, {"Retry-After": "3"})
    with live_gateway(sandbox) as before:
        created = before.http.post("/v1/subscriptions", json={"url": receiver.url},
                                   headers=before.headers("region-kalmar"))
        assert created.status_code == 201, created.text
        sub = created.json()
        produce(sandbox, first)
        receiver.wait_for(1)
        (attempt,) = deliveries(before, "region-kalmar", sub["id"], 1)
        assert attempt["outcome"] == "retrying"
    # Stopped with the retry due in about three seconds; a new process, same data dir (same webhook key).
    with live_gateway(sandbox) as after:
        (_, first_headers, first_body), (_, headers, body) = receiver.wait_for(2)
        verify(sub["secret"], headers, body)
        assert headers["webhook-id"] == first_headers["webhook-id"] and body == first_body
        newest, oldest = deliveries(after, "region-kalmar", sub["id"], 2)
        assert (oldest["attempt"], oldest["outcome"]) == (1, "retrying")
        assert (newest["attempt"], newest["outcome"], newest["status_code"]) == (2, "delivered", 204)

        # The same alert again, after the restart: the new process knows it was delivered.
        sentinel = alert(hub_id, ["region-kalmar"])
        produce(sandbox, first)
        produce(sandbox, sentinel)
        receiver.wait_for(3)
        assert json.loads(receiver.requests[2][2])["data"]["alert_id"] == sentinel["alert_id"]
        assert len(deliveries(after, "region-kalmar", sub["id"], 3)) == 3
