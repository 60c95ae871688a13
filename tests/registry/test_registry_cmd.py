"""``hub registry``: a one-line error without Kafka; serves and stops cleanly with it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import httpx
import pytest

from hub.cli.main import main


def test_without_kafka_or_running_hub_it_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    for var in ("HUB_KAFKA_BOOTSTRAP", "HUB_SCHEMA_REGISTRY_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path))
    assert main(["registry"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("hub: error: no Kafka") and "\n" not in err


@pytest.mark.integration
def test_serves_until_sigterm(bootstrap, unique, tmp_path):
    env = dict(os.environ, HUB_KAFKA_BOOTSTRAP=bootstrap, HUB_DATA_DIR=str(tmp_path), HUB_LOG_LEVEL="WARNING")
    proc = subprocess.Popen([sys.executable, "-m", "hub", "registry", "--port", "0", "--topic", f"_schemas-{unique}"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = re.search(r"ready on (http://\S+)", line)
        assert match, line + proc.stderr.read() if proc.poll() is not None else line
        url = match.group(1)
        assert httpx.get(f"{url}/subjects").json() == []
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        assert "stopped" in proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
