"""``hub bench pipeline``: the stream processors' speed, as ratios in one run.

All stages run against one embedded broker started for the benchmark, on the
same machine, one after the other:

  (a) ceiling  raw aiokafka consume -> produce echo, no Faust;
  (b) floor    a no-op Faust agent consuming in batches;
  (c) naive    a Faust agent that updates a table and awaits one send per event;
  (d) hub      the full supplier-view pipeline on realistic Avro events;
  (e) latency  produce -> merged record on hub.suppliers.v1, at half of (d)'s rate;
  (d0)         a diagnostic: the worker with a no-op core (hub.bench.adapter_only), the
               ceiling any core sits under in one worker process.

Targets (docs/performance.md): (d) >= 0.6 x (b) and >= 2 x (c); p99 <= 50 ms.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time



def _create(bootstrap: str, topics: dict[str, int]) -> None:
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="bench")
    try:
        existing = set(admin.list_topics())
        new = [NewTopic(t, p, 1) for t, p in topics.items() if t not in existing]
        if new:
            admin.create_topics(new)
    finally:
        admin.close()


async def _fill(bootstrap: str, topic: str, messages: list[tuple[bytes, bytes]]) -> None:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_batch_size=262144)
    await producer.start()
    try:
        for key, value in messages:
            await producer.send(topic, key=key, value=value)
        await producer.flush()
    finally:
        await producer.stop()


async def raw_echo(bootstrap: str, topic: str, out: str, n: int) -> dict:
    """(a): the physical ceiling of this broker and client on this machine."""
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                auto_offset_reset="earliest", max_poll_records=2000, fetch_max_wait_ms=10)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_batch_size=262144)
    await consumer.start()
    await producer.start()
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in parts])
        seen = 0
        t0 = None
        while seen < n:
            batches = await consumer.getmany(timeout_ms=500, max_records=2000)
            for records in batches.values():
                if t0 is None:
                    t0 = time.perf_counter()
                for r in records:
                    await producer.send(out, key=r.key, value=r.value)
                seen += len(records)
        await producer.flush()
        elapsed = time.perf_counter() - t0
    finally:
        await producer.stop()
        await consumer.stop()
    return {"events": seen, "seconds": round(elapsed, 4), "events_per_s": round(seen / elapsed, 1)}


def faust_stage(mode: str, topic: str, n: int, bootstrap: str, timeout_s: float = 300) -> dict:
    """(b), (c): one Faust stage in its own worker process."""
    out = subprocess.run([sys.executable, "-m", "hub.bench.faust_runner", mode, topic, str(n), bootstrap],
                         capture_output=True, text=True, timeout=timeout_s)
    for line in out.stdout.splitlines():
        if '{"mode"' in line:  # the worker's terminal may put escape codes first
            return json.loads(line[line.index('{"mode"'):])
    raise RuntimeError(f"faust stage {mode} printed no result:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")


def run(n: int = 20000, payload_size: int = 400, warm: int = 4000, latency_seconds: float = 10.0,
        adapter_only: bool = True, workers: int = 1) -> dict:
    import random
    import tempfile
    from pathlib import Path

    from hub.bench import hub_stage
    from hub.embedded.sandbox import Sandbox

    rnd = random.Random(7)
    with Sandbox(Path(tempfile.mkdtemp(prefix="hub-bench-"))) as sb:
        bs = sb.bootstrap
        _create(bs, {"bench.raw": 3, "bench.raw-echo": 3})
        payload = os.urandom(payload_size // 2).hex().encode()
        asyncio.run(_fill(bs, "bench.raw", [(b"k%d" % (i % 997), payload) for i in range(n)]))
        result: dict = {"n": n, "machine_cpus": os.cpu_count()}
        result["a_raw_echo"] = asyncio.run(raw_echo(bs, "bench.raw", "bench.raw-echo", n))
        result["b_faust_noop"] = faust_stage("noop", "bench.raw", n, bs)
        result["c_faust_naive"] = faust_stage("naive", "bench.raw", n, bs)
        d, known = hub_stage.throughput(sb, n, warm, rnd)
        result["d_hub_pipeline"] = d
        result["e_latency"] = hub_stage.latency(sb, known, d["events_per_s"] / 2, latency_seconds, rnd)
        if adapter_only:
            result["d0_adapter_only"] = hub_stage.adapter_only(sb)
        if workers > 1:
            one, many = hub_stage.scale_out(sb, 1), hub_stage.scale_out(sb, workers)
            result["scale_out"] = {"one_worker": one, f"{workers}_workers": many,
                                   "ratio": round(many["events_per_s"] / one["events_per_s"], 2)}
    b, c = result["b_faust_noop"]["events_per_s"], result["c_faust_naive"]["events_per_s"]
    result["ratios"] = {
        "d_over_b": round(d["events_per_s"] / b, 3), "target_d_over_b": 0.6,
        "d_over_c": round(d["events_per_s"] / c, 3), "target_d_over_c": 2.0,
        "a_over_b": round(result["a_raw_echo"]["events_per_s"] / b, 2),
    }
    if "d0_adapter_only" in result:
        result["ratios"]["d0_over_b"] = round(result["d0_adapter_only"]["events_per_s"] / b, 3)
    return result


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run(), indent=2))
