"""Content fingerprints, for de-duplication.

Two kinds of duplicate reach the hub:

- the *same event* delivered twice (Kafka at-least-once, a producer retry,
  redelivery after a crash): same event_id and content;
- the *same content* under two event ids: an audit pushed once over HTTP and
  once by a partner's connector.

The processors catch both without a seen-set: a partner's record or audit
replaces the stored snapshot only when it is a later assertion with other
content (``hub.core.merge.supersedes``), so neither kind changes anything.
``fingerprint`` is the content identity the edges use: the connector engine
derives its event ids from it, so a record sent twice carries one id, and
it hashes the event without its envelope (event_id, occurred_at), so an
HTTP push and a connector's push of one audit get the same digest.

Canonical form: JSON with sorted keys and no whitespace; dates and datetimes
in ISO 8601 (datetimes in UTC); UUIDs, sets and tuples as strings/lists;
keys whose value is None dropped (an HTTP body may omit an optional field
that Avro decoding fills with null); and every list sorted by its elements'
canonical form, because no list in the hub's schemas is order-significant
(findings, identifiers, participating partners are sets) and a connector
need not emit them in the gateway's order.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime, timezone
from enum import Enum

#: Envelope fields that differ between two deliveries of the same content.
ENVELOPE_FIELDS = frozenset({"event_id", "occurred_at"})


def _canon(value):
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_canon(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return _canon(value.value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def canonical_json(value) -> str:
    """The canonical JSON text of a decoded event or rendered view."""
    return json.dumps(_canon(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(event: dict, exclude: frozenset[str] = ENVELOPE_FIELDS) -> str:
    """sha256 hex of the event's content without its envelope fields.

    The publishing ``partner`` stays in: the same audit text from two
    partners is two partners' assertions, not a duplicate.
    """
    body = {k: v for k, v in event.items() if k not in exclude}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
