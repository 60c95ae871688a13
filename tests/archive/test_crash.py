"""``hub archive run`` SIGKILLed mid-stream, then run again: every record archived exactly once, chain intact."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter

import pytest

from archive_helpers import archived, fresh_broker, mixed, produce, read_everything
from hub.archive import ARCHIVED_TOPICS
from hub.archive.state import iter_entries
from hub.archive.verify import verify

pytestmark = pytest.mark.integration


def archive_run(bootstrap: str, data_dir) -> subprocess.Popen:
    env = dict(os.environ, HUB_KAFKA_BOOTSTRAP=bootstrap, HUB_DATA_DIR=str(data_dir), HUB_LOG_LEVEL="WARNING",
               HUB_KAFKA_REPLICATION_FACTOR="1", HUB_KAFKA_FETCH_MAX_WAIT_MS="10",
               HUB_ARCHIVE_CHECKPOINT_EVERY="50")
    proc = subprocess.Popen([sys.executable, "-m", "hub", "archive", "run"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    first = proc.stdout.readline()
    assert first.startswith("archiving "), first + proc.stderr.read()
    return proc


async def entries_at_least(directory, n: int, timeout_s: float = 30) -> None:
    for _ in range(int(timeout_s * 20)):
        if sum(1 for _ in iter_entries(directory)) >= n:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {n} entries archived after {timeout_s:.0f} s")


async def test_a_killed_archive_resumes_without_gaps_or_duplicates(tmp_path):
    broker = fresh_broker(tmp_path)
    directory = tmp_path / "archive"
    try:
        proc = archive_run(broker.bootstrap, tmp_path)
        try:
            for i in range(10):  # a steady stream; the kill lands while it flows
                await produce(broker.bootstrap, mixed(15, tag=f"b{i}-"))
                if i == 5:
                    await entries_at_least(directory, 1)
                    proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
        await produce(broker.bootstrap, mixed(5, tag="after-"))
        total = len(await read_everything(broker.bootstrap, ARCHIVED_TOPICS))

        proc = archive_run(broker.bootstrap, tmp_path)
        await entries_at_least(directory, total)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err
        assert f"archive stopped: {total} entries" in out
        positions = Counter(e[:3] for e in archived(directory))
        assert max(positions.values()) == 1
        assert archived(directory) == await read_everything(broker.bootstrap, ARCHIVED_TOPICS)
        report = verify(directory)
        assert report.ok and report.covering[-1].seq == total - 1
    finally:
        broker.stop()
