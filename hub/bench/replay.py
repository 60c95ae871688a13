"""``hub bench replay``: how fast the archive takes events in and gives them back, in one run.

Stages, on one machine, one after another:

  produce   N realistic SupplierRecord events (hub bench pipeline's mix: 70%
            updates, 30% new suppliers), Avro via the registry, CloudEvents
            headers, to a sandbox hub;
  archive   an ArchiveService catching up on them: batches of up to 2,000,
            one fsync each; then the archive's size on disk per 100k events;
  ack       live: events produced one by one at a steady rate, each timed from
            the broker's ack to ``wait_archived`` (what the gateway adds to a 202);
  verify    ``hub archive verify`` over the whole archive;
  replay    into a fresh embedded broker (what ``hub up`` does on start);
  pipeline  stage (d) of ``hub bench pipeline`` on a smaller run, so that the
            replay rate can be given as a ratio to what the processors then
            have to re-process.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path


def _events(rnd: random.Random, n: int) -> list[dict]:
    from hub.bench.hub_stage import _supplier, workload

    known = [_supplier(rnd, i) for i in range(max(1, n // 5))]
    return workload(rnd, known, n, len(known))


async def _wait_all(service, metas, timeout_s: float) -> None:
    last: dict[tuple[str, int], int] = {}
    for m in metas:
        last[(m.topic, m.partition)] = max(m.offset, last.get((m.topic, m.partition), -1))
    for (topic, partition), offset in last.items():
        if not await service.wait_archived(topic, partition, offset, timeout_s):
            raise RuntimeError(f"{topic}[{partition}]@{offset} not archived within {timeout_s:.0f} s")


async def _archive_stages(sb, settings, key, messages, ack_events: int, ack_rate: float) -> dict:
    from aiokafka import AIOKafkaProducer

    from hub.archive.service import ArchiveService
    from hub.kafka import topics as t

    producer = AIOKafkaProducer(bootstrap_servers=sb.bootstrap, acks="all", linger_ms=5, max_batch_size=262144)
    await producer.start()
    try:
        t0 = time.perf_counter()
        futures = [await producer.send(t.SUPPLIER_RECORDS, key=k, value=v, headers=h) for k, v, h in messages]
        metas = await asyncio.gather(*futures)
        produce_s = time.perf_counter() - t0

        service = ArchiveService(settings, sb.bootstrap, key)
        t0 = time.perf_counter()
        await service.start()
        await _wait_all(service, metas, 600)
        archive_s = time.perf_counter() - t0
        archived = service.entries

        latencies = []
        for k, v, h in messages[:ack_events]:
            started = time.perf_counter()
            meta = await (await producer.send(t.SUPPLIER_RECORDS, key=k, value=v, headers=h))
            acked = time.perf_counter()
            assert await service.wait_archived(meta.topic, meta.partition, meta.offset, 30)
            latencies.append((time.perf_counter() - acked) * 1000)
            await asyncio.sleep(max(0.0, 1 / ack_rate - (time.perf_counter() - started)))
        await service.stop()
    finally:
        await producer.stop()
    q = statistics.quantiles(latencies, n=100)
    n = len(messages)
    return {
        "produce": {"events": n, "seconds": round(produce_s, 2), "events_per_s": round(n / produce_s)},
        "archive": {"events": archived, "seconds": round(archive_s, 2), "events_per_s": round(archived / archive_s)},
        "ack_after_broker_ack": {"events": len(latencies), "rate_per_s": ack_rate, "p50_ms": round(q[49], 1),
                                 "p99_ms": round(q[98], 1), "max_ms": round(max(latencies), 1)},
    }


def run(n: int = 100_000, pipeline_events: int = 5000, ack_events: int = 200, ack_rate: float = 50.0) -> dict:
    from joserfc.jwk import ECKey

    from hub.archive.replay import replay
    from hub.archive.verify import verify
    from hub.bench import hub_stage
    from hub.contracts.cloudevents import headers_for_event
    from hub.embedded.broker import EmbeddedBroker
    from hub.embedded.sandbox import Sandbox
    from hub.embedded.supervisor import create_topics
    from hub.kafka import topics as t
    from hub.kafka.partitioning import country_key
    from hub.settings import HubSettings, KafkaSettings

    rnd = random.Random(11)
    key = ECKey.generate_key("P-256", private=True)
    root = Path(tempfile.mkdtemp(prefix="hub-bench-replay-"))
    result: dict = {"n": n}
    with Sandbox(root / "source") as sb:
        serde = sb.serde()
        messages = [(country_key(r["country"]), serde.encode(t.SUPPLIER_RECORDS, r),
                     headers_for_event("SupplierRecord", r)) for r in _events(rnd, n)]
        settings = sb.settings().model_copy(update={"data_dir": root})
        result.update(asyncio.run(_archive_stages(sb, settings, key, messages, ack_events, ack_rate)))
    directory = settings.archive_dir
    files = sorted(directory.glob("archive-*.avro"))
    size = sum(p.stat().st_size for p in files)
    entries = result["archive"]["events"] + result["ack_after_broker_ack"]["events"]
    result["size"] = {"files": len(files), "bytes": size, "bytes_per_event": round(size / entries, 1),
                      "mib_per_100k_events": round(size / entries * 100_000 / 2**20, 2),
                      "codec": settings.archive.codec, "value_bytes_per_event": round(
                          sum(len(v) for _, v, _ in messages) / len(messages), 1)}
    t0 = time.perf_counter()
    report = verify(directory)
    seconds = time.perf_counter() - t0
    result["verify"] = {"ok": report.ok, "seconds": round(seconds, 2), "events_per_s": round(report.entries / seconds)}

    with EmbeddedBroker(port=0, log_file=root / "target.log") as target:
        target_settings = HubSettings(data_dir=root, kafka=KafkaSettings(bootstrap=target.bootstrap,
                                                                         replication_factor=1))
        create_topics(target_settings, target.bootstrap)
        stats = asyncio.run(replay(directory, target_settings, target.bootstrap))
    result["replay"] = {"events": stats.entries, "seconds": round(stats.seconds, 2),
                        "events_per_s": round(stats.events_per_s), "offsets_preserved": stats.offsets_preserved}

    if pipeline_events:
        with Sandbox(root / "pipeline") as sb:
            d, _ = hub_stage.throughput(sb, pipeline_events, max(500, pipeline_events // 5), random.Random(7))
        result["pipeline"] = d
        result["ratios"] = {
            "replay_over_pipeline": round(stats.events_per_s / d["events_per_s"], 1),
            "restart_seconds_per_100k_events": {
                "replay": round(100_000 / stats.events_per_s, 1),
                "reprocess": round(100_000 / d["events_per_s"], 1)},
        }
    return result
