"""Stages (d), (e) and (d0) of ``hub bench pipeline``: the real hub on a sandbox.

(d) throughput: warm the hub with known suppliers, stop the worker, queue a
    realistic mix (70% updates to known suppliers, 30% new ones), start the
    worker and time it by the merged records' timestamps, first to last.
(e) latency: with the worker running, produce at half of (d)'s rate and time
    each event from produce to the merged record that carries its event id
    on hub.suppliers.v1.
(d0) the same worker with a no-op core over every record on the topic
    (``hub.bench.adapter_only``), timed like (d).
(dN) optional: the whole topic through one, then N hub workers in new groups
    (``--workers N``): how the hub scales out by partitions on this machine.
"""

from __future__ import annotations

import asyncio
import random
import signal
import statistics
import time
import uuid
from datetime import datetime, timezone

from hub.embedded.sandbox import Sandbox
from hub.kafka import topics as t
from hub.kafka.partitioning import country_key

COUNTRIES = ("SE", "SE", "SE", "NO", "FI", "DK", "DE", "MY", "PK", "CN", "IN", "VN")
WORDS = ("Nordic", "Medical", "Gloves", "Surgical", "Instruments", "Textile", "Care", "Supply", "Baltic",
         "Polar", "Steel", "Rubber", "Health", "Clinic", "Fjord", "Aurora", "Lotus", "Indus", "Mekong")
FORMS = {"SE": "AB", "NO": "AS", "FI": "Oy", "DK": "ApS", "DE": "GmbH", "MY": "Sdn Bhd", "PK": "(Pvt) Ltd",
         "CN": "Co., Ltd.", "IN": "Private Limited", "VN": "JSC"}
PARTNERS = ("region-skane", "region-vgr", "region-stockholm", "adda", "sykehusinnkjop", "hus")


SYLLABLES = ("ka", "ri", "no", "ve", "sa", "tu", "lo", "mi", "de", "ra", "fo", "gu", "ne", "si", "pa", "to",
             "ly", "ek", "an", "or", "ul", "is", "ba", "ko", "ma", "ha", "jo", "vi")


def _word(rnd: random.Random) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))).capitalize()


def _supplier(rnd: random.Random, i: int) -> dict:
    """A made-up supplier with a name as varied as real ones (blocking matters)."""
    country = rnd.choice(COUNTRIES)
    name = f"{_word(rnd)} {rnd.choice(WORDS)} {FORMS[country]}"
    return {"event_id": str(uuid.uuid4()), "partner": rnd.choice(PARTNERS),
            "occurred_at": datetime.now(timezone.utc), "record_id": f"R{i:07d}", "name": name,
            "trading_names": [], "country": country, "identifiers": [],
            "address": f"{rnd.choice(WORDS)}gatan {rnd.randint(1, 200)}", "postal_code": f"{rnd.randint(10000, 99999)}",
            "city": rnd.choice(WORDS), "sites": [], "categories": ["33141420"], "active": True}


def _update(rnd: random.Random, known: dict) -> dict:
    """What partners' updates mostly are: categories and sites; sometimes a new address."""
    upd = dict(known, event_id=str(uuid.uuid4()), occurred_at=datetime.now(timezone.utc),
               categories=sorted({*known["categories"], rnd.choice(["33169000", "33140000", "18100000"])}),
               sites=[{"site_id": f"S{rnd.randint(1, 3)}", "name": f"{known['name']} plant", "country": rnd.choice(COUNTRIES),
                       "address": None, "postal_code": None, "city": rnd.choice(WORDS), "kind": "factory"}])
    if rnd.random() < 0.05:
        upd["address"] = f"{rnd.choice(WORDS)}vägen {rnd.randint(1, 300)}"
    return upd


def workload(rnd: random.Random, known: list[dict], n: int, start: int) -> list[dict]:
    out = []
    for i in range(n):
        if rnd.random() < 0.7:
            k = rnd.randrange(len(known))
            known[k] = _update(rnd, known[k])
            out.append(known[k])
        else:
            rec = _supplier(rnd, start + i)
            known.append(rec)
            out.append(rec)
    return out


def _publish(sb: Sandbox, records: list[dict]) -> None:
    sb.publish(t.SUPPLIER_RECORDS, "SupplierRecord", records, key_of=lambda r: country_key(r["country"]))


def _merged_rate(sb: Sandbox, before: set, events: int | None = None) -> dict:
    """Events per second from the first to the last merged record not in ``before``, by their timestamps."""
    stamps = sorted(r.timestamp for r in sb.read_all(t.SUPPLIERS, decode=False)
                    if (r.partition, r.offset) not in before)
    seconds = (stamps[-1] - stamps[0]).total_seconds()
    events = len(stamps) if events is None else events
    return {"events": events, "seconds": round(seconds, 3), "events_per_s": round(events / seconds, 1),
            "merged_records": len(stamps)}


def _whole_topic(sb: Sandbox, app_id: str, workers: int = 1, module: str = "hub", timeout_s: float = 600) -> dict:
    """Every supplier record on the topic through ``workers`` workers of a new consumer group
    (``app_id``: its own offsets and state), timed like (d) by the merged records they write."""
    for worker in sb.workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(60)
    before = {(r.partition, r.offset) for r in sb.read_all(t.SUPPLIERS, decode=False)}
    for _ in range(workers):
        sb.start_worker(module, HUB_PROCESSORS_APP_ID=app_id)
    sb.wait_caught_up(timeout_s=timeout_s, group=app_id)
    return _merged_rate(sb, before)


def adapter_only(sb: Sandbox) -> dict:
    """(d0), a diagnostic: every supplier record on the topic through the worker with a no-op core.

    See ``hub.bench.adapter_only``. Its own consumer group reads the topic
    from the start: the records of (d) and (e), one merged record each.
    """
    from hub.bench.adapter_only import APP_ID

    return _whole_topic(sb, APP_ID, module="hub.bench.adapter_only", timeout_s=300)


def scale_out(sb: Sandbox, workers: int) -> dict:
    """(dN), a diagnostic: every supplier record on the topic through ``workers`` hub workers at once.

    How the hub scales: a new consumer group (its own app id, so its own
    state) reads the whole topic, the records of (d) and (e), with the
    partitions shared among the workers (each country lives in one). Run
    with 1 and with N workers in the same run, the ratio is the scale-out
    on this machine; not comparable with (b) and (c), which are one process.
    """
    return {**_whole_topic(sb, f"bench-scale-{workers}", workers), "workers": workers}


def throughput(sb: Sandbox, n: int, warm: int, rnd: random.Random) -> tuple[dict, list[dict]]:
    """(d): the rate at which the worker turns the queued events into merged records.

    Timed like (b) and (c), which time their own processing: from the first
    to the last merged record of the run, by the records' timestamps (the
    worker's clock at send). The first batch falls before the window, so
    the rate reads at most a batch (~1%) high. The old measure, from the
    first to the last offset commit seen from outside (polled every 0.1 s),
    is kept as ``events_per_s_committed``: it adds the commit interval and
    any end-of-run group churn, which made it swing by 2x between runs.
    """
    known = [_supplier(rnd, i) for i in range(warm)]
    _publish(sb, known)
    worker = sb.start_worker()
    sb.wait_caught_up(timeout_s=300)
    worker.send_signal(signal.SIGTERM)
    worker.wait(60)
    before = {(r.partition, r.offset) for r in sb.read_all(t.SUPPLIERS, decode=False)}
    batch = workload(rnd, known, n, warm)
    _publish(sb, batch)
    sb.start_worker()
    initial = sb.group_lag()
    first = None
    while True:
        lag = sb.group_lag()
        now = time.perf_counter()
        if first is None and lag < initial:
            first = now
        if lag == 0:
            break
        time.sleep(0.1)
    committed = now - first
    return {**_merged_rate(sb, before, n), "seconds_committed": round(committed, 3),
            "events_per_s_committed": round(n / committed, 1)}, known


async def _latency(sb: Sandbox, records: list[dict], rate: float) -> tuple[list[float], list[float]]:
    """Per event: ms from produce until this consumer saw its merged record, and
    until the hub's producer stamped that record (the record's CreateTime; same clock,
    one machine)."""
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

    from hub.contracts.cloudevents import headers_for_event

    serde = sb.serde()
    sent: dict[str, tuple[float, float]] = {}
    lat: list[float] = []
    stamped: list[float] = []
    consumer = AIOKafkaConsumer(bootstrap_servers=sb.bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    await consumer.start()
    tps = [TopicPartition(t.SUPPLIERS, p) for p in range(sb.partitions)]
    consumer.assign(tps)
    await consumer.seek_to_end(*tps)
    producer = AIOKafkaProducer(bootstrap_servers=sb.bootstrap, acks="all", linger_ms=0)
    await producer.start()

    async def produce() -> None:
        interval = 1.0 / rate
        t0 = time.perf_counter()
        for i, rec in enumerate(records):
            delay = t0 + i * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            value = serde.encode(t.SUPPLIER_RECORDS, rec)
            sent[rec["event_id"]] = (time.perf_counter(), time.time() * 1000)
            await producer.send(t.SUPPLIER_RECORDS, key=country_key(rec["country"]), value=value,
                                headers=headers_for_event("SupplierRecord", rec))

    async def consume() -> None:
        pending = {r["event_id"] for r in records}
        deadline = time.perf_counter() + len(records) / rate + 60
        while pending and time.perf_counter() < deadline:
            batches = await consumer.getmany(timeout_ms=200)
            now = time.perf_counter()
            for msgs in batches.values():
                for m in msgs:
                    view = serde.decode(t.SUPPLIERS, m.value)
                    for src in view["source_records"]:
                        if src["event_id"] in pending and src["event_id"] in sent:
                            pending.discard(src["event_id"])
                            at, wall_ms = sent[src["event_id"]]
                            lat.append((now - at) * 1000)
                            stamped.append(m.timestamp - wall_ms)

    try:
        await asyncio.gather(produce(), consume())
    finally:
        await producer.stop()
        await consumer.stop()
    return lat, stamped


def latency(sb: Sandbox, known: list[dict], rate: float, seconds: float, rnd: random.Random) -> dict:
    records = workload(rnd, known, int(rate * seconds), len(known) + 10_000_000)
    seen, stamped = asyncio.run(_latency(sb, records, rate))
    if not seen:
        return {"rate_per_s": rate, "samples": 0}
    lat, at_send = sorted(seen), sorted(stamped)
    q, qs = statistics.quantiles(lat, n=100), statistics.quantiles(at_send, n=100)
    return {"rate_per_s": round(rate, 1), "samples": len(lat), "of": len(records),
            "p50_ms": round(q[49], 1), "p99_ms": round(q[98], 1), "max_ms": round(lat[-1], 1),
            # Until the hub's producer stamped the merged record (its CreateTime): without the
            # producer's flush and this consumer's own fetch wait (the instrument's share).
            "p50_ms_to_send": round(qs[49], 1), "p99_ms_to_send": round(qs[98], 1)}
