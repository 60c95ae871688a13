"""``hub connector run --via kafka`` against the real embedded broker and the real schema registry.

The events are read back with aiokafka (manual assignment) and decoded with
HubSerde: the Avro values, the country key and the CloudEvents headers are
what the stream processors will see. Re-running the same file sends nothing;
a corrected file sends only the changed record.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

import pytest

from hub.cli.main import main
from hub.contracts import HubSerde, SchemaSet
from hub.contracts.cloudevents import parse_headers
from hub.kafka.clients import client_config
from hub.kafka.topics import AUDIT_OUTCOMES, SUPPLIER_RECORDS, TOPICS_BY_NAME, ensure_topics
from hub.registry.client import RegistryClient
from hub.settings import HubSettings, KafkaSettings, RegistrySettings

pytestmark = pytest.mark.integration
SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(scope="module")
def registry_url(bootstrap, tmp_path_factory):
    """The real registry, served from its own event loop in a thread, so the CLI can call asyncio.run."""
    from kafka import KafkaAdminClient

    from hub.registry.server import start_registry

    settings = HubSettings(data_dir=tmp_path_factory.mktemp("reg"), kafka=KafkaSettings(bootstrap=bootstrap),
                           registry=RegistrySettings(embedded_port=0))
    admin = KafkaAdminClient(**client_config(settings.kafka, bootstrap))
    try:
        ensure_topics(admin, 3, 1, (TOPICS_BY_NAME[SUPPLIER_RECORDS], TOPICS_BY_NAME[AUDIT_OUTCOMES]))
    finally:
        admin.close()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    handle = asyncio.run_coroutine_threadsafe(start_registry(settings, bootstrap, port=0), loop).result(60)
    yield handle.url
    asyncio.run_coroutine_threadsafe(handle.stop(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture
def cli_env(monkeypatch, tmp_path, bootstrap, registry_url):
    monkeypatch.setenv("HUB_KAFKA_BOOTSTRAP", bootstrap)
    monkeypatch.setenv("HUB_SCHEMA_REGISTRY_URL", registry_url)
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path / "hub-data"))
    return tmp_path


async def _read_all(bootstrap: str, registry_url: str, topic: str) -> dict:
    """Everything on ``topic`` now: ``{(partition, offset): (key, headers, decoded value)}``.

    Reads from the beginning until the end offsets are passed and a poll comes back empty
    (the embedded broker's end offset can trail a multi-record batch, so it is not trusted alone).
    """
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    out: dict = {}
    try:
        async with RegistryClient(registry_url) as registry:
            serde = HubSerde(SchemaSet.load(), registry)
            await serde.register_topics({topic: "AuditOutcome" if topic == AUDIT_OUTCOMES else "SupplierRecord"})
            tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            ends = await consumer.end_offsets(tps)
            while True:
                batches = await consumer.getmany(timeout_ms=700)
                for tp, records in batches.items():
                    for r in records:
                        out[(tp.partition, r.offset)] = (r.key, r.headers, await serde.decode_async(topic, r.value))
                behind = [tp for tp in tps if await consumer.position(tp) < ends[tp]]
                if not batches and not behind:
                    return out
    finally:
        await consumer.stop()


def _new_since(before: dict, after: dict) -> list[tuple]:
    return [v for k, v in sorted(after.items()) if k not in before]


def test_run_via_kafka_then_rerun_then_correction(cli_env, bootstrap, registry_url, capsys):
    path = Path(shutil.copy(SAMPLES / "sykehusinnkjop-leverandorer.csv", cli_env / "sykehusinnkjop-leverandorer.csv"))
    read = lambda: asyncio.run(_read_all(bootstrap, registry_url, SUPPLIER_RECORDS))  # noqa: E731
    start = read()
    assert main(["connector", "run", "sykehusinnkjop-leverandorer", str(path), "--via", "kafka"]) == 0
    out = capsys.readouterr().out
    assert "sent: 3, unchanged: 0, rejected: 0" in out
    mid = read()
    got = _new_since(start, mid)
    assert sorted(v["record_id"] for _, _, v in got) == ["50012", "50013", "51000"]
    for key, headers, value in got:
        assert key == b"NO" and value["partner"] == "sykehusinnkjop"
        ce = parse_headers(headers)
        assert ce.id == value["event_id"] and ce.source == "/partners/sykehusinnkjop"
        assert ce.type == "se.regionerna.hub.v1.SupplierRecord"
    assert (cli_env / "hub-data" / "connectors" / "sykehusinnkjop-leverandorer.sent.json").is_file()

    assert main(["connector", "run", "sykehusinnkjop-leverandorer", str(path)]) == 0
    assert "sent: 0, unchanged: 3, rejected: 0" in capsys.readouterr().out
    assert read() == mid

    path.write_text(path.read_text(encoding="utf-8").replace("Bryggen 2", "Bryggen 4"), encoding="utf-8")
    assert main(["connector", "run", "sykehusinnkjop-leverandorer", str(path)]) == 0
    assert "sent: 1, unchanged: 2, rejected: 0" in capsys.readouterr().out
    [(key, _, value)] = _new_since(mid, read())
    assert value["record_id"] == "50013" and value["address"] == "Bryggen 4"


def test_audit_sheet_via_kafka_with_rejects(cli_env, bootstrap, registry_url, capsys):
    region = Path(shutil.copy(SAMPLES / "region-uppfoljning-2024.csv", cli_env / "region-uppfoljning-2024.csv"))
    bad = Path(shutil.copy(SAMPLES / "bad-date.csv", cli_env / "bad-date.csv"))
    start = asyncio.run(_read_all(bootstrap, registry_url, AUDIT_OUTCOMES))
    assert main(["connector", "run", "region-audit-followup", str(region)]) == 0
    assert main(["connector", "run", "region-audit-followup", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "row 3, column 'Revisionsdatum'" in out and "Hemlig" not in out
    assert (cli_env / "bad-date.csv.rejects.csv").is_file()
    after = asyncio.run(_read_all(bootstrap, registry_url, AUDIT_OUTCOMES))
    got = {v["audit_id"]: (k, v) for k, _, v in _new_since(start, after)}
    assert set(got) == {"REV-2024-001", "REV-2024-002", "REV-9"}
    key, audit = got["REV-2024-001"]
    assert key == b"MY" and len(audit["findings"]) == 3
    assert {f["severity"] for f in audit["findings"]} == {"major", "critical", "minor"}


def test_dry_run_sends_nothing(cli_env, bootstrap, registry_url, capsys):
    path = Path(shutil.copy(SAMPLES / "hus-toimittajat.jsonl", cli_env / "hus-toimittajat.jsonl"))
    start = asyncio.run(_read_all(bootstrap, registry_url, SUPPLIER_RECORDS))
    assert main(["connector", "run", "hus-toimittajat", str(path), "--dry-run"]) == 0
    assert "dry run: 3 would be sent" in capsys.readouterr().out
    assert asyncio.run(_read_all(bootstrap, registry_url, SUPPLIER_RECORDS)).keys() == start.keys()
