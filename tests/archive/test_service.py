"""The archive service and replay against real embedded brokers (Tansu), never a mock."""

from __future__ import annotations

import pytest

from archive_helpers import archived, fresh_broker, mixed, produce, read_everything, settings_for
from hub.archive import ARCHIVED_TOPICS
from hub.archive.replay import replay
from hub.archive.service import ArchiveService
from hub.archive.verify import verify

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def broker_a(tmp_path_factory):
    broker = fresh_broker(tmp_path_factory.mktemp("broker-a"))
    yield broker
    broker.stop()


async def archive_of(broker, directory, key, messages) -> list:
    """Run a service on ``broker`` into ``directory`` while ``messages`` are produced; their metadata."""
    service = ArchiveService(settings_for(broker.bootstrap, directory), broker.bootstrap, key,
                             archive_dir=directory / "archive")
    await service.start()
    try:
        metas = await produce(broker.bootstrap, messages)
        for m in metas:
            assert await service.wait_archived(m.topic, m.partition, m.offset, 10)
        return metas
    finally:
        await service.stop()


async def test_produced_events_are_archived_and_acknowledged_once(broker_a, tmp_path, key):
    settings = settings_for(broker_a.bootstrap, tmp_path)
    service = ArchiveService(settings, broker_a.bootstrap, key)
    await service.start()
    metas = await produce(broker_a.bootstrap, mixed(30))
    for m in metas:
        assert await service.wait_archived(m.topic, m.partition, m.offset, 10)
    last = metas[-1]
    assert service.archived_offset(last.topic, last.partition) >= last.offset
    assert not await service.wait_archived(last.topic, last.partition, last.offset + 1000, 0.3)
    with pytest.raises(ValueError):
        await service.wait_archived("hub.alerts.v1", 0, 0, 0.1)
    await service.stop()
    assert not await service.wait_archived(last.topic, last.partition, last.offset + 1, 0.1)

    # A restart resumes after the last archived record: nothing twice, nothing missed.
    service = ArchiveService(settings, broker_a.bootstrap, key)
    await service.start()
    assert service.archived_offset(last.topic, last.partition) >= last.offset
    metas = await produce(broker_a.bootstrap, mixed(4, tag="again-"))
    for m in metas:
        assert await service.wait_archived(m.topic, m.partition, m.offset, 10)
    await service.stop()
    assert service.skipped == 0
    assert archived(settings.archive_dir) == await read_everything(broker_a.bootstrap, ARCHIVED_TOPICS)
    assert verify(settings.archive_dir).ok


async def test_replay_reproduces_the_broker_and_is_not_archived_again(broker_a, tmp_path, key):
    await archive_of(broker_a, tmp_path, key, mixed(12, tag="r-"))
    directory = tmp_path / "archive"
    original = archived(directory)
    broker_b = fresh_broker(tmp_path)
    try:
        settings = settings_for(broker_b.bootstrap, tmp_path)
        stats = await replay(directory, settings, broker_b.bootstrap)
        assert stats.entries == len(original) and stats.offsets_preserved
        assert await read_everything(broker_b.bootstrap, ARCHIVED_TOPICS) == original

        # The service on the replayed broker sees that its offsets agree, and archives only what is new.
        await archive_of(broker_b, tmp_path, key, mixed(3, tag="after-"))
        now = archived(directory)
        assert len(now) == len(original) + len(mixed(3))
        assert now == await read_everything(broker_b.bootstrap, ARCHIVED_TOPICS)
        assert verify(directory).ok
    finally:
        broker_b.stop()


async def test_replay_into_a_broker_that_numbers_offsets_differently(broker_a, tmp_path, key):
    await archive_of(broker_a, tmp_path, key, mixed(6, tag="s-"))
    directory = tmp_path / "archive"
    before = len(archived(directory))
    broker_c = fresh_broker(tmp_path)
    try:
        await produce(broker_c.bootstrap, mixed(2, tag="already-there-"))  # the target was not empty
        stats = await replay(directory, settings_for(broker_c.bootstrap, tmp_path), broker_c.bootstrap)
        assert not stats.offsets_preserved
        await archive_of(broker_c, tmp_path, key, mixed(3, tag="new-"))
        # The replayed copies are recognised by content; what the archive did not hold is archived.
        assert len(archived(directory)) == before + len(mixed(2)) + len(mixed(3))
        assert verify(directory).ok
    finally:
        broker_c.stop()


async def test_the_processors_own_output_is_not_archived(broker_a, tmp_path, key):
    md = "hub.match-decisions.v1"
    metas = await archive_of(broker_a, tmp_path, key, [
        (md, b"SE", b"review item", [("ce_source", b"/hub"), ("ce_id", b"review-1")]),
        (md, b"SE", b"a person's decision", [("ce_source", b"/partners/region-skane"), ("ce_id", b"d-1")]),
        ("hub.supplier-records.v1", b"SE", b"forwarded copy", [("hub_forwarded", b"1@7")]),
    ])
    kept = [e for e in archived(tmp_path / "archive") if e[2] >= min(m.offset for m in metas) and e[0] in
            (md, "hub.supplier-records.v1") and e[5] in (b"review item", b"a person's decision", b"forwarded copy")]
    assert [e[5] for e in kept] == [b"a person's decision"]
