"""Dead letters, following Kafka Connect's conventions.

The DLQ record is the original record: its key, its original bytes and its
original headers, plus ``__connect.errors.*`` headers saying where it came
from and why it failed, so tools built for Connect's DLQs read ours too. The
message is the hub's own (paths and codes only): it never repeats a field's
value, since a value may be confidential (a finding's description).
"""

from __future__ import annotations

from hub.processors.metrics import Metrics

PREFIX = "__connect.errors."


def error_headers(topic: str, partition: int, offset: int, stage: str, error_class: str,
                  message: str) -> list[tuple[str, bytes]]:
    return [
        (PREFIX + "topic", topic.encode()),
        (PREFIX + "partition", str(partition).encode()),
        (PREFIX + "offset", str(offset).encode()),
        (PREFIX + "stage", stage.encode()),
        (PREFIX + "connector.name", b"hub-processors"),
        (PREFIX + "exception.class.name", error_class.encode()),
        (PREFIX + "exception.message", message.encode("utf-8", "replace")[:4000]),
    ]


class DeadLetters:
    def __init__(self, topic, metrics: Metrics) -> None:
        self.topic = topic
        self.metrics = metrics

    async def send(self, msg, stage: str, error_class: str, message: str) -> None:
        headers = [(k, v) for k, v in (msg.headers or ()) if not k.startswith(PREFIX)]
        headers += error_headers(msg.topic, msg.partition, msg.offset, stage, error_class, message)
        await self.topic.send(key=msg.key, value=msg.value, headers=headers)
        self.metrics.dead_letter(stage)
