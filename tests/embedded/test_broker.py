"""The embedded Tansu broker: starts, answers Metadata, stops, and the CLI around it."""

import signal
import subprocess
import sys
import time

import pytest

from hub.embedded.broker import EmbeddedBroker, metadata_ok

pytestmark = pytest.mark.integration


def test_broker_starts_answers_and_stops():
    broker = EmbeddedBroker(port=0).start()
    try:
        assert metadata_ok(broker.bootstrap)
    finally:
        broker.stop()
    assert not metadata_ok(broker.bootstrap, timeout_s=0.3)


def test_hub_broker_command_stops_cleanly_on_sigterm(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "hub", "broker", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
    line = proc.stdout.readline()
    assert "broker ready on 127.0.0.1:" in line
    bootstrap = line.split("ready on ")[1].split()[0]
    assert metadata_ok(bootstrap)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0
    assert "broker stopped" in proc.stdout.read()
    deadline = time.monotonic() + 5
    while metadata_ok(bootstrap, timeout_s=0.3) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not metadata_ok(bootstrap, timeout_s=0.3)


def test_bad_cli_arguments_get_one_line_and_nonzero_exit():
    out = subprocess.run([sys.executable, "-m", "hub", "broker", "--port", "99999"],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "--port" in out.stderr
    out = subprocess.run([sys.executable, "-m", "hub", "brokr"], capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr
