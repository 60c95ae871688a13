"""The embedded Tansu broker: starts, answers Metadata, stops, and the CLI around it."""

import os
import signal
import subprocess
import sys
import time

import pytest

from hub.embedded.broker import EmbeddedBroker, metadata_ok, process_alive, reap_stale_broker

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


def test_a_broker_left_running_by_a_killed_hub_is_stopped_by_the_next_start(tmp_path):
    pid_file = tmp_path / "broker.pid"
    orphan = EmbeddedBroker(port=0, pid_file=pid_file).start()
    orphan_pid = orphan.pid
    assert pid_file.read_text().strip() == str(orphan_pid)
    orphan._proc = None  # forget it, as a SIGKILLed hub would: no stop() ever runs
    broker = EmbeddedBroker(port=0, pid_file=pid_file).start()
    try:
        assert not metadata_ok(orphan.bootstrap, timeout_s=0.3)
        assert not process_alive(orphan_pid)
        assert pid_file.read_text().strip() == str(broker.pid)
    finally:
        broker.stop()
    assert not pid_file.exists()


def test_a_pid_file_naming_another_process_is_left_alone(tmp_path):
    pid_file = tmp_path / "broker.pid"
    pid_file.write_text(f"{os.getpid()}\n")  # this test's own process: not a Tansu broker
    assert reap_stale_broker(pid_file) is None
    assert not pid_file.exists()
