"""``hub up`` twice: the second, on a fresh embedded broker, starts from the replayed archive."""

from __future__ import annotations

from contextlib import AsyncExitStack

import pytest

from archive_helpers import archived, mixed, produce, read_everything
from hub.archive import ARCHIVED_TOPICS
from hub.archive.replay import replay_on_start
from hub.archive.service import ArchiveService
from hub.embedded.supervisor import start_hub
from hub.registry.client import RegistryClient
from hub.settings import HubSettings, KafkaSettings, RegistrySettings

pytestmark = pytest.mark.integration


async def test_a_restarted_hub_has_everything_the_archive_holds(tmp_path, key):
    settings = HubSettings(data_dir=tmp_path, kafka=KafkaSettings(embedded_port=0),
                           registry=RegistrySettings(embedded_port=0))
    async with AsyncExitStack() as stack:
        hub = await start_hub(settings, stack)
        service = ArchiveService(settings, hub.bootstrap, key)
        await service.start()
        for m in await produce(hub.bootstrap, mixed(10)):
            assert await service.wait_archived(m.topic, m.partition, m.offset, 10)
        async with RegistryClient(hub.registry_url) as client:
            before = await client.latest("hub.audit-outcomes.v1-value")
        await service.stop()
        first = await read_everything(hub.bootstrap, ARCHIVED_TOPICS)

    async with AsyncExitStack() as stack:
        hub = await start_hub(settings, stack)  # a new, empty broker: _schemas replayed before the registry
        # hub up then replays the events at the processors' pace (none run here, so no pace)
        await replay_on_start(settings, hub.bootstrap, schemas=False)
        assert await read_everything(hub.bootstrap, ARCHIVED_TOPICS) == first == archived(settings.archive_dir)
        async with RegistryClient(hub.registry_url) as client:
            assert await client.latest("hub.audit-outcomes.v1-value") == before
