"""What every replica knows, rebuilt from Kafka: subscriptions and the delivery log.

``SubscriptionStore`` holds the latest state of every subscription from the
compacted ``hub.subscriptions.v1``; ``DeliveryLog`` holds, from
``hub.webhook-deliveries.v1``, the latest attempt of every webhook id (so a
re-emitted alert is never delivered again), the deliveries waiting for a
retry (with the bytes to send), and recent attempts per subscription for the
API. Both apply records idempotently, in whatever order the local write and
the tail deliver them: a subscription keeps the record with the highest
offset, a webhook id its highest attempt.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from hub.contracts.cloudevents import HUB_PARTNER
from hub.core.subscriptions import SubscriptionFilter

from .policy import RETRYING

log = logging.getLogger(__name__)

ACTIVE, DISABLED, DELETED = "active", "disabled", "deleted"
#: Attempts per subscription kept in memory for ``GET .../deliveries`` (the topic keeps them all).
HISTORY_PER_SUBSCRIPTION = 1000


def _utc(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.fromtimestamp(int(value) / 1000, tz=dt.timezone.utc)


@dataclass(frozen=True)
class Subscription:
    id: str
    #: The subscribing partner; None for a caller without one.
    partner: str | None
    client_id: str
    url: str
    state: str
    filter: SubscriptionFilter
    secret_ciphertext: str
    key_id: str
    created_at: dt.datetime
    updated_at: dt.datetime
    state_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.state == ACTIVE

    def owned_by(self, client_id: str, partner: str | None) -> bool:
        """A partner's subscriptions belong to the partner (any of its clients); others' to the client."""
        return self.partner == partner if partner is not None else (self.partner is None
                                                                    and self.client_id == client_id)

    @classmethod
    def from_record(cls, r: Mapping[str, Any]) -> "Subscription":
        return cls(
            id=r["subscription_id"],
            partner=None if r["partner"] == HUB_PARTNER else r["partner"],
            client_id=r["client_id"],
            url=r["url"],
            state=r["state"],
            filter=SubscriptionFilter.from_record(r["filter"]),
            secret_ciphertext=r["secret_ciphertext"],
            key_id=r["key_id"],
            created_at=_utc(r["created_at"]),
            updated_at=_utc(r["occurred_at"]),
            state_reason=r.get("state_reason"),
        )

    def to_record(self, event_id: str) -> dict[str, Any]:
        return {
            "event_id": event_id,
            "partner": self.partner or HUB_PARTNER,
            "occurred_at": self.updated_at,
            "subscription_id": self.id,
            "client_id": self.client_id,
            "url": self.url,
            "state": self.state,
            "state_reason": self.state_reason,
            "filter": self.filter.as_dict(),
            "secret_ciphertext": self.secret_ciphertext,
            "key_id": self.key_id,
            "created_at": self.created_at,
        }

    def with_state(self, state: str, reason: str | None, at: dt.datetime) -> "Subscription":
        gone = state == DELETED  # a deleted subscription keeps no secret, sealed or not
        return replace(self, state=state, state_reason=reason, updated_at=at,
                       secret_ciphertext="" if gone else self.secret_ciphertext, key_id="" if gone else self.key_id)


class SubscriptionStore:
    """Every subscription's latest state, by id."""

    def __init__(self) -> None:
        self._subs: dict[str, Subscription] = {}
        self._offsets: dict[str, tuple[int, int]] = {}

    def apply(self, sub: Subscription | None, sub_id: str, partition: int, offset: int) -> None:
        """Apply the record at ``partition``/``offset`` (None: a tombstone), unless a later one was applied."""
        seen = self._offsets.get(sub_id)
        if seen is not None and seen[0] == partition and seen[1] >= offset:
            return
        self._offsets[sub_id] = (partition, offset)
        if sub is None:
            self._subs.pop(sub_id, None)
        else:
            self._subs[sub_id] = sub

    def get(self, sub_id: str) -> Subscription | None:
        return self._subs.get(sub_id)

    def all(self) -> list[Subscription]:
        return list(self._subs.values())

    def active(self) -> list[Subscription]:
        return [s for s in self._subs.values() if s.active]


@dataclass(frozen=True)
class Pending:
    """A delivery waiting for its next attempt: the ``retrying`` record and where it lies."""

    partition: int
    offset: int
    record: Mapping[str, Any] = field(repr=False)

    @property
    def webhook_id(self) -> str:
        return self.record["webhook_id"]

    @property
    def due_at(self) -> float:
        return _utc(self.record["next_attempt_at"]).timestamp()


class DeliveryLog:
    """The attempts log: latest state per webhook id, pending retries, recent attempts per subscription."""

    def __init__(self, history: int = HISTORY_PER_SUBSCRIPTION) -> None:
        self._latest: dict[str, tuple[int, int, int]] = {}  # webhook_id -> (attempt, partition, offset)
        self.pending: dict[str, Pending] = {}
        self._history: dict[str, OrderedDict[str, tuple[tuple, dict]]] = {}
        self._history_max = history

    def handled(self, webhook_id: str) -> bool:
        """True once any attempt of ``webhook_id`` is recorded: it is delivered, done, or due again."""
        return webhook_id in self._latest

    def apply(self, record: Mapping[str, Any], partition: int, offset: int) -> None:
        wid = record["webhook_id"]
        rank = (record["attempt"], partition, offset)
        if rank >= self._latest.get(wid, (0, -1, -1)):
            self._latest[wid] = rank
            if record["outcome"] == RETRYING and record.get("next_attempt_at") is not None:
                self.pending[wid] = Pending(partition, offset, dict(record))
            else:
                self.pending.pop(wid, None)
        history = self._history.setdefault(record["subscription_id"], OrderedDict())
        history[record["event_id"]] = ((_utc(record["occurred_at"]), partition, offset), dict(record))
        while len(history) > self._history_max:
            history.popitem(last=False)

    def commit_point(self, partition: int, position: int) -> int:
        """Where the group may commit ``partition``: its oldest pending record, else ``position``."""
        offsets = [p.offset for p in self.pending.values() if p.partition == partition]
        return min(offsets, default=position)

    def attempts(self, subscription_id: str | None = None) -> Iterator[tuple[tuple, dict]]:
        """``(sort key, record)`` of the attempts kept, of one subscription or all."""
        if subscription_id is not None:
            yield from self._history.get(subscription_id, {}).values()
            return
        for history in self._history.values():
            yield from history.values()
