"""``hub connector run --via gateway`` into a live gateway on the real embedded broker.

The route partners without Kafka access use: OAuth client credentials, JSON
batches with an Idempotency-Key, 202 once durable. Re-running the file
sends nothing new; the events land keyed by country, stamped with the
client's partner.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hub.cli.main import main
from hub.kafka.topics import AUDIT_OUTCOMES, SUPPLIER_RECORDS

pytestmark = pytest.mark.integration
SAMPLES = Path(__file__).parents[2] / "connectors" / "samples"


@pytest.fixture
def cli_env(monkeypatch, tmp_path, gateway, sandbox):
    monkeypatch.setenv("HUB_KAFKA_BOOTSTRAP", sandbox.bootstrap)
    monkeypatch.setenv("HUB_SCHEMA_REGISTRY_URL", sandbox.registry_url)
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path / "connector-data"))
    monkeypatch.setenv("HUB_GATEWAY_URL", gateway.url)
    return tmp_path


def _ids(sandbox, topic):
    return {r.value["event_id"]: r for r in sandbox.read_all(topic)}


def test_supplier_file_via_gateway_then_rerun(cli_env, gateway, sandbox, monkeypatch, capsys):
    monkeypatch.setenv("HUB_CONNECTOR_CLIENT_ID", "sykehusinnkjop")
    monkeypatch.setenv("HUB_CONNECTOR_CLIENT_SECRET", gateway.secret("sykehusinnkjop"))
    path = Path(shutil.copy(SAMPLES / "sykehusinnkjop-leverandorer.csv", cli_env / "leverandorer.csv"))
    before = _ids(sandbox, SUPPLIER_RECORDS)
    assert main(["connector", "run", "sykehusinnkjop-leverandorer", str(path), "--via", "gateway"]) == 0
    assert "sent: 3, unchanged: 0, rejected: 0" in capsys.readouterr().out
    new = {k: r for k, r in _ids(sandbox, SUPPLIER_RECORDS).items() if k not in before}
    assert sorted(r.value["record_id"] for r in new.values()) == ["50012", "50013", "51000"]
    assert {r.key for r in new.values()} == {b"NO"}
    assert {r.value["partner"] for r in new.values()} == {"sykehusinnkjop"}

    assert main(["connector", "run", "sykehusinnkjop-leverandorer", str(path), "--via", "gateway"]) == 0
    assert "sent: 0, unchanged: 3, rejected: 0" in capsys.readouterr().out


def test_audit_sheet_via_gateway_with_rejects(cli_env, gateway, sandbox, monkeypatch, capsys):
    monkeypatch.setenv("HUB_CONNECTOR_CLIENT_ID", "region-ostergotland")
    monkeypatch.setenv("HUB_CONNECTOR_CLIENT_SECRET", gateway.secret("region-ostergotland"))
    region = Path(shutil.copy(SAMPLES / "region-uppfoljning-2024.csv", cli_env / "uppfoljning.csv"))
    bad = Path(shutil.copy(SAMPLES / "bad-date.csv", cli_env / "bad-date.csv"))
    before = _ids(sandbox, AUDIT_OUTCOMES)
    assert main(["connector", "run", "region-audit-followup", str(region), "--via", "gateway"]) == 0
    assert main(["connector", "run", "region-audit-followup", str(bad), "--via", "gateway"]) == 1
    out = capsys.readouterr().out
    assert "row 3, column 'Revisionsdatum'" in out
    new = [r.value for k, r in _ids(sandbox, AUDIT_OUTCOMES).items() if k not in before]
    assert {a["audit_id"] for a in new} == {"REV-2024-001", "REV-2024-002", "REV-9"}
    assert {a["partner"] for a in new} == {"region-ostergotland"}
