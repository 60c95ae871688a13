"""Replay: produce every archived record back to its topic and partition, as it was.

Each entry goes to the same topic and partition with its original key,
value (the Confluent-framed bytes, so the same schema ids), headers (so the
same CloudEvents ids) and timestamp, in archive order, which is each
partition's original order: order per key is preserved. ``_schemas`` goes
first, so a registry tailing it knows every schema id before any event that
uses one arrives.

Into a fresh broker (``hub up``) every partition is produced from offset 0
in its original order, so records land at their original offsets too;
``ReplayStats`` says whether they did (``offsets_preserved``).

Replay is idempotent in effect, not in bytes: replaying twice appends the
records twice, and the effects dedupe downstream. The processors drop an
event whose ``event_id`` (or, for audits, content fingerprint) they have
seen; the registry's ``_schemas`` log applies first-record-wins per subject
version and is compacted, so a repeated record changes nothing; and the
archive service recognises replayed copies by their content key and does not
archive them again (service.py).

The archive is checked before anything is produced: a broken chain stops the
replay naming the position (``verify=False`` skips the check).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from collections.abc import Awaitable, Callable
from typing import Any

from hub.archive import ArchiveError
from hub.archive.entry import headers_of
from hub.archive.files import Damage, list_files
from hub.archive.state import iter_archive
from hub.archive.verify import ChainChecker
from hub.kafka.clients import client_config
from hub.kafka.topics import SCHEMAS
from hub.settings import HubSettings

log = logging.getLogger(__name__)

#: Sends in flight before their acknowledgements are collected.
WINDOW = 5000

#: Waits until the consumers of the replayed events have taken every partition up to the given ends.
Pace = Callable[[dict[str, dict[int, int]]], Awaitable[None]]


@dataclass
class ReplayStats:
    directory: str
    files: int = 0
    bytes: int = 0
    entries: int = 0
    schemas: int = 0
    seconds: float = 0.0
    per_topic: dict[str, int] = field(default_factory=dict)
    #: Whether every record landed at the offset it had when archived.
    offsets_preserved: bool = True
    offset_mismatches: int = 0
    #: topic -> partition -> the next offset after the replayed records.
    end_offsets: dict[str, dict[int, int]] = field(default_factory=dict)
    verified: bool = True

    @property
    def events_per_s(self) -> float:
        return self.entries / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "events_per_s": round(self.events_per_s, 1)}


@dataclass
class _Survey:
    files: list[Path]
    last_seq: int = -1
    bytes: int = 0
    schemas: list[dict[str, Any]] = field(default_factory=list)
    partitions: dict[str, int] = field(default_factory=dict)  # topic -> highest partition + 1


def _survey(directory: Path, verify: bool) -> _Survey:
    """One pass: check the chain, collect ``_schemas``, learn which partitions the replay needs."""
    files = list_files(directory)
    survey = _Survey(files, bytes=sum(p.stat().st_size for p in files))
    checker = ChainChecker()
    for at in iter_archive(directory, files):
        item = at.item
        if isinstance(item, Damage):
            if at.file == files[-1] and item.resumed_at is None:
                log.warning("%s ends in a torn block (a crash before it was acknowledged); replaying what precedes it",
                            at.file.name)
                continue
            raise ArchiveError(f"the archive is damaged in {at.file.name} at byte {item.byte_offset} ({item.reason}); "
                               f"nothing was replayed; run `hub archive verify {directory}`")
        e = item.entry
        if verify:
            broken = checker.feed(e)
            if broken:
                raise ArchiveError(f"the archive is broken at {at.file.name} entry #{item.index} (seq {e['seq']}): "
                                   f"{broken.reason}; nothing was replayed; run `hub archive verify {directory}`")
        survey.last_seq = e["seq"]
        if e["topic"] == SCHEMAS:
            survey.schemas.append(e)
        survey.partitions[e["topic"]] = max(survey.partitions.get(e["topic"], 0), e["partition"] + 1)
    return survey


async def replay(archive_dir: Path, settings: HubSettings, bootstrap: str, *, verify: bool = True,
                 schemas: bool = True, events: bool = True, pace: Pace | None = None) -> ReplayStats:
    """Produce the archive at ``archive_dir`` to the Kafka at ``bootstrap``; see the module docstring.

    ``schemas``/``events`` select the ``_schemas`` records and the rest, so
    ``hub up`` can restore the registry's log before the registry starts and
    the events once the processors run. With ``pace``, the replay waits for
    it at every change of topic (``pace`` gets every partition's end so far):
    the processors then see the events of different topics in the order the
    hub first received them, not in whatever order a backlog is fetched.
    """
    from aiokafka import AIOKafkaProducer
    from aiokafka.errors import KafkaError

    directory = Path(archive_dir)
    started = time.perf_counter()
    survey = await asyncio.to_thread(_survey, directory, verify)
    stats = ReplayStats(str(directory), files=len(survey.files), bytes=survey.bytes, verified=verify)
    if survey.last_seq < 0:
        return stats
    producer = AIOKafkaProducer(**client_config(settings.kafka, bootstrap), acks="all", linger_ms=10,
                                max_batch_size=1 << 20, client_id="hub-replay")
    try:
        await producer.start()
        await _check_target(producer, survey, bootstrap)
        sender = _Sender(producer, stats)
        if schemas:
            for e in survey.schemas:
                await sender.send(e)
            await sender.settle()
            stats.schemas = len(survey.schemas)
        previous_topic = None
        for at in iter_archive(directory, survey.files) if events else ():
            if isinstance(at.item, Damage):
                continue
            e = at.item.entry
            if e["seq"] > survey.last_seq:
                break  # appended while we replayed: not part of this replay
            if e["topic"] == SCHEMAS:
                continue
            if pace is not None and previous_topic not in (None, e["topic"]):
                await sender.settle()
                await pace(stats.end_offsets)
            previous_topic = e["topic"]
            await sender.send(e)
        await sender.settle()
        if pace is not None and previous_topic is not None:
            await pace(stats.end_offsets)
    except KafkaError as exc:
        raise ArchiveError(f"replay to {bootstrap} failed after {stats.entries} events: "
                           f"{exc or type(exc).__name__}") from None
    finally:
        await producer.stop()
    stats.seconds = time.perf_counter() - started
    stats.offsets_preserved = stats.offset_mismatches == 0
    return stats


async def _check_target(producer, survey: _Survey, bootstrap: str) -> None:
    await producer.client.force_metadata_update()
    for topic, needed in sorted(survey.partitions.items()):
        have = producer.client.cluster.partitions_for_topic(topic)
        if not have:
            raise ArchiveError(f"the archive holds {topic} but {bootstrap} has no such topic; "
                               f"create the hub's topics first (`hub init`)")
        if len(have) < needed:
            raise ArchiveError(f"the archive holds {topic} partition {needed - 1} but {topic} on {bootstrap} has "
                               f"{len(have)} partitions; set HUB_KAFKA_PARTITIONS={needed} (a topic's partitions "
                               f"cannot be renumbered without re-keying)")


class _Sender:
    """Sends in order, collects acknowledgements a window at a time, and compares offsets."""

    def __init__(self, producer, stats: ReplayStats) -> None:
        self.producer = producer
        self.stats = stats
        self.pending: list[tuple[Any, str, int]] = []
        self.logged = time.monotonic()

    async def send(self, e: dict[str, Any]) -> None:
        fut = await self.producer.send(e["topic"], value=e["value"], key=e["key"], partition=e["partition"],
                                       timestamp_ms=e["timestamp"], headers=headers_of(e))
        self.pending.append((fut, e["topic"], e["offset"]))
        if len(self.pending) >= WINDOW:
            await self.settle()

    async def settle(self) -> None:
        pending, self.pending = self.pending, []
        s = self.stats
        for fut, topic, offset in pending:
            meta = await fut
            if meta.offset != offset:
                s.offset_mismatches += 1
            s.end_offsets.setdefault(topic, {})[meta.partition] = meta.offset + 1
            s.per_topic[topic] = s.per_topic.get(topic, 0) + 1
            s.entries += 1
        if time.monotonic() - self.logged > 10:
            self.logged = time.monotonic()
            log.info("replayed %d events so far", s.entries)


def has_archive(settings: HubSettings) -> bool:
    return settings.archive.enabled and bool(list_files(settings.archive_dir))


async def replay_schemas_on_start(settings: HubSettings, bootstrap: str) -> ReplayStats | None:
    """``hub up``, before the registry starts: its ``_schemas`` log, so schema ids come back the same."""
    if not has_archive(settings):
        return None
    return await replay(settings.archive_dir, settings, bootstrap, events=False)


async def replay_on_start(settings: HubSettings, bootstrap: str, pace: Pace | None = None,
                          schemas: bool = True) -> ReplayStats | None:
    """``hub up``: bring the fresh embedded broker back to where the archive left it, if there is one."""
    if not has_archive(settings):
        return None
    stats = await replay(settings.archive_dir, settings, bootstrap, schemas=schemas, pace=pace)
    log.info("replayed %d archived events from %s in %.1f s (%.0f events/s)", stats.entries, settings.archive_dir,
             stats.seconds, stats.events_per_s)
    return stats
