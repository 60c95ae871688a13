"""A sandbox hub with hand-made output events and a live gateway that reads them.

The tests write the processors' output events themselves
(``readmodel_events``) with the sandbox's real registry ids, start a real gateway
(uvicorn on loopback, read model component only) and talk HTTP to it with
tokens from its own /oauth/token. One sandbox and one gateway serve the
whole package; each test uses its own hub_ids.

Scenario: Region Östergötland and Region Kalmar audited a Malaysian glove
factory (participants only) and found debt bondage; Adda audited the same
supplier's office (shared) with an open critical finding.
"""

from __future__ import annotations

import time

import httpx
import pytest

from gateway.live import LiveGateway
from gateway.settings import GatewaySettings
from hub.embedded.sandbox import Sandbox
from hub.kafka import topics as t
from readmodel_events import merged



class Live:
    """The sandbox and the gateway, with helpers to write events and read answers."""

    def __init__(self, sandbox: Sandbox, gateway: LiveGateway):
        self.sandbox = sandbox
        self.gateway = gateway

    def suppliers(self, *views: dict) -> None:
        self.sandbox.publish(t.SUPPLIERS, "MergedSupplier", list(views), lambda v: v["hub_id"].encode())

    def alerts(self, *alerts: dict) -> None:
        self.sandbox.publish(t.ALERTS, "SupplierAlert", list(alerts), lambda a: a["hub_id"].encode())

    def decisions(self, *decisions: dict, country: str = "MY") -> None:
        self.sandbox.publish(t.MATCH_DECISIONS, "MatchDecision", list(decisions), lambda d: country.encode())

    def risks(self, *analyses: dict) -> None:
        self.sandbox.publish(t.RISK_ANALYSES, "RiskAnalysis", list(analyses),
                             lambda r: f"{r['category']}|{r['country']}".encode())

    def get(self, path: str, client: str = "planner", **kwargs) -> httpx.Response:
        return self.gateway.http.get(path, headers=self.gateway.headers(client) | kwargs.pop("headers", {}), **kwargs)

    def post(self, path: str, client: str = "planner", **kwargs) -> httpx.Response:
        return self.gateway.http.post(path, headers=self.gateway.headers(client), **kwargs)

    def eventually(self, check, timeout_s: float = 15.0):
        """Poll ``check`` until it returns something truthy (the read model applies asynchronously)."""
        deadline = time.monotonic() + timeout_s
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError("the read model did not show it in time")
            time.sleep(0.05)


@pytest.fixture(scope="package")
def sandbox(tmp_path_factory):
    with Sandbox(tmp_path_factory.mktemp("readmodel-sandbox")) as sb:
        yield sb


@pytest.fixture(scope="package")
def live(sandbox):
    """The gateway starts after the first events exist, so its catch-up is exercised too."""
    first = merged("HUB-SEED", 1, "Seed Supplier AB", country="SE")
    sandbox.publish(t.SUPPLIERS, "MergedSupplier", [first], lambda v: v["hub_id"].encode())
    settings = GatewaySettings(default_page_size=50, max_page_size=500)
    with LiveGateway(sandbox.settings(), sandbox.bootstrap, sandbox.registry_url, settings=settings,
                     component_modules=("gateway.readmodel",)) as gw:
        yield Live(sandbox, gw)
