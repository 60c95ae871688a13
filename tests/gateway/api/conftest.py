"""A sandbox hub (broker, registry, topics) and a live gateway over it, per module."""

import pytest

from gateway.live import LiveGateway
from hub.embedded.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    with Sandbox(tmp_path_factory.mktemp("sandbox")) as sb:
        yield sb


@pytest.fixture(scope="module")
def gateway(sandbox):
    """The publisher only: no read model or webhooks, so publishing is tested on its own."""
    with LiveGateway(sandbox.settings(), sandbox.bootstrap, sandbox.registry_url, component_modules=()) as gw:
        yield gw
