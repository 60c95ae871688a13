"""Issue #8's promises, on the real ``hub up`` (broker, registry, processors, gateway, archive).

1. Push data through the gateway (suppliers, a critical audit, a webhook
   subscription, a confirmed match review), stop the hub, start it again:
   everything is still there, and no alert is delivered twice.
2. SIGKILL the whole hub while batches are being pushed: after a restart,
   every event that got a 202 is present exactly once.

The two tests share one hub data dir and run in order (the second starts
from where the first left the hub).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hub.embedded.hub_process import HubProcess
from hub.kafka.topics import SUPPLIER_RECORDS
from waiting import wait_for

pytestmark = pytest.mark.integration

RECORD = {"record_id": "RK-2231", "name": "Sentosa Glove Industries Sdn Bhd", "country": "MY",
          "address": "Lot 12, Jalan Kapar", "postal_code": "42100", "city": "Klang", "categories": ["33141420"]}
AUDIT = {
    "audit_id": "ADDA-2026-001",
    "supplier": {"name": "SENTOSA GLOVES IND. SDN. BHD.", "country": "MY", "address": "Lot 12 Jln Kapar",
                 "postal_code": "42100", "city": "KLANG"},
    "audit_date": "2026-10-01", "audit_type": "site", "participating_partners": ["adda"],
    "findings": [{"finding_id": "F1", "area": "labour_rights", "clause": "Forced labour", "severity": "critical",
                  "description": "Recruitment fees charged to migrant workers.", "status": "open",
                  "cap_due_date": "2027-03-31"}],
    "confidentiality": "shared",
}


class Receiver:
    def __init__(self) -> None:
        self.ids: list[str] = []
        ids = self.ids

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("content-length", 0)))
                ids.append(self.headers["webhook-id"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def differences(before: dict, now: dict) -> str:
    lines = []
    for key in before:
        gone, new = sorted(set(before[key]) - set(now[key])), sorted(set(now[key]) - set(before[key]))
        if gone or new:
            lines.append(f"{key}: before only {gone[:10]}, now only {new[:10]}")
    return "\n".join(lines)


def snapshot(hub: HubProcess) -> dict:
    suppliers = hub.get("/v1/suppliers", "planner", params={"limit": 500}).json()["items"]
    return {
        # Not the version: it counts the events that touched a supplier, and a risk analysis
        # replayed before or after a supplier's records touches it or not (docs/archive.md).
        "suppliers": sorted((s["hub_id"], s["canonical_name"], s["open_findings"], s["max_open_severity"],
                             s["sanction_step"], tuple(s["buyers"])) for s in suppliers),
        "subscriptions": sorted(s["id"] for s in hub.get("/v1/subscriptions", "region-kalmar").json()["items"]),
        "alerts": sorted((a["alert_id"], a["kind"], a["hub_id"], a["trigger_topic"])
                         for a in hub.get("/v1/alerts", "region-kalmar", params={"limit": 500}).json()["items"]),
        "reviews": sorted((r["decision_id"], r["status"])
                          for r in hub.get("/v1/match-reviews", "planner", params={"status": "all"}).json()["items"]),
    }


def settled(hub: HubProcess, quiet_s: float = 3.0, timeout_s: float = 90.0) -> dict:
    """The snapshot once it has stayed the same for ``quiet_s``: the processors have nothing left to do.

    A fixed sleep would take a snapshot mid-way on a slow machine, and the
    restarted hub, having finished, would then never match it.
    """
    deadline = time.monotonic() + timeout_s
    last, since = snapshot(hub), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = snapshot(hub)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return now
    raise AssertionError(f"the hub's view was still changing after {timeout_s:.0f} s")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    process = HubProcess(tmp_path_factory.mktemp("hub-restart"))
    yield process
    if process.proc is not None and process.proc.poll() is None:
        process.stop()


@pytest.fixture(scope="module")
def receiver():
    r = Receiver()
    yield r
    r.server.shutdown()


def test_stop_and_start_again_keeps_everything_and_sends_no_alert_twice(hub, receiver):
    hub.start()
    sub = hub.post("/v1/subscriptions", "region-kalmar", json={"url": receiver.url})
    assert sub.status_code == 201, sub.text
    assert hub.post("/v1/supplier-records", "region-kalmar", json=RECORD).status_code == 202
    assert hub.post("/v1/audit-outcomes", "adda", json=AUDIT).status_code == 202
    pending = wait_for(lambda: hub.get("/v1/match-reviews", "planner").json()["items"], 60, "a pending review")
    decided = hub.post(f"/v1/match-reviews/{pending[0]['decision_id']}", "planner", json={"decision": "confirm"})
    assert decided.status_code == 202, decided.text
    wait_for(lambda: receiver.ids, 60, "the webhook delivery")
    wait_for(lambda: any(s == "confirmed" for _, s in snapshot(hub)["reviews"]), 60, "the confirmed review")
    before = settled(hub)  # what the review started (a merge, its alerts) has been processed
    delivered = list(receiver.ids)
    assert hub.stop() == 0

    hub.start()
    after = wait_for(lambda: (s := snapshot(hub)) == before and s, 120, "the same view after the restart",
                     lambda: differences(before, snapshot(hub)))
    assert after["subscriptions"] == before["subscriptions"] and after["alerts"]
    time.sleep(5)  # the dispatcher has seen every alert again by now
    assert Counter(receiver.ids) == Counter(delivered), "an alert was delivered twice"
    assert all(n == 1 for n in Counter(receiver.ids).values())


def test_sigkill_while_pushing_loses_no_accepted_event_and_doubles_none(hub):
    accepted: list[str] = []
    stop = threading.Event()

    def push():
        batch_no = 0
        while not stop.is_set():
            batch = [{"record_id": f"KILL-{batch_no}-{i}", "name": f"Kill Test Supplier {batch_no} {i} AB",
                      "country": "SE", "city": "Kalmar"} for i in range(25)]
            try:
                resp = hub.post("/v1/supplier-records", "region-kalmar", json=batch)
            except Exception:  # the hub died mid-request: that batch got no 202
                return
            if resp.status_code == 202:
                accepted.extend(resp.json()["event_ids"])
            batch_no += 1

    pusher = threading.Thread(target=push, daemon=True)
    pusher.start()
    wait_for(lambda: len(accepted) >= 200, 60, "some accepted batches")
    hub.kill()
    stop.set()
    pusher.join(30)
    assert accepted

    hub.start()
    seen = Counter(asyncio.run(_event_ids(hub.runtime["bootstrap"], SUPPLIER_RECORDS)))
    missing = [e for e in accepted if seen[e] == 0]
    doubled = [e for e in accepted if seen[e] > 1]
    assert not missing, f"{len(missing)} of {len(accepted)} accepted events were lost"
    assert not doubled, f"{len(doubled)} accepted events are present twice"


async def _event_ids(bootstrap: str, topic: str) -> list[str]:
    """Every event id on ``topic`` (from the CloudEvents header), read until the topic is quiet."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    ids: list[str] = []
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        quiet = 0
        while quiet < 3:
            batches = await consumer.getmany(timeout_ms=500)
            quiet = 0 if batches else quiet + 1
            for records in batches.values():
                ids.extend(dict(r.headers)["ce_id"].decode() for r in records)
    finally:
        await consumer.stop()
    return ids
