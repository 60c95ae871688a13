"""Batched table writes (hub.processors.batching) against a real Faust table, no broker.

These pin what the module relies on in Faust: the private ``_current_event``
context variable, the changelog encoding of the table's keys and values, and
that Faust's recovery reads the records back into the same state.
"""

import asyncio
import pickle
from types import SimpleNamespace

import faust
import pytest

from hub.processors.batching import DELTA_PREFIX, BatchWrites, ChangelogWriter, current, delta_key, repair
from hub.processors.supplier_view import Pickled
from hub.core.views import RecordSnapshot

# The table's values are pickles by design (the hub's own changelog: hub.processors.supplier_view.Pickled).
pytestmark = pytest.mark.filterwarnings("ignore:The pickle codec calls pickle.loads")


class _Event:
    """What the writer reads of a Faust event (weak-referenceable, as Faust's are)."""

    def __init__(self, partition: int):
        self.message = SimpleNamespace(partition=partition)


_event = _Event


@pytest.fixture
def table():
    app = faust.App("batching-test", broker="kafka://127.0.0.1:1", web_enabled=False, store="memory://",
                    key_serializer="raw", value_serializer="raw")
    return app.Table("state", partitions=3, key_type=str, value_type=Pickled)


class Producer:
    """Stands in for the worker's ``RecordBatches``: records what is handed over, in order."""

    def __init__(self):
        self.sent: list[tuple[str, bytes, bytes | None, int]] = []
        self._added: list[tuple[str, bytes, bytes | None, int]] = []

    def add(self, topic, key, value, partition=None, headers=None):
        self._added.append((topic, key, value, partition))

    async def submit(self):
        last = {}
        for topic, key, value, partition in self._added:
            self.sent.append((topic, key, value, partition))
            fut = asyncio.get_running_loop().create_future()
            fut.set_result(SimpleNamespace(topic_partition=(topic, partition), offset=len(self.sent) - 1))
            last[topic, partition] = (fut, 1)
        self._added = []
        return last


def _replay(table, sent):
    """Faust's recovery path: decode each changelog record and apply it to an empty table."""
    app, topic = table.app, table.changelog_topic
    events = [SimpleNamespace(key=app.serializers.loads_key(topic.key_type, key, serializer=topic.key_serializer),
                              value=None if value is None else app.serializers.loads_value(
                                  topic.value_type, value, serializer=topic.value_serializer),
                              message=SimpleNamespace(value=value, partition=partition))
              for _topic, key, value, partition in sent]
    fresh = app.Table(f"replay-{len(sent)}", partitions=3, key_type=str, value_type=Pickled)
    fresh.apply_changelog_batch(events)
    return dict(fresh.data.data)


def test_current_makes_an_event_fausts_current_event():
    ev = _event(2)
    with current(ev):
        assert faust.current_event() is ev
    assert faust.current_event() is None


def test_a_batch_writes_its_delta_then_each_key_once_encoded_as_faust_would(table):
    snap = RecordSnapshot("adda", "A-1", "e1", None, None, "Nordic Medtech AB", "SE")
    writes, producer = BatchWrites(table, ChangelogWriter(table)), Producer()
    writes.put("records/SE|adda:A-1", "first", _event(1))
    writes.put("records/SE|adda:A-1", snap, _event(1))   # coalesced: one record
    writes.put("suppliers/HUB-1", {"version": 2}, _event(1))
    writes.put("suppliers/HUB-9", {"version": 1}, _event(0))
    assert asyncio.run(writes.flush(producer)) == 5
    topic = table.changelog_topic
    assert [(p, k) for _t, k, _v, p in producer.sent] == [
        (1, topic.prepare_key(delta_key(1), None)[0]),
        (1, topic.prepare_key("records/SE|adda:A-1", None)[0]),
        (1, topic.prepare_key("suppliers/HUB-1", None)[0]),
        (0, topic.prepare_key(delta_key(0), None)[0]),
        (0, topic.prepare_key("suppliers/HUB-9", None)[0]),
    ]
    assert {t for t, *_ in producer.sent} == {topic.get_topic_name()}
    assert producer.sent[1][2] == topic.prepare_value(snap, None)[0]
    assert table.data["records/SE|adda:A-1"] == snap and table.data["suppliers/HUB-1"] == {"version": 2}
    replayed = _replay(table, producer.sent)
    assert {k: v for k, v in replayed.items() if not k.startswith(DELTA_PREFIX)} == {
        "records/SE|adda:A-1": snap, "suppliers/HUB-1": {"version": 2}, "suppliers/HUB-9": {"version": 1}}


