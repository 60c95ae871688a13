"""Dead letters, following Kafka Connect's conventions.

The DLQ record is the original record: its key, its original bytes and its
original headers, plus ``__connect.errors.*`` headers saying where it came
from and why it failed, so tools built for Connect's DLQs read ours too. The
message is the hub's own (paths and codes only): it never repeats a field's
value, since a value may be confidential (a finding's description).
Reading them back and re-driving them: ``hub.kafka.dead_letters``.
"""

from __future__ import annotations

from hub.kafka.dead_letters import PREFIX, error_headers
from hub.processors.metrics import Metrics


class DeadLetters:
    def __init__(self, topic, metrics: Metrics) -> None:
        self.topic = topic
        self.metrics = metrics

    async def send(self, msg, stage: str, error_class: str, message: str) -> None:
        headers = [(k, v) for k, v in (msg.headers or ()) if not k.startswith(PREFIX)]
        headers += error_headers(msg.topic, msg.partition, msg.offset, stage, error_class, message)
        await self.topic.send(key=msg.key, value=msg.value, headers=headers)
        self.metrics.dead_letter(stage)
