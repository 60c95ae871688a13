"""Every route × every client × own or other partner, against a live gateway.

Expectations are derived from data, not repeated by hand: a route's scope
(``ROUTES``) and each client's scopes (``gateway/auth/clients.toml``) say
whether the call may pass authorization. Passing means any answer but 401 or
403 (a 404 or 422 for the made-up ids and bodies is fine: authorization
came first). Publishing as another partner and touching another partner's
subscription are checked separately.
"""

from __future__ import annotations

import pytest

from gateway.auth.clients import load_clients
from gateway.auth.config import DEFAULT_CLIENTS_FILE
from gateway.live import LiveGateway
from gateway.settings import GatewaySettings

pytestmark = pytest.mark.integration

RECORD = {"record_id": "M-1", "name": "Matrix Testing Sdn Bhd", "country": "MY"}
#: (method, path, scope, JSON body or None)
ROUTES = [
    ("POST", "/v1/supplier-records", "hub:publish", RECORD),
    ("POST", "/v1/audit-outcomes", "hub:publish", {}),
    ("POST", "/v1/risk-analyses", "hub:publish", {}),
    ("GET", "/v1/suppliers", "hub:read", None),
    ("GET", "/v1/suppliers/HUB-DOESNOTEXIST", "hub:read", None),
    ("GET", "/v1/feed", "hub:read", None),
    ("GET", "/v1/alerts", "hub:alerts", None),
    ("GET", "/v1/subscriptions", "hub:alerts", None),
    ("POST", "/v1/subscriptions", "hub:alerts", {"url": "https://example.org/hook", "filter": {"countries": ["MY"]}}),
    ("GET", "/v1/audit-plan", "hub:plan", None),
    ("GET", "/v1/match-reviews", "hub:review", None),
    ("POST", "/v1/match-reviews/does-not-exist", "hub:review", {"decision": "confirm"}),
    ("GET", "/v1/admin/subscriptions", "hub:admin", None),
]
CLIENTS = {c.client_id: c for c in load_clients(DEFAULT_CLIENTS_FILE)}
#: Clients publishing needs a partner for, beyond the scope.
NEEDS_PARTNER = {"/v1/supplier-records", "/v1/audit-outcomes", "/v1/risk-analyses"}


@pytest.fixture(scope="module")
def live(sandbox):
    with LiveGateway(sandbox.settings(), sandbox.bootstrap, sandbox.registry_url,
                     settings=GatewaySettings(rate_per_s=1000, rate_burst=1000)) as gw:
        yield gw


def _call(gw, method, path, body, headers):
    return gw.http.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize("method,path,scope,body", ROUTES, ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_route_by_client(live, method, path, scope, body):
    anonymous = _call(live, method, path, body, {})
    assert anonymous.status_code == 401 and "Bearer" in anonymous.headers["www-authenticate"]
    forged = _call(live, method, path, body, {"Authorization": "Bearer e30.e30.c2ln"})
    assert forged.status_code == 401
    for client_id, client in CLIENTS.items():
        if not client.uses_secret:
            continue
        resp = _call(live, method, path, body, live.headers(client_id))
        allowed = scope in client.scopes and (path not in NEEDS_PARTNER or client.partner is not None)
        if allowed:
            assert resp.status_code not in (401, 403), (client_id, resp.status_code, resp.text[:300])
        else:
            assert resp.status_code == 403, (client_id, resp.status_code, resp.text[:300])
            assert resp.headers["content-type"].startswith("application/problem+json")


def test_a_partner_publishes_only_as_itself(live):
    for path in NEEDS_PARTNER:
        resp = _call(live, "POST", path, {"partner": "adda"}, live.headers("region-kalmar"))
        assert resp.status_code == 403, (path, resp.text)


def test_subscriptions_of_another_partner_are_invisible(live):
    hook = {"url": "https://example.org/hooks/kalmar", "filter": {"countries": ["MY"]}}
    created = live.http.post("/v1/subscriptions", json=hook, headers=live.headers("region-kalmar"))
    assert created.status_code == 201, created.text
    sub_id = created.json()["id"]
    assert "secret" not in live.http.get(f"/v1/subscriptions/{sub_id}", headers=live.headers("region-kalmar")).json()
    other = live.headers("adda")
    assert live.http.get(f"/v1/subscriptions/{sub_id}", headers=other).status_code == 404
    assert live.http.delete(f"/v1/subscriptions/{sub_id}", headers=other).status_code == 404
    listed = live.http.get("/v1/subscriptions", headers=other).json()["items"]
    assert sub_id not in {s["id"] for s in listed}
    assert live.http.delete(f"/v1/subscriptions/{sub_id}", headers=live.headers("region-kalmar")).status_code in (200, 204)
