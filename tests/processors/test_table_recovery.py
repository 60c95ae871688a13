"""Faust's table recovery on the embedded broker restores every changelog record.

Tansu reports a partition's end as its last record batch's base offset + 1;
recovery stopped there and dropped the rest of the batch
(``hub.kafka.end_offsets``). This writes a changelog whose last batch holds
fifty records, then lets a worker built by ``create_app`` recover it.
"""

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from kafka import KafkaAdminClient
from kafka.admin import NewTopic

from hub.embedded.broker import EmbeddedBroker

pytestmark = pytest.mark.integration

SCRIPT = Path(__file__).with_name("recovery_app.py")
CHANGELOG = "recovery-test-t-changelog"


async def _write_changelog(bootstrap: str) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=50)
    await producer.start()
    try:
        for i in range(3):  # three batches of one
            await producer.send(CHANGELOG, key=json.dumps(f"single-{i}").encode(), value=b"1", partition=0)
            await producer.flush()
        for i in range(50):  # then one batch of fifty
            await producer.send(CHANGELOG, key=json.dumps(f"batched-{i}").encode(), value=b"1", partition=0)
        await producer.flush()
    finally:
        await producer.stop()
    return 53


def test_a_worker_recovers_every_key_of_the_changelogs_last_batch(tmp_path):
    broker = EmbeddedBroker(port=0).start()
    try:
        admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
        admin.create_topics([NewTopic(CHANGELOG, 1, 1), NewTopic("recovery-test-input", 1, 1)])
        admin.close()
        expected = asyncio.run(_write_changelog(broker.bootstrap))
        out = subprocess.run([sys.executable, str(SCRIPT), broker.bootstrap, str(tmp_path)],
                             capture_output=True, text=True, timeout=120)
        lines = [line for line in out.stdout.splitlines() if '"keys"' in line]
        assert lines, out.stdout[-2000:] + out.stderr[-2000:]
        assert json.loads(lines[-1][lines[-1].index("{"):]) == {"keys": expected}
    finally:
        broker.stop()
