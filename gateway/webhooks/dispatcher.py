"""The dispatcher: alerts in, signed deliveries out, every attempt recorded in Kafka.

One consumer group across gateway replicas (``hub-gateway-webhooks``) on
``hub.alerts.v1`` and ``hub.webhook-deliveries.v1``:

- **Alerts.** For each alert of an assigned partition and each active
  subscription whose filter it passes (and that existed when it was raised),
  the first attempt is made at once. "My suppliers" are those the alert's
  ``partners`` name, or, with a read model, those it says the partner holds
  records for now (``WebhookService.holdings``). Its record (delivered, failed, gone, or
  retrying with the due time and body of the next attempt) is written to
  ``hub.webhook-deliveries.v1`` before the alert's offset is committed: a
  crash in between re-reads the alert, and the attempts already recorded are
  skipped.
- **Retries.** The deliveries topic is split among replicas by the same
  group, but never fetched through it: every replica already reads the whole
  log (``DeliveryLog``), which knows the pending deliveries of every
  partition. A replica makes the due attempts of the partitions it is
  assigned, and commits each such partition only up to its oldest pending
  record, so the group's lag on that topic is the outstanding work. After a
  restart or a rebalance the new owner, having read the log to its end,
  takes the pending deliveries over.
- **Never twice.** The processors may emit an alert again (same alert_id)
  after a crash or an archive replay. A webhook id (alert x subscription)
  with any recorded attempt is never started again, so a delivered alert is
  not delivered twice; the log is read to its end (``sync``) before each
  batch, so this holds across replicas too.

A delivery is at least once: a crash between the HTTP request and its record
repeats the attempt, with the same ``webhook-id`` for receivers to dedupe.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aiokafka.abc import ConsumerRebalanceListener

from hub.contracts.cloudevents import HUB_PARTNER
from hub.contracts.errors import ContractError
from hub.core.subscriptions import matches
from hub.kafka.clients import client_config
from hub.kafka.topics import ALERTS, WEBHOOK_DELIVERIES

from .messages import attempt_event_id, payload, webhook_id
from .policy import CANCELLED, GONE, RETRYING
from .store import DISABLED, Subscription

if TYPE_CHECKING:
    from . import WebhookService

log = logging.getLogger(__name__)

GROUP_ID = "hub-gateway-webhooks"
#: Alerts raised this long before a subscription was created still reach it (clocks of hosts differ).
CREATED_GRACE = dt.timedelta(seconds=60)
#: Attempts in flight at once, over all subscriptions.
CONCURRENCY = 32
#: After a retry could not be made or recorded (Kafka down, key missing), wait this long before the next try.
HOLD_S = 5.0


class Dispatcher:
    def __init__(self, service: "WebhookService", *, group_id: str = GROUP_ID):
        self.svc = service
        self.group_id = group_id
        self._consumer = None
        self._task: asyncio.Task | None = None
        self._retry_loop_task: asyncio.Task | None = None
        self._stopping = False
        self._lock = asyncio.Lock()  # an alert batch, or a revocation, at a time
        self._slots = asyncio.Semaphore(CONCURRENCY)
        self._wakeup = asyncio.Event()
        self._owned: set[int] = set()  # deliveries partitions this replica retries
        self._generation = 0
        self._inflight: set[str] = set()
        self._hold: dict[str, float] = {}
        self._retry_tasks: dict[asyncio.Task, int] = {}
        self._take_over_task: asyncio.Task | None = None
        self._committed: dict[int, int] = {}
        self.last_error: str | None = None

    # --- lifecycle -----------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="webhook-dispatcher")

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def stop(self, timeout_s: float) -> None:
        self._stopping = True
        self._wakeup.set()
        for task in (self._task, self._retry_loop_task):
            if task is None:
                continue
            done, _ = await asyncio.wait({task}, timeout=timeout_s)
            if not done:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        retries = list(self._retry_tasks)
        if retries:  # attempts under way finish and are recorded; nothing new starts
            _, late = await asyncio.wait(retries, timeout=timeout_s)
            for task in late:
                task.cancel()
            await asyncio.gather(*retries, return_exceptions=True)
        await self._close_consumer()

    def wakeup(self) -> None:
        self._wakeup.set()

    # --- the alert stream ---------------------------------------------------------------

    async def _run(self) -> None:
        await asyncio.gather(self.svc.subs_tail.wait_caught_up(), self.svc.log_tail.wait_caught_up())
        self._retry_loop_task = asyncio.create_task(self._retry_loop(), name="webhook-retries")
        while not self._stopping:
            try:
                await self._consume()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.last_error = f"dispatching failed ({type(exc).__name__}); restarting"
                log.exception("webhook dispatcher failed; restarting it")
                await self._close_consumer()
                await asyncio.sleep(2.0)

    async def _consume(self) -> None:
        from aiokafka import AIOKafkaConsumer

        k, gw = self.svc.gw.hub.kafka, self.svc.gw
        self._consumer = AIOKafkaConsumer(
            **client_config(k, gw.bootstrap), group_id=self.group_id, enable_auto_commit=False,
            auto_offset_reset="earliest", session_timeout_ms=int(k.session_timeout_s * 1000),
            heartbeat_interval_ms=int(k.heartbeat_interval_s * 1000), fetch_max_wait_ms=k.fetch_max_wait_ms,
            max_poll_records=200, client_id="hub-gateway-webhooks")
        await self._consumer.start()
        self._consumer.subscribe([ALERTS, WEBHOOK_DELIVERIES], listener=_Rebalance(self))
        while not self._stopping:
            batches = await self._consumer.getmany(timeout_ms=500)
            alerts = {tp: msgs for tp, msgs in batches.items() if tp.topic == ALERTS and msgs}
            async with self._lock:
                if alerts:
                    try:
                        await self._dispatch(alerts)
                    except Exception as exc:
                        self.last_error = f"an alert batch failed ({type(exc).__name__}); retrying it"
                        log.warning("%s", self.last_error, exc_info=True)
                        self._rewind(alerts)
                        await asyncio.sleep(1.0)
                        continue
                    self.last_error = None
                await self._commit({tp: msgs[-1].offset + 1 for tp, msgs in alerts.items()})

    def _rewind(self, alerts: dict) -> None:
        for tp, msgs in alerts.items():
            try:
                self._consumer.seek(tp, msgs[0].offset)
            except Exception:  # revoked meanwhile: its new owner starts from the committed offset
                pass

    async def _dispatch(self, alerts: dict) -> None:
        svc = self.svc
        _, _, held_by = await asyncio.gather(svc.subs_tail.sync(), svc.log_tail.sync(), svc.holdings())
        jobs = []
        for msgs in alerts.values():
            for msg in msgs:
                try:
                    alert = await svc.serde.decode_async(ALERTS, msg.value)
                except ContractError as exc:
                    log.warning("skipping an undecodable alert at %s[%d]@%d: %s", msg.topic, msg.partition,
                                msg.offset, exc)
                    continue
                for sub in svc.store.active():
                    if not self._wants(sub, alert, held_by):
                        continue
                    wid = webhook_id(sub.id, alert["alert_id"])
                    if svc.log.handled(wid) or wid in self._inflight:
                        svc.metrics.skipped.inc()
                        continue
                    self._inflight.add(wid)
                    jobs.append(self._first_attempt(sub, alert, wid))
        failures = [r for r in await asyncio.gather(*jobs, return_exceptions=True) if isinstance(r, BaseException)]
        if failures:
            raise failures[0]

    @staticmethod
    def _wants(sub: Subscription, alert: Mapping[str, Any], held_by) -> bool:
        raised = alert.get("raised_at")
        if isinstance(raised, dt.datetime) and raised < sub.created_at - CREATED_GRACE:
            return False
        holds = bool(held_by and sub.partner and sub.filter.mine and alert["hub_id"] in held_by(sub.partner))
        return matches(sub.filter, alert, sub.partner, holds_records=holds)

    async def _first_attempt(self, sub: Subscription, alert: Mapping[str, Any], wid: str) -> None:
        try:
            await self._attempt(sub, wid, alert["alert_id"], alert["hub_id"], 1, payload(alert))
        finally:
            self._inflight.discard(wid)

    async def _attempt(self, sub: Subscription, wid: str, alert_id: str, hub_id: str, attempt: int,
                       body: bytes) -> None:
        svc = self.svc
        secret = svc.secret_of(sub)  # SealError: not recorded, the alert or retry is tried again later
        async with self._slots:
            started = dt.datetime.now(dt.timezone.utc)
            result = await svc.client.deliver(sub.url, wid, secret, body)
        decision = svc.policy.decide(attempt, result)
        retrying = decision.outcome == RETRYING
        due = time.time() + (decision.delay_s or 0.0)
        await svc.record_delivery({
            "event_id": attempt_event_id(wid, attempt),
            "partner": sub.partner or HUB_PARTNER,
            "occurred_at": started,
            "webhook_id": wid,
            "subscription_id": sub.id,
            "alert_id": alert_id,
            "hub_id": hub_id,
            "attempt": attempt,
            "outcome": decision.outcome,
            "status_code": result.status_code,
            "error": result.error,
            "detail": decision.detail,
            "duration_ms": result.duration_ms,
            "next_attempt_at": dt.datetime.fromtimestamp(due, dt.timezone.utc) if retrying else None,
            "payload": body.decode("utf-8") if retrying else None,
        })
        svc.metrics.attempt_seconds.observe(result.duration_ms / 1000)
        if decision.outcome == GONE:
            await svc.set_state(sub, DISABLED, "the receiver answered 410 Gone")

    async def _commit(self, offsets: dict) -> None:
        """Commit alert offsets, and each owned deliveries partition up to its oldest pending record."""
        from aiokafka.errors import KafkaError

        points = self._delivery_points(self._owned)
        changed = {tp: o for tp, o in points.items() if self._committed.get(tp.partition) != o}
        offsets = dict(offsets) | changed
        if not offsets:
            return
        try:
            await self._consumer.commit(offsets)
        except KafkaError as exc:  # rebalancing: the next owner re-reads (and skips) them
            log.info("commit skipped (%s)", type(exc).__name__)
            return
        self._committed.update({tp.partition: o for tp, o in changed.items()})

    def _delivery_points(self, parts) -> dict:
        """Each deliveries partition in ``parts`` up to its oldest pending record (all read, if none)."""
        from aiokafka import TopicPartition

        log_, tail = self.svc.log, self.svc.log_tail
        return {TopicPartition(WEBHOOK_DELIVERIES, p): log_.commit_point(p, tail.position(p)) for p in parts}

    # --- rebalances ------------------------------------------------------------------

    async def _revoked(self, revoked) -> None:
        async with self._lock:  # the alert batch in flight finishes and commits first
            self._generation += 1
            parts = {tp.partition for tp in revoked if tp.topic == WEBHOOK_DELIVERIES}
            running = [t for t, p in self._retry_tasks.items() if p in parts]
            self._owned -= parts
            if running:
                await asyncio.gather(*running, return_exceptions=True)
            if parts and self._consumer is not None:
                from aiokafka.errors import KafkaError

                try:
                    await self._consumer.commit(self._delivery_points(parts))
                except KafkaError as exc:
                    log.info("commit on revocation skipped (%s)", type(exc).__name__)
            for p in parts:
                self._committed.pop(p, None)

    async def _assigned(self, assigned) -> None:
        mine = [tp for tp in assigned if tp.topic == WEBHOOK_DELIVERIES]
        if mine:
            self._consumer.pause(*mine)  # read through DeliveryLog, never fetched here
        self._take_over_task = asyncio.create_task(self._take_over({tp.partition for tp in mine}, self._generation))

    async def _take_over(self, parts: set[int], generation: int) -> None:
        """Own ``parts`` once the log has everything their previous owner wrote."""
        while not self._stopping and generation == self._generation:
            try:
                await self.svc.log_tail.sync()
            except Exception as exc:
                log.warning("cannot sync the delivery log before taking over retries (%s)", type(exc).__name__)
                await asyncio.sleep(1.0)
                continue
            if generation == self._generation:
                self._owned |= parts
                self._wakeup.set()
            return

    # --- retries --------------------------------------------------------------------

    async def _retry_loop(self) -> None:
        while not self._stopping:
            self._wakeup.clear()
            now, next_due, owned = time.time(), None, 0
            pending = self.svc.log.pending
            for wid in [w for w in self._hold if w not in pending]:
                del self._hold[wid]
            for wid, p in list(pending.items()):
                if p.partition not in self._owned:
                    continue
                owned += 1
                if wid in self._inflight:
                    continue
                due = max(p.due_at, self._hold.get(wid, 0.0))
                if due <= now:
                    self._start_retry(p)
                else:
                    next_due = due if next_due is None else min(next_due, due)
            self.svc.metrics.pending.set(owned)
            timeout = 30.0 if next_due is None else min(30.0, max(0.0, next_due - time.time()))
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout)
            except asyncio.TimeoutError:
                pass

    def _start_retry(self, p) -> None:
        wid = p.webhook_id
        self._inflight.add(wid)
        task = asyncio.create_task(self._retry(p), name=f"webhook-retry-{wid}")
        self._retry_tasks[task] = p.partition

        def done(t: asyncio.Task) -> None:
            self._retry_tasks.pop(t, None)
            self._inflight.discard(wid)
            self._wakeup.set()

        task.add_done_callback(done)

    async def _retry(self, p) -> None:
        rec, svc = p.record, self.svc
        sub = svc.store.get(rec["subscription_id"])
        try:
            if sub is None or not sub.active:
                await self._cancel(rec, sub)
            else:
                await self._attempt(sub, rec["webhook_id"], rec["alert_id"], rec["hub_id"], rec["attempt"] + 1,
                                    rec["payload"].encode("utf-8"))
        except Exception as exc:
            self._hold[p.webhook_id] = time.time() + HOLD_S
            self.last_error = f"a retry could not be made or recorded ({type(exc).__name__})"
            log.warning("%s", self.last_error, exc_info=True)

    async def _cancel(self, rec: Mapping[str, Any], sub: Subscription | None) -> None:
        attempt = rec["attempt"] + 1
        why = "the subscription no longer exists" if sub is None else f"the subscription is {sub.state}"
        await self.svc.record_delivery({
            **{k: rec[k] for k in ("partner", "webhook_id", "subscription_id", "alert_id", "hub_id")},
            "event_id": attempt_event_id(rec["webhook_id"], attempt),
            "occurred_at": dt.datetime.now(dt.timezone.utc),
            "attempt": attempt,
            "outcome": CANCELLED,
            "status_code": None,
            "error": None,
            "detail": why,
            "duration_ms": 0,
            "next_attempt_at": None,
            "payload": None,
        })

    async def _close_consumer(self) -> None:
        consumer, self._consumer = self._consumer, None
        if consumer is None:
            return
        if self._owned:
            try:
                await consumer.commit(self._delivery_points(self._owned))
            except Exception as exc:  # best effort: the log, not this offset, is what resumes deliveries
                log.debug("final commit skipped (%s)", type(exc).__name__)
        self._owned.clear()
        self._committed.clear()
        try:
            await consumer.stop()
        except Exception as exc:
            log.debug("stopping the dispatcher's consumer failed: %s", exc)


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, dispatcher: Dispatcher):
        self.dispatcher = dispatcher

    async def on_partitions_revoked(self, revoked):
        await self.dispatcher._revoked(revoked)

    async def on_partitions_assigned(self, assigned):
        await self.dispatcher._assigned(assigned)
