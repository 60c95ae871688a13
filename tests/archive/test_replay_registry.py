"""Replaying ``_schemas`` first: a registry started on the replayed broker serves the same schema ids."""

from __future__ import annotations

import json

import pytest

from archive_helpers import fresh_broker, read_everything, settings_for
from hub.archive.replay import replay
from hub.archive.service import ArchiveService
from hub.embedded.supervisor import register_schemas
from hub.kafka.topics import SCHEMAS
from hub.registry.client import RegistryClient
from hub.registry.server import start_registry
from hub.settings import RegistrySettings

pytestmark = pytest.mark.integration

SCRATCH = json.dumps({"type": "record", "name": "Scratch", "fields": [{"name": "a", "type": "string"}]})


def with_registry(settings):
    return settings.model_copy(update={"registry": RegistrySettings(embedded_port=0)})


async def latest_ids(url: str, topics) -> dict[str, int]:
    async with RegistryClient(url) as client:
        return {t: (await client.latest(f"{t}-value"))[0] for t in topics}


async def test_the_registry_reads_the_same_schema_ids_after_replay(tmp_path, key):
    source = fresh_broker(tmp_path / "source")
    try:
        settings = with_registry(settings_for(source.bootstrap, tmp_path))
        registry = await start_registry(settings, source.bootstrap)
        try:
            async with RegistryClient(registry.url) as client:
                await client.register("scratch-value", SCRATCH)  # so the hub's ids do not start at 1
            ids = await register_schemas(settings, registry.url)
        finally:
            await registry.stop()
        service = ArchiveService(settings, source.bootstrap, key)
        await service.start()
        last = (await read_everything(source.bootstrap, [SCHEMAS]))[-1]
        assert await service.wait_archived(SCHEMAS, 0, last[2], 10)
        await service.stop()
    finally:
        source.stop()
    assert min(ids.values()) > 1

    target = fresh_broker(tmp_path / "target")
    try:
        settings = with_registry(settings_for(target.bootstrap, tmp_path))
        stats = await replay(settings.archive_dir, settings, target.bootstrap)
        assert stats.schemas == stats.per_topic[SCHEMAS] > len(ids)
        registry = await start_registry(settings, target.bootstrap)
        try:
            assert await latest_ids(registry.url, ids) == ids
            assert await register_schemas(settings, registry.url) == ids  # what `hub up` does next: no new ids
        finally:
            await registry.stop()
    finally:
        target.stop()
