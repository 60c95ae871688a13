"""The Faust app, configured from settings (never from the environment).

Choices that matter, and why:

* ``processing_guarantee="at_least_once"``: Tansu cannot serve
  InitProducerId, so Faust's exactly_once is not available on the embedded
  broker. Effects are made idempotent instead (see docs/architecture.md).
* short group timings on the embedded broker (Tansu answers JoinGroup only
  after about half the session timeout);
* ``web_enabled=False``: the worker needs no web server, and several workers
  in one test must not fight over port 6066;
* ``topic_allow_declare=False`` on a real cluster: the hub creates its topics
  itself, with explicit partitions and configs (``hub init``); Faust declares
  only its own changelog topics;
* ``producer_acks=-1`` (all): an acknowledged write survives a broker loss on
  a replicated cluster;
* ``producer_linger=0`` and 512 KiB batches: the supplier view hands a whole
  batch's records to the producer in one go and then waits for them
  (``flush``), so they share produce requests without lingering, and a
  partition's records rarely fill a batch (aiokafka keeps one request in
  flight per broker: a full batch waits a round trip before the next record
  may join). Lingering only delayed every flush by 5 ms.
* two of Faust's consumer methods wrapped: its fetch wait (hard-coded to
  1.5 s, which Tansu holds in full) and the changelog end offsets table
  recovery reads up to (Tansu's stop at the last batch's first record).
"""

from __future__ import annotations

import faust

from hub.kafka.clients import client_config, faust_broker_credentials
from hub.settings import HubSettings


def _set_fetch_max_wait(ms: int) -> None:
    """Faust 0.15 hard-codes ``fetch_max_wait_ms=1500`` for its consumer; set ours.

    Tansu holds a fetch for the whole wait (see KafkaSettings), so with
    Faust's value every event waited up to 1.5 s on the embedded broker.
    Faust offers no setting, so the consumer factory is wrapped; the value is
    per process, which is one worker's app.
    """
    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

    original = getattr(AIOKafkaConsumerThread, "_hub_original_create_worker_consumer", None)
    if original is None:
        original = AIOKafkaConsumerThread._create_worker_consumer
        AIOKafkaConsumerThread._hub_original_create_worker_consumer = original

    def create_worker_consumer(self, transport):
        consumer = original(self, transport)
        consumer._fetch_max_wait_ms = ms  # read by aiokafka when it starts its fetcher
        return consumer

    AIOKafkaConsumerThread._create_worker_consumer = create_worker_consumer


def _exact_highwaters(client: dict) -> None:
    """Faust recovers tables up to the changelog's end offset; make that offset right.

    Tansu reports the last record batch's base offset + 1 as the end, so
    recovery dropped all but the first record of the last batch of state a
    worker wrote (``hub.kafka.end_offsets``). Faust asks through
    ``AIOKafkaConsumerThread._highwaters`` (only table recovery does), so
    that is wrapped; the client settings are per process, which is one
    worker's app.
    """
    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

    from hub.kafka.end_offsets import exact_end_offsets

    original = getattr(AIOKafkaConsumerThread, "_hub_original_highwaters", None)
    if original is None:
        original = AIOKafkaConsumerThread._highwaters
        AIOKafkaConsumerThread._hub_original_highwaters = original

    async def highwaters(self, partitions):
        reported = await original(self, partitions)
        if self.consumer.in_transaction:
            return reported  # last stable offsets, not ListOffsets: nothing to correct
        return await exact_end_offsets(client, reported)

    AIOKafkaConsumerThread._highwaters = highwaters


def create_app(settings: HubSettings, bootstrap: str, app_id: str | None = None, **overrides) -> faust.App:
    k = settings.kafka
    _set_fetch_max_wait(k.fetch_max_wait_ms)
    _exact_highwaters(client_config(k, bootstrap))
    datadir = settings.data_dir / "faust"
    datadir.mkdir(parents=True, exist_ok=True)  # Faust creates only the last level
    conf = dict(
        broker=[f"kafka://{b.strip()}" for b in bootstrap.split(",")],
        broker_credentials=faust_broker_credentials(k),
        store=settings.processors.store,
        processing_guarantee="at_least_once",
        web_enabled=False,
        autodiscover=False,
        topic_partitions=k.partitions,
        topic_replication_factor=k.replication_factor,
        broker_session_timeout=k.session_timeout_s,
        broker_heartbeat_interval=k.heartbeat_interval_s,
        broker_rebalance_timeout=max(k.session_timeout_s, 10.0),
        broker_commit_interval=1.0,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_linger=0.0,
        producer_max_batch_size=524288,
        stream_buffer_maxsize=8192,
        table_cleanup_interval=3600.0,
        datadir=str(datadir),
        key_serializer="raw",
        value_serializer="raw",
        logging_config=None,
    )
    conf.update(overrides)
    return faust.App(app_id or settings.processors.app_id, **conf)


class _Worker(faust.Worker):
    """Faust's worker without its terminal spinner.

    To spin on every log record, Faust sets the *root* logger to DEBUG when
    the level asked for is WARNING or above (``_setup_spinner_handler``), so
    every ``logger.debug`` in Faust and mode builds a record that the
    handlers then drop: one per message produced, 5% of a busy worker's time.
    A server has no terminal to spin in anyway.
    """

    def on_setup_root_logger(self, logger, level: int) -> None:
        self.spinner = None
        super().on_setup_root_logger(logger, level)


def run_worker(app: faust.App, loglevel: str = "INFO") -> None:
    """Run ``app`` in the foreground until SIGINT/SIGTERM (blocking)."""
    worker = _Worker(app, loglevel=loglevel, quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()
