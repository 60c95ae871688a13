"""Load the demo data set through the gateway's own publishing path (embedded profile).

A component started after the publisher: it validates the demo events
exactly as a partner's would be, and publishes them as their partners. The
events carry deterministic ids, so a restart or a replayed archive does not
load them twice.
"""

from __future__ import annotations

import logging

from gateway.publishing.events import KINDS, prepare
from hub.demo import demo_documents
from hub.errors import HubError

log = logging.getLogger(__name__)


class DemoLoader:
    name = "demo-data"

    def __init__(self, gw) -> None:
        self.gw = gw
        self.loaded = 0
        self._done = False

    async def start(self) -> None:
        publisher = self.gw.publisher
        for kind_name, partner, docs in demo_documents():
            kind = KINDS[kind_name]
            prepared = prepare(kind, publisher.serde.schema_set, docs, partner=partner, client_id="demo",
                               idempotency_key=None)
            if prepared.errors:  # the shipped data set is tested; this is a packaging bug
                raise HubError(f"demo data {kind_name} of {partner} is invalid: {prepared.errors[0].as_dict()}")
            await publisher.publish(kind.topic, kind.schema, prepared.items)
            self.loaded += len(prepared.items)
        self._done = True
        log.info("demo data loaded: %d events", self.loaded)

    async def stop(self) -> None:
        pass

    def ready(self) -> tuple[bool, str]:
        return (True, f"{self.loaded} events") if self._done else (False, "loading")
