"""Alerts over HTTP: who sees which, filters, cursors, and the SSE stream resumed with Last-Event-ID."""

from __future__ import annotations

import json
import threading

import pytest

from gateway.readmodel.models import Alert, AlertPage
from readmodel_support import alert

pytestmark = pytest.mark.integration

HUB_ID = "HUB-ALERTS"


@pytest.fixture(scope="module")
def raised(live):
    alerts = [alert(HUB_ID, "critical_finding", "critical", ["region-kalmar", "region-skane"]),
              alert(HUB_ID, "sanction_escalated", "major", ["region-kalmar"]),
              alert(HUB_ID, "cap_overdue", "minor", ["region-skane"])]
    live.alerts(*alerts)
    live.eventually(lambda: len(items(live, "monitor")) == 3)
    return alerts


def items(live, client, **params) -> list[dict]:
    body = live.get("/v1/alerts", client, params={"hub_id": HUB_ID} | params).json()
    AlertPage.model_validate(body)
    return body["items"]


def test_a_partner_sees_only_the_alerts_routed_to_it_and_the_hubs_clients_see_all(live, raised):
    assert [a["kind"] for a in items(live, "region-kalmar")] == ["critical_finding", "sanction_escalated"]
    assert [a["kind"] for a in items(live, "region-skane")] == ["critical_finding", "cap_overdue"]
    assert items(live, "adda") == []
    assert len(items(live, "monitor")) == 3
    assert live.get("/v1/alerts", "region-kalmar", params={"hub_id": HUB_ID}).status_code == 200
    assert len(items(live, "planner")) == 3  # a hub client (no partner) with hub:alerts sees every alert
    assert live.get("/v1/alerts", "sykehusinnkjop", params={"hub_id": HUB_ID}).json()["items"] == []


def test_filters_and_paging(live, raised):
    assert [a["kind"] for a in items(live, "monitor", min_severity="major")] == ["critical_finding",
                                                                               "sanction_escalated"]
    assert [a["kind"] for a in items(live, "monitor", kind="cap_overdue")] == ["cap_overdue"]
    first = live.get("/v1/alerts", "monitor", params={"hub_id": HUB_ID, "limit": 1}).json()
    rest = live.get("/v1/alerts", "monitor", params={"hub_id": HUB_ID, "after": first["next_cursor"]}).json()
    assert [a["alert_id"] for a in first["items"] + rest["items"]] == [a["alert_id"] for a in raised]
    assert live.get("/v1/alerts", "monitor", params={"after": "!!"}).status_code == 422


def read_events(lines, count: int) -> list[dict]:
    """The next ``count`` SSE events from a response's line iterator, as {id, event, data} dicts."""
    events, current = [], {}
    for line in lines:
        if line == "":
            if "data" in current:
                events.append(current)
                if len(events) == count:
                    return events
            current = {}
        elif not line.startswith(":"):
            field, _, value = line.partition(": ")
            current[field] = value
    return events


def test_the_stream_resumes_after_last_event_id_and_pushes_new_alerts(live, raised):
    first = items(live, "region-kalmar")[0]
    headers = live.gateway.headers("region-kalmar") | {"Accept": "text/event-stream", "Last-Event-ID": first["cursor"]}
    with live.gateway.http.stream("GET", "/v1/alerts/stream", params={"hub_id": HUB_ID}, headers=headers,
                                  timeout=20) as resp:
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/event-stream")
        lines = resp.iter_lines()
        (resumed,) = read_events(lines, 1)
        assert resumed["event"] == "alert"
        assert json.loads(resumed["data"])["kind"] == "sanction_escalated"
        fresh = alert(HUB_ID, "risk_raised", "major", ["region-kalmar"])
        threading.Thread(target=live.alerts, args=(fresh, alert(HUB_ID, "risk_raised", "major", ["adda"]))).start()
        (pushed,) = read_events(lines, 1)
        body = json.loads(pushed["data"])
        Alert.model_validate(body)
        assert body["alert_id"] == fresh["alert_id"] and pushed["id"] == body["cursor"]


def test_the_stream_is_only_for_clients_that_ask_for_it(live, raised):
    assert live.get("/v1/alerts/stream", "region-kalmar").status_code == 406
    resp = live.get("/v1/alerts/stream", "region-kalmar", headers={"Accept": "text/event-stream"},
                    params={"after": "nonsense"})
    assert resp.status_code == 422
