"""``ArchiveService``: consume the archived topics and append every record, durably, in order.

Where it resumes. The archive itself is the record of what is archived, so
the service assigns itself every partition of the archived topics (no group
rebalancing: a second archive elsewhere gets everything too, and Tansu's
slow group joins do not delay the start) and resumes each partition after its
last archived entry. It commits that position to the ``hub-archive`` group
after every fsync, but only so operators can watch the lag with the usual
tools: the position it trusts is the archive's.

Replayed brokers. ``hub up`` replays the archive into a fresh broker, where
the same records sit at the same offsets (replay produces each partition in
order from offset 0; checked against Tansu in tests/archive). On start the
service checks that assumption for every partition: the broker's record at
the last archived offset must have the same content key (entry.py) as the
archived entry. Where it does, everything up to there is already archived.
Where it does not (the archive was replayed into a broker that numbered
offsets differently: a compacted or transactional source, or a non-empty
target), the service reads that partition from the start and skips every
record whose content key the archive already holds, so a replayed copy is
never archived twice and a new record is never missed.

Acknowledgement. ``wait_archived(topic, partition, offset)`` returns True
once the record at that offset is in an fsynced block (or was recognised as
already archived): the gateway answers 202 only after it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from hub.archive import ARCHIVE_GROUP, ARCHIVED_TOPICS, ArchiveError, derived
from hub.archive.entry import Incoming, content_key
from hub.archive.state import content_keys
from hub.archive.writer import ArchiveWriter
from hub.kafka.clients import client_config
from hub.settings import HubSettings

log = logging.getLogger(__name__)

#: Records per poll: one fsync covers them all.
MAX_BATCH = 2000
#: Longest wait for the broker to serve the records the start-up check needs.
CHECK_TIMEOUT_S = 15.0
#: The same where the broker's end offset says there is no such record.
CHECK_DOUBT_S = 2.0
COMMIT_EVERY_S = 1.0


def _key_of(m) -> bytes:
    return content_key(m.topic, m.partition, m.timestamp, m.key, m.value, m.headers or ())


class ArchiveService:
    #: As a component of the gateway (gateway/app.py ``Component``).
    name = "archive"

    def __init__(self, settings: HubSettings, bootstrap: str, key=None, *, archive_dir: Path | None = None,
                 topics: Sequence[str] = ARCHIVED_TOPICS, group_id: str = ARCHIVE_GROUP) -> None:
        self.settings = settings
        self.bootstrap = bootstrap
        self.key = key
        self.directory = Path(archive_dir) if archive_dir is not None else settings.archive_dir
        self.topics = tuple(topics)
        self.group_id = group_id
        #: Why archiving stopped, if it failed (a disk error); waiters then get False.
        self.error: BaseException | None = None
        #: Records seen that the archive already held (replayed copies) / that are derived (see ``derived``).
        self.skipped = 0
        self.derived = 0
        self._writer: ArchiveWriter | None = None
        self._state = None
        self._consumer = None
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._done: dict[tuple[str, int], int] = {}
        self._known: dict[object, set[bytes]] = {}
        self._uncommitted: dict[object, int] = {}
        self._cond = asyncio.Condition()

    @classmethod
    def for_gateway(cls, settings: HubSettings, auth=None) -> "ArchiveService":
        """The archive a gateway process runs (embedded profile), so that a 202 waits for the fsync.

        ``auth`` is the gateway's ``GatewayAuth``: its authorization server's
        key (the hub's ES256 key) signs the checkpoints. Without one (an
        external issuer) the checkpoints go unsigned; run ``hub archive run``
        beside the gateway instead to have them signed.
        """
        if not settings.kafka.bootstrap:
            raise ArchiveError("the archive needs HUB_KAFKA_BOOTSTRAP (hub up sets it for the gateway)")
        server = getattr(auth, "server", None)
        keys = getattr(getattr(server, "keys", None), "keys", None) or []
        if not keys:
            log.warning("no signing key: the archive's checkpoints will not be signed")
        return cls(settings, settings.kafka.bootstrap, keys[0] if keys else None)

    # -- public API ---------------------------------------------------------------------
    async def start(self) -> None:
        """Open the archive, position every partition, and start archiving in the background."""
        from aiokafka import AIOKafkaConsumer
        from aiokafka.errors import KafkaError

        self._writer = await asyncio.to_thread(
            ArchiveWriter(self.directory, self.settings.archive, self.key).open)
        self._state = self._writer.state
        k = self.settings.kafka
        self._consumer = AIOKafkaConsumer(
            **client_config(k, self.bootstrap), group_id=self.group_id, client_id="hub-archive",
            enable_auto_commit=False, auto_offset_reset="earliest", isolation_level="read_committed",
            fetch_max_wait_ms=k.fetch_max_wait_ms, max_poll_records=MAX_BATCH)
        try:
            await self._consumer.start()
            tps = self._partitions()
            self._consumer.assign(tps)
            await self._position(tps)
        except KafkaError as exc:
            await self._close()
            raise ArchiveError(f"cannot read the archived topics from {self.bootstrap}: "
                               f"{exc or type(exc).__name__}") from None
        except BaseException:
            await self._close()
            raise
        self._task = asyncio.create_task(self._run(), name="hub-archive")
        log.info("archiving %d topics (%d partitions) from %s into %s, from seq %d", len(self.topics), len(tps),
                 self.bootstrap, self.directory, self._writer.state.next_seq)

    async def stop(self) -> None:
        """Finish the batch in hand, sign a final checkpoint, release the archive."""
        self._stopping = True
        task, self._task = self._task, None
        if task is not None:
            try:
                await asyncio.wait_for(task, 10.0)
            except asyncio.TimeoutError:
                log.warning("the archive did not finish its batch in 10 s; stopping it")
            except Exception as exc:  # already logged by _run; stopping must go on
                log.debug("archive task ended with %s", exc)
        await self._commit()
        await self._close()
        async with self._cond:
            self._cond.notify_all()

    def archived_offset(self, topic: str, partition: int) -> int | None:
        """The highest offset of this broker's partition known to be archived, or None."""
        return self._done.get((topic, partition))

    async def wait_archived(self, topic: str, partition: int, offset: int, timeout_s: float) -> bool:
        """True once the record at ``offset`` is durably archived; False on timeout or if archiving stopped."""
        if topic not in self.topics:
            raise ValueError(f"topic {topic!r} is not archived")
        key = (topic, partition)
        if self._done.get(key, -1) >= offset:
            return True
        if self._task is None or self._task.done():
            return False

        def ready() -> bool:
            return self._done.get(key, -1) >= offset or self._task is None or self._task.done()

        try:
            async with self._cond:
                await asyncio.wait_for(self._cond.wait_for(ready), timeout_s)
        except asyncio.TimeoutError:
            return False
        return self._done.get(key, -1) >= offset

    def ready(self) -> tuple[bool, str]:
        """(archiving?, why not), for the gateway's readiness probe."""
        if self.error is not None:
            return False, f"the archive cannot write: {self.error}"
        if self._task is None or self._task.done():
            return False, "the archive is not running"
        return True, ""

    @property
    def entries(self) -> int:
        """Entries in the archive (its next seq)."""
        return self._state.next_seq if self._state else 0

    # -- start-up -----------------------------------------------------------------------
    def _partitions(self) -> list:
        from aiokafka import TopicPartition

        missing = [t for t in self.topics if not self._consumer.partitions_for_topic(t)]
        if missing:
            raise ArchiveError(f"the archived topics {', '.join(missing)} do not exist on {self.bootstrap}; "
                               f"create them first (`hub init`)")
        return [TopicPartition(t, p) for t in self.topics for p in sorted(self._consumer.partitions_for_topic(t))]

    async def _position(self, tps: list) -> None:
        c = self._consumer
        begin = await c.beginning_offsets(tps)
        # Only a hint: Tansu answers ListOffsets(latest) with the last *batch's* base offset + 1.
        end = await c.end_offsets(tps)
        last = self._writer.state.last
        check: dict = {}
        odd: list = []
        for tp in tps:
            entry = last.get((tp.topic, tp.partition))
            if entry is None:
                c.seek(tp, begin[tp])
            elif begin[tp] <= entry[0]:
                check[tp] = entry
                c.seek(tp, entry[0])
            else:
                odd.append(tp)
        seen = await self._first_records({tp: end[tp] > entry[0] for tp, entry in check.items()})
        for tp, (offset, ckey) in check.items():
            m = seen.get(tp)
            if m is not None and m.offset == offset and _key_of(m) == ckey:
                c.seek(tp, offset + 1)
                self._done[(tp.topic, tp.partition)] = offset
            else:
                odd.append(tp)
        if odd:
            names = ", ".join(f"{tp.topic}[{tp.partition}]" for tp in odd[:5]) + (" …" if len(odd) > 5 else "")
            log.warning("the broker's offsets differ from the archive's for %s; reading those partitions from the "
                        "start and skipping what the archive already holds", names)
            keys = await asyncio.to_thread(content_keys, self.directory, {(tp.topic, tp.partition) for tp in odd})
            for tp in odd:
                self._known[tp] = keys[(tp.topic, tp.partition)]
                c.seek(tp, begin[tp])

    async def _first_records(self, expected: dict) -> dict:
        """The first record the broker serves at each partition's position.

        ``expected[tp]`` says whether the broker's end offset shows a record
        there; where it does not, the record is only looked for briefly.
        """
        now = time.monotonic()
        deadline = {tp: now + (CHECK_TIMEOUT_S if sure else CHECK_DOUBT_S) for tp, sure in expected.items()}
        seen: dict = {}
        while deadline:
            batches = await self._consumer.getmany(*deadline, timeout_ms=200)
            for tp, msgs in batches.items():
                if tp in deadline and msgs:
                    seen[tp] = msgs[0]
                    del deadline[tp]
            now = time.monotonic()
            deadline = {tp: at for tp, at in deadline.items() if at > now}
        return seen

    # -- the loop -------------------------------------------------------------------------
    async def _run(self) -> None:
        from aiokafka.errors import KafkaError

        last_commit = time.monotonic()
        while not self._stopping:
            try:
                batches = await self._consumer.getmany(timeout_ms=200, max_records=MAX_BATCH)
            except KafkaError as exc:
                log.warning("reading the archived topics failed (%s); retrying", exc or type(exc).__name__)
                await asyncio.sleep(1.0)
                continue
            incoming: list[Incoming] = []
            tops: dict = {}
            for tp, msgs in batches.items():
                known = self._known.get(tp)
                for m in msgs:
                    tops[tp] = m.offset
                    if derived(m.topic, m.headers):
                        self.derived += 1
                        continue
                    if known is not None and _key_of(m) in known:
                        self.skipped += 1
                        continue
                    incoming.append(Incoming(m.topic, m.partition, m.offset, m.timestamp, m.key, m.value,
                                             tuple(m.headers or ())))
            try:
                if incoming:
                    await asyncio.to_thread(self._writer.append, incoming)
                if self._writer.tick_due():
                    await asyncio.to_thread(self._writer.tick)
            except Exception as exc:  # a disk that cannot take writes: nothing more may be acknowledged
                self.error = exc
                log.error("archiving stopped: cannot write to %s: %s", self.directory, exc)
                break
            if tops:
                for tp, offset in tops.items():
                    self._done[(tp.topic, tp.partition)] = offset
                    self._uncommitted[tp] = offset + 1
                async with self._cond:
                    self._cond.notify_all()
            if self._uncommitted and time.monotonic() - last_commit >= COMMIT_EVERY_S:
                await self._commit()
                last_commit = time.monotonic()
        async with self._cond:
            self._cond.notify_all()

    async def _commit(self) -> None:
        """Record the archive's position in the group, for lag monitoring only (best effort)."""
        offsets, self._uncommitted = self._uncommitted, {}
        if not offsets or self._consumer is None:
            return
        try:
            await self._consumer.commit(offsets)
        except Exception as exc:  # the archive, not the group, is the position of record
            log.debug("committing the archive's position to group %s failed: %s", self.group_id, exc)

    async def _close(self) -> None:
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            try:
                await consumer.stop()
            except Exception as exc:  # stopping must not mask the reason we stop
                log.debug("closing the archive's consumer failed: %s", exc)
        writer, self._writer = self._writer, None
        if writer is not None:
            try:
                await asyncio.to_thread(writer.close)
            except Exception as exc:  # the entries are fsynced; only the closing checkpoint is lost
                log.error("closing the archive %s failed: %s", self.directory, exc)
