"""``TopicTail``: read every partition of a topic from the beginning, then follow it.

No consumer group: every gateway replica reads the whole topic (manual
assignment, ``seek_to_beginning``), which is how each replica knows every
subscription and every delivery attempt. ``caught_up`` turns true once the
reader has reached the end offsets it saw on start; ``sync()`` waits until
it has read everything written before the call (read-your-writes across
replicas). End offsets are asked on a second, never-fetching consumer:
Tansu answers a connection's requests in order, so a ListOffsets on the
tailing connection would queue behind its long poll.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from hub.errors import HubError
from hub.kafka.clients import client_config
from hub.settings import KafkaSettings

log = logging.getLogger(__name__)


class TopicTail:
    def __init__(self, kafka: KafkaSettings, bootstrap: str, topic: str,
                 on_record: Callable[[Any], Awaitable[None]], *, client_id: str):
        self.topic = topic
        self._config = client_config(kafka, bootstrap)
        self._fetch_max_wait_ms = kafka.fetch_max_wait_ms
        self._on_record = on_record
        self._client_id = client_id
        self._consumer = None
        self._offsets = None
        self._tps: list = []
        self._positions: dict[int, int] = {}
        self._start_ends: dict[int, int] = {}
        self._progress = asyncio.Condition()
        self._task: asyncio.Task | None = None
        self.last_error: str | None = None

    async def start(self) -> None:
        from aiokafka import AIOKafkaConsumer, TopicPartition

        self._consumer = AIOKafkaConsumer(**self._config, group_id=None, enable_auto_commit=False,
                                          auto_offset_reset="earliest", fetch_max_wait_ms=self._fetch_max_wait_ms,
                                          client_id=self._client_id)
        self._offsets = AIOKafkaConsumer(**self._config, group_id=None, enable_auto_commit=False,
                                         client_id=f"{self._client_id}-offsets")
        await self._consumer.start()
        await self._offsets.start()
        await self._offsets.topics()  # loads metadata for every topic
        partitions = self._offsets.partitions_for_topic(self.topic)
        if not partitions:
            raise HubError(f"topic {self.topic} does not exist; run `hub init`")
        self._tps = [TopicPartition(self.topic, p) for p in sorted(partitions)]
        self._consumer.assign(self._tps)
        await self._consumer.seek_to_beginning(*self._tps)
        ends = await self._offsets.end_offsets(self._tps)
        self._start_ends = {tp.partition: off for tp, off in ends.items()}
        self._positions = {tp.partition: 0 for tp in self._tps}
        self._task = asyncio.create_task(self._follow(), name=f"tail-{self.topic}")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        for client in (self._consumer, self._offsets):
            if client is not None:
                try:
                    await client.stop()
                except Exception as exc:  # stopping must not mask why we stop
                    log.debug("closing a %s reader failed: %s", self.topic, exc)
        self._consumer = self._offsets = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def partitions(self) -> list[int]:
        return [tp.partition for tp in self._tps]

    def position(self, partition: int) -> int:
        """The next offset of ``partition`` this reader has not applied."""
        return self._positions.get(partition, 0)

    def _reached(self, ends: dict[int, int]) -> bool:
        return all(self._positions.get(p, 0) >= end for p, end in ends.items())

    @property
    def caught_up(self) -> bool:
        return bool(self._tps) and self._reached(self._start_ends)

    async def wait_caught_up(self) -> None:
        async with self._progress:
            await self._progress.wait_for(lambda: self.caught_up)

    async def end_offsets_of(self, topic: str) -> dict[int, int]:
        """partition -> end offset of any topic (on the never-fetching connection)."""
        from aiokafka import TopicPartition

        partitions = self._offsets.partitions_for_topic(topic) or ()
        ends = await self._offsets.end_offsets([TopicPartition(topic, p) for p in partitions])
        return {tp.partition: off for tp, off in ends.items()}

    async def sync(self, timeout_s: float = 10.0) -> None:
        """Return once every record written to the topic before this call has been applied."""
        ends = await self._offsets.end_offsets(self._tps)
        target = {tp.partition: off for tp, off in ends.items()}
        async with self._progress:
            await asyncio.wait_for(self._progress.wait_for(lambda: self._reached(target)), timeout_s)

    async def _follow(self) -> None:
        while True:
            try:
                batches = await self._consumer.getmany(timeout_ms=500)
                for tp, messages in batches.items():
                    for message in messages:
                        try:
                            await self._on_record(message)
                        except Exception:  # one bad record must not stop the replica reading the rest
                            log.exception("skipping %s[%d]@%d", self.topic, tp.partition, message.offset)
                        self._positions[tp.partition] = message.offset + 1
                for tp in self._tps:  # past compaction gaps and control records
                    self._positions[tp.partition] = max(self._positions[tp.partition],
                                                        await self._consumer.position(tp))
                self.last_error = None
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep following through broker hiccups
                self.last_error = f"reading {self.topic} failed ({type(exc).__name__})"
                log.warning("%s; retrying", self.last_error, exc_info=True)
                await asyncio.sleep(1.0)
                continue
            async with self._progress:
                self._progress.notify_all()