def test_a_delete_is_a_tombstone(table):
    writer, producer = ChangelogWriter(table), Producer()
    first = BatchWrites(table, writer)
    first.put("reviews/SE|a|b", "d-1", _event(0))
    asyncio.run(first.flush(producer))
    second = BatchWrites(table, writer)
    second.delete("reviews/SE|a|b", _event(0))
    asyncio.run(second.flush(producer))
    assert "reviews/SE|a|b" not in table.data
    assert producer.sent[-1][2] is None
    assert "reviews/SE|a|b" not in _replay(table, producer.sent)


def test_writes_for_a_partition_no_longer_owned_are_dropped(table):
    writes, producer = BatchWrites(table, ChangelogWriter(table)), Producer()
    writes.put("suppliers/HUB-1", {"version": 2}, _event(1))
    writes.put("suppliers/HUB-9", {"version": 1}, _event(0))
    asyncio.run(writes.flush(producer, owned={0}))
    assert {p for *_x, p in producer.sent} == {0}
    assert "suppliers/HUB-1" not in table.data


def test_repair_finishes_a_batch_a_crash_cut_after_its_delta(table):
    writes, producer = BatchWrites(table, ChangelogWriter(table)), Producer()
    writes.put("suppliers/HUB-1", {"version": 2}, _event(1))
    writes.put("suppliers/HUB-2", {"version": 7}, _event(1))
    asyncio.run(writes.flush(producer))
    cut = producer.sent[:2]                       # the delta and the first key landed; then SIGKILL
    recovered = _replay(table, cut)
    assert "suppliers/HUB-2" not in recovered
    table.data.data.clear()
    table.data.data.update(recovered)
    records = repair(table, _event(1), ChangelogWriter(table))
    assert table.data["suppliers/HUB-2"] == {"version": 7}
    assert _replay(table, cut + [("t", k, v, p) for k, v, p in records])["suppliers/HUB-2"] == {"version": 7}


def test_repair_reads_a_delta_written_before_deltas_carried_pickles(table):
    table.data[delta_key(1)] = {"suppliers/HUB-1": {"version": 3}, "reviews/x": None}
    table.data["reviews/x"] = "d"
    repair(table, _event(1), ChangelogWriter(table))
    assert table.data["suppliers/HUB-1"] == {"version": 3} and "reviews/x" not in table.data


def test_the_writer_refuses_a_table_it_would_encode_differently():
    app = faust.App("batching-json", broker="kafka://127.0.0.1:1", web_enabled=False, store="memory://")
    with pytest.raises(RuntimeError, match="pickle"):
        ChangelogWriter(app.Table("json-values", partitions=3, key_type=str, value_type=dict))


def test_fausts_own_buffer_flush_can_return_with_records_still_queued():
    """Why table writes bypass Faust's ProducerBuffer: its flush gives up after 0.1 s without a send.

    Faust flushes the producer before committing offsets; a flush that
    returns early lets a commit cover events whose state is still queued.
    If this starts failing, Faust's flush has become a real flush.
    """
    from faust.transport.producer import ProducerBuffer

    async def scenario():
        buffer = ProducerBuffer()
        buffer.app = SimpleNamespace(conf=SimpleNamespace(producer_threaded=False))

        async def slow_send(fut):
            await asyncio.sleep(0.3)   # a broker or an event loop busy for 300 ms

        buffer._send_pending = slow_send
        await buffer.start()
        try:
            for i in range(3):
                buffer.put(i)
            await buffer.flush()
            return buffer.size
        finally:
            while not buffer.pending.empty():  # stopping flushes again: nothing left to wait for
                buffer.pending.get_nowait()
            await buffer.stop()

    assert asyncio.run(scenario()) > 0
