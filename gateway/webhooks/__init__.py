"""Webhooks: subscriptions, and signed, retried, recorded deliveries of supplier alerts.

``build(gw)`` makes the ``WebhookService`` (``gw.webhooks``), a gateway
component. What it keeps, and where:

- subscriptions on the compacted ``hub.subscriptions.v1``, one record per
  state change, the signing secret sealed (``sealing``), read whole by every
  replica (``store.SubscriptionStore``);
- every attempt, and every delivery still due, on
  ``hub.webhook-deliveries.v1`` (``store.DeliveryLog``), also read whole by
  every replica;
- the dispatcher (``dispatcher``) turns alerts into attempts
  (``client``: SSRF-checked, pinned, signed per ``signing``) and decides
  retries (``policy``).

Nothing lives only in process memory: a gateway restarted, or another
replica, carries on from Kafka. See docs/operations.md, "Webhooks".

Public API (what routes call):

- ``create(caller, url, filter) -> (Subscription, secret)``; raises
  ``WebhookRequestError`` (422) naming each bad field;
- ``owned(caller)``, ``get_owned(caller, id)``, ``delete_owned(caller, id)``:
  a caller sees only its own (a partner's, or a partner-less client's);
- ``deliveries(id, limit, cursor)``, ``all_subscriptions(limit, cursor)``,
  ``all_deliveries(limit, cursor, subscription_id=, outcome=)``: pages of
  ``(items, next_cursor)``, newest first;
- ``start()``, ``stop()``, ``ready()`` (the Component protocol).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

from hub.core.subscriptions import InvalidFilter, parse_filter
from hub.errors import HubError
from hub.kafka.topics import SUBSCRIPTIONS, SUPPLIERS, WEBHOOK_DELIVERIES

from .client import DeliveryClient
from .dispatcher import GROUP_ID, Dispatcher
from .policy import OUTCOMES, RetryPolicy
from .sealing import KEY_FILE_NAME, WebhookKey
from .signing import new_secret
from .ssrf import AddressRefused, DnsError, UrlRejected, parse_url, pin, resolve
from .store import ACTIVE, DELETED, DeliveryLog, Subscription, SubscriptionStore
from .tail import TopicTail

__all__ = ["WebhookRequestError", "WebhookService", "build"]

log = logging.getLogger(__name__)

#: Subscriptions one owner may hold at once (a partner, or a client without one).
MAX_SUBSCRIPTIONS = 25
#: How long ``create`` waits for DNS to judge a URL early (every attempt judges it again anyway).
RESOLVE_TIMEOUT_S = 2.0
#: How long an alert batch waits for the read model to reach the merged view written before it.
HOLDINGS_WAIT_S = 2.0


class WebhookRequestError(HubError):
    """A subscription request the hub cannot accept; ``problems`` are ``(path, message)`` pairs."""

    http_status = 422

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))
        self.problems = problems


class WebhookMetrics:
    def __init__(self, registry) -> None:
        self.deliveries = Counter("hub_gateway_webhook_deliveries", "webhook delivery attempts by outcome",
                                  ["outcome"], registry=registry)
        self.attempt_seconds = Histogram("hub_gateway_webhook_attempt_seconds", "time one delivery attempt took",
                                         buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15), registry=registry)
        self.pending = Gauge("hub_gateway_webhook_pending", "deliveries waiting for a retry on this replica",
                             registry=registry)
        self.skipped = Counter("hub_gateway_webhook_duplicates_skipped",
                               "alerts not delivered again: the subscription already has an attempt for them",
                               registry=registry)
        for outcome in OUTCOMES:  # every outcome shows, at 0, from the start
            self.deliveries.labels(outcome)


class WebhookService:
    name = "webhooks"

    def __init__(self, gw, *, policy: RetryPolicy | None = None, group_id: str = GROUP_ID,
                 resolver=resolve, verify: Any = True):
        self.gw = gw
        self.settings = gw.settings
        self.policy = policy or RetryPolicy.from_settings(gw.settings)
        self.metrics = WebhookMetrics(gw.metrics.registry)
        self.store = SubscriptionStore()
        self.log = DeliveryLog()
        self.dispatcher = Dispatcher(self, group_id=group_id)
        self.key: WebhookKey | None = None
        self.client: DeliveryClient | None = None
        self.subs_tail: TopicTail | None = None
        self.log_tail: TopicTail | None = None
        self._resolver = resolver
        self._verify = verify
        self._key_problem: str | None = None

    # --- lifecycle ------------------------------------------------------------

    @property
    def serde(self):
        return self.gw.publisher.serde

    async def start(self) -> None:
        gw = self.gw
        self.key = WebhookKey.load_or_create(gw.settings.data_path(gw.hub, KEY_FILE_NAME))
        self.client = DeliveryClient(self.settings.webhook_timeout_s, self.settings.webhook_allow_loopback,
                                     resolver=self._resolver, verify=self._verify)
        k = gw.hub.kafka
        self.subs_tail = TopicTail(k, gw.bootstrap, SUBSCRIPTIONS, self._on_subscription,
                                   client_id="hub-gateway-subscriptions")
        self.log_tail = TopicTail(k, gw.bootstrap, WEBHOOK_DELIVERIES, self._on_delivery,
                                  client_id="hub-gateway-deliveries")
        await self.subs_tail.start()
        await self.log_tail.start()
        self.dispatcher.start()

    async def stop(self) -> None:
        await self.dispatcher.stop(timeout_s=self.settings.webhook_timeout_s + 5)
        for tail in (self.log_tail, self.subs_tail):
            if tail is not None:
                await tail.stop()
        if self.client is not None:
            await self.client.close()

    def ready(self) -> tuple[bool, str]:
        if self.subs_tail is None or self.log_tail is None:
            return False, "not started"
        if not self.subs_tail.caught_up:
            return False, "reading hub.subscriptions.v1"
        if not self.log_tail.caught_up:
            return False, "reading hub.webhook-deliveries.v1"
        if not self.dispatcher.running:
            return False, "the dispatcher is not running"
        if self._key_problem:
            return False, self._key_problem
        return True, "subscriptions and delivery log caught up; dispatcher running"

    async def _on_subscription(self, msg) -> None:
        sub_id = msg.key.decode("utf-8")
        sub = None
        if msg.value is not None:
            sub = Subscription.from_record(await self.serde.decode_async(SUBSCRIPTIONS, msg.value))
            if sub.active and not self.key.knows(sub.key_id):
                self._key_problem = "an active subscription was sealed with a webhook key this replica lacks"
                log.error("subscription %s was sealed with webhook key %s, which %s does not hold; replicas "
                          "must share one key file", sub.id, sub.key_id, KEY_FILE_NAME)
        self.store.apply(sub, sub_id, msg.partition, msg.offset)

    async def _on_delivery(self, msg) -> None:
        self.log.apply(await self.serde.decode_async(WEBHOOK_DELIVERIES, msg.value), msg.partition, msg.offset)
        self.dispatcher.wakeup()

    # --- what the dispatcher needs ------------------------------------------------

    async def holdings(self):
        """``partner -> hub_ids it holds records for``, from the read model, or None without one.

        An alert's ``partners`` are the holders when it was raised; a record
        that joined the supplier in the same processor batch, or since, is
        only in the merged view. The processors write the view before the
        alert, so the read model is first brought up to the end of
        ``hub.suppliers.v1`` as of now (waiting at most ``HOLDINGS_WAIT_S``).
        """
        rm = self.gw.read_model
        ingest = getattr(rm, "ingest", None)
        if rm is None or ingest is None:
            return None
        ends = await self.subs_tail.end_offsets_of(SUPPLIERS)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (0 if ingest.error else HOLDINGS_WAIT_S)  # a stopped ingest will not catch up
        while loop.time() < deadline:
            reached = ingest.reached_of(SUPPLIERS)
            if all(reached.get(p, -1) >= end - 1 for p, end in ends.items() if end > 0):
                break
            await asyncio.sleep(0.02)
        cache: dict[str, frozenset[str]] = {}

        def held_by(partner: str) -> frozenset[str]:
            if partner not in cache:
                cache[partner] = frozenset(rm.hub_ids_of(partner))
            return cache[partner]

        return held_by

    def secret_of(self, sub: Subscription) -> str:
        return self.key.open(sub.secret_ciphertext, sub.key_id, sub.id)

    async def record_delivery(self, record: dict[str, Any]) -> None:
        [pos] = await self.gw.publisher.publish(WEBHOOK_DELIVERIES, "WebhookDelivery",
                                                [(record["subscription_id"].encode("utf-8"), record)])
        self.log.apply(record, pos.partition, pos.offset)
        self.metrics.deliveries.labels(record["outcome"]).inc()
        self.dispatcher.wakeup()

    async def set_state(self, sub: Subscription, state: str, reason: str | None) -> Subscription:
        changed = sub.with_state(state, reason, dt.datetime.now(dt.timezone.utc))
        await self._write(changed)
        return changed

    async def _write(self, sub: Subscription) -> None:
        [pos] = await self.gw.publisher.publish(SUBSCRIPTIONS, "WebhookSubscription",
                                                [(sub.id.encode("utf-8"), sub.to_record(str(uuid.uuid4())))])
        self.store.apply(sub, sub.id, pos.partition, pos.offset)

    # --- the API -----------------------------------------------------------------

    async def create(self, caller, url: str, filter: dict | None) -> tuple[Subscription, str]:
        """A new active subscription of ``caller``, and its secret (shown this once)."""
        allow = self.settings.webhook_allow_loopback
        problems: list[tuple[str, str]] = []
        target = None
        try:
            target = parse_url(url, allow)
        except UrlRejected as exc:
            problems.append(("url", str(exc)))
        try:
            subscription_filter = parse_filter(filter, caller.partner)
        except InvalidFilter as exc:
            problems.extend((p.path, p.message) for p in exc.problems)
        if target is not None and not problems:
            try:  # early feedback only: every attempt checks again, after its own resolution
                await asyncio.wait_for(pin(target, allow, self._resolver), RESOLVE_TIMEOUT_S)
            except AddressRefused as exc:
                problems.append(("url", f"{exc}; webhooks may only reach public addresses"))
            except (DnsError, asyncio.TimeoutError):
                pass  # may resolve later (a receiver set up after the subscription)
        if not problems and len(self.owned(caller)) >= MAX_SUBSCRIPTIONS:
            problems.append(("url", f"at most {MAX_SUBSCRIPTIONS} subscriptions each; delete one first"))
        if problems:
            raise WebhookRequestError(problems)
        sub_id, secret = str(uuid.uuid4()), new_secret()
        ciphertext, key_id = self.key.seal(secret, sub_id)
        now = dt.datetime.now(dt.timezone.utc)
        sub = Subscription(sub_id, caller.partner, caller.client_id, url, ACTIVE, subscription_filter,
                           ciphertext, key_id, now, now)
        await self._write(sub)
        return sub, secret

    def owned(self, caller) -> list[Subscription]:
        """The caller's subscriptions that are not deleted, oldest first."""
        subs = [s for s in self.store.all() if s.state != DELETED and s.owned_by(caller.client_id, caller.partner)]
        return sorted(subs, key=lambda s: (s.created_at, s.id))

    def get_owned(self, caller, sub_id: str) -> Subscription | None:
        sub = self.store.get(sub_id)
        if sub is None or sub.state == DELETED or not sub.owned_by(caller.client_id, caller.partner):
            return None
        return sub

    async def delete_owned(self, caller, sub_id: str) -> bool:
        """Delete the caller's subscription; False if it has none by that id. Pending retries are cancelled."""
        sub = self.get_owned(caller, sub_id)
        if sub is None:
            return False
        await self.set_state(sub, DELETED, f"deleted by {caller.client_id}")
        return True

    def deliveries(self, sub_id: str, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
        return _page(self.log.attempts(sub_id), limit, cursor)

    def all_subscriptions(self, limit: int, cursor: str | None) -> tuple[list[Subscription], str | None]:
        entries = ((_key(s.created_at, s.id), s) for s in self.store.all())
        return _page(entries, limit, cursor)

    def all_deliveries(self, limit: int, cursor: str | None, *, subscription_id: str | None = None,
                       outcome: str | None = None) -> tuple[list[dict], str | None]:
        entries = ((k, r) for k, r in self.log.attempts(subscription_id) if outcome is None or r["outcome"] == outcome)
        return _page(entries, limit, cursor)


def _key(at: dt.datetime, *rest: Any) -> tuple:
    return (int(at.timestamp() * 1000), *rest)


def _page(entries: Iterable[tuple[tuple, Any]], limit: int, cursor: str | None) -> tuple[list, str | None]:
    """Newest first; the cursor is the sort key of the last item given (the same on every replica)."""
    ordered = sorted(((_key(k[0], *k[1:]) if isinstance(k[0], dt.datetime) else k, v) for k, v in entries),
                     key=lambda e: e[0], reverse=True)
    if cursor is not None:
        after = _decode_cursor(cursor)
        try:
            ordered = [e for e in ordered if e[0] < after]
        except TypeError:
            raise WebhookRequestError([("cursor", "is not a cursor of this list")]) from None
    page = ordered[:limit]
    more = len(ordered) > limit
    return [v for _, v in page], (_encode_cursor(page[-1][0]) if more else None)


def _encode_cursor(key: tuple) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), separators=(",", ":")).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise WebhookRequestError([("cursor", "is not a cursor this API issued")]) from None
    if not isinstance(value, list) or not all(isinstance(v, (int, str)) for v in value):
        raise WebhookRequestError([("cursor", "is not a cursor this API issued")])
    return tuple(value)


def build(gw) -> WebhookService:
    """The webhook component of ``gw`` (``gateway.wiring.COMPONENT_MODULES``); sets ``gw.webhooks``."""
    gw.webhooks = WebhookService(gw)
    return gw.webhooks
