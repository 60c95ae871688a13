"""What one webhook delivery carries: its ids and its body.

Every id is a uuid5 of what it names, so a retry, a restarted gateway or
another replica computes the same ``webhook-id`` for one alert to one
subscription (receivers dedupe on it, per Standard Webhooks), and the same
event id for the record of each attempt on ``hub.webhook-deliveries.v1``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from hub.contracts.cloudevents import format_time
from hub.contracts.jsonform import to_json

EVENT_TYPE = "supplier.alert"
_NS = uuid.uuid5(uuid.NAMESPACE_DNS, "webhooks.hub.regionerna.se")


def webhook_id(subscription_id: str, alert_id: str) -> str:
    """The ``webhook-id`` of one alert to one subscription: the same on every attempt and replica."""
    return "msg_" + uuid.uuid5(_NS, f"{subscription_id}|{alert_id}").hex


def attempt_event_id(wid: str, attempt: int) -> str:
    return str(uuid.uuid5(_NS, f"{wid}|{attempt}"))


def payload(alert: Mapping[str, Any]) -> bytes:
    """The request body: ``{"type": "supplier.alert", "timestamp", "data": <the alert as JSON>}``."""
    body = {"type": EVENT_TYPE, "timestamp": format_time(alert["raised_at"]), "data": to_json(dict(alert))}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
