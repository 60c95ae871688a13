"""Build one gateway process's services from its settings: ``build_gateway``.

The order of ``components`` is the start order: the archive first (the
publisher waits on it), then the publisher, then the parts that read Kafka
(the read model, the webhook dispatcher). The parts that read Kafka are listed
as data in ``COMPONENT_MODULES`` (tests start a gateway with fewer); each
exposes ``build(gw) -> Component`` and sets its service on ``gw``
(``gw.read_model``, ``gw.webhooks``).
"""

from __future__ import annotations

import importlib

from gateway.app import Gateway
from gateway.auth import GatewayAuth
from gateway.publishing import Publisher
from gateway.settings import GatewaySettings
from hub.settings import HubSettings

COMPONENT_MODULES = ("gateway.readmodel", "gateway.webhooks")


def build_gateway(hub: HubSettings, settings: GatewaySettings, auth: GatewayAuth, bootstrap: str,
                  registry_url: str, *, component_modules: tuple[str, ...] = COMPONENT_MODULES) -> Gateway:
    gw = Gateway(settings, hub, auth, bootstrap, registry_url)
    if settings.archive:
        gw.archive = _archive_service(hub, auth)
        gw.components.append(gw.archive)
    gw.publisher = Publisher(hub, bootstrap, registry_url, archive=gw.archive)
    gw.components.append(gw.publisher)
    if settings.demo_data:
        from gateway.demo import DemoLoader

        gw.components.append(DemoLoader(gw))
    for name in component_modules:
        gw.components.append(importlib.import_module(name).build(gw))
    return gw


def _archive_service(hub: HubSettings, auth: GatewayAuth):
    from hub.archive import ArchiveService  # the embedded profile's archive (issue #8)

    return ArchiveService.for_gateway(hub, auth)
