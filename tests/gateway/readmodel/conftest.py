"""A sandbox hub with hand-made output events and a live gateway that reads them.

The tests write the processors' output events themselves
(``readmodel_support``) with the sandbox's real registry ids, start a real gateway
(uvicorn on loopback, read model component only) and talk HTTP to it with
tokens from its own /oauth/token. One sandbox and one gateway serve the
whole package; each test uses its own hub_ids.
"""

from __future__ import annotations

import pytest

from gateway.auth import AuthSettings
from gateway.auth.config import DEFAULT_CLIENTS_FILE
from gateway.live import LiveGateway
from gateway.settings import GatewaySettings
from hub.embedded.sandbox import Sandbox
from hub.kafka import topics as t
from readmodel_support import Live, merged


@pytest.fixture(scope="package")
def sandbox(tmp_path_factory):
    with Sandbox(tmp_path_factory.mktemp("readmodel-sandbox")) as sb:
        yield sb


#: A client of the hub's own with hub:alerts and no partner: neither the planner
#: nor the admin of the default clients file has hub:alerts.
MONITOR = """
[[client]]
client_id = "monitor"
description = "operations dashboard"
scopes = ["hub:read", "hub:alerts"]
"""


@pytest.fixture(scope="package")
def live(sandbox, tmp_path_factory):
    """The gateway starts after the first events exist, so its catch-up is exercised too."""
    first = merged("HUB-SEED", 1, "Seed Supplier AB", country="SE")
    sandbox.publish(t.SUPPLIERS, "MergedSupplier", [first], lambda v: v["hub_id"].encode())
    clients = tmp_path_factory.mktemp("clients") / "clients.toml"
    clients.write_text(DEFAULT_CLIENTS_FILE.read_text(encoding="utf-8").split("# -- External IdP")[0] + MONITOR,
                       encoding="utf-8")
    settings = GatewaySettings(default_page_size=50, max_page_size=500)
    with LiveGateway(sandbox.settings(), sandbox.bootstrap, sandbox.registry_url, settings=settings,
                     auth_settings=AuthSettings(clients_file=clients),
                     component_modules=("gateway.readmodel",)) as gw:
        yield Live(sandbox, gw)
