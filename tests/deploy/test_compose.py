"""deploy/docker-compose.yml: a KRaft cluster of 3, RF=3, min.insync.replicas=2.

No Docker engine runs here, so the file cannot be started; but it must parse,
with `docker compose config` where the Compose CLI is installed, and always
with the structural checks below.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "docker-compose.yml"


def _kafka_services(doc):
    return {name: s for name, s in doc["services"].items() if s.get("image", "").startswith("apache/kafka")}


def test_compose_declares_a_replicated_kraft_cluster():
    doc = yaml.safe_load(COMPOSE.read_text())
    kafka = _kafka_services(doc)
    assert len(kafka) == 3
    for svc in kafka.values():
        env = svc["environment"]
        assert "controller" in env["KAFKA_PROCESS_ROLES"]
        assert int(env["KAFKA_DEFAULT_REPLICATION_FACTOR"]) == 3
        assert int(env["KAFKA_MIN_INSYNC_REPLICAS"]) == 2
        assert str(env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]).lower() == "false"
    hub_env = doc["services"]["hub-worker"]["environment"]
    assert int(hub_env["HUB_KAFKA_REPLICATION_FACTOR"]) == 3
    assert "kafka-1:9092" in hub_env["HUB_KAFKA_BOOTSTRAP"]


def _compose_cli():
    for cmd in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(cmd[0]) and subprocess.run(cmd + ["version"], capture_output=True).returncode == 0:
            return cmd
    return None


def test_compose_config_parses():
    cmd = _compose_cli()
    if cmd is None:
        pytest.skip("no Compose CLI on this machine (docker compose / docker-compose)")
    out = subprocess.run(cmd + ["-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
