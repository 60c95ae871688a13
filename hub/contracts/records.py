"""Small helpers to build events: envelopes, deterministic ids, time conversions.

Decoded events carry ``occurred_at`` and other ``timestamp-millis`` fields as
aware UTC datetimes and ``date`` fields as ``datetime.date``; the helpers here
produce the same types, truncated to milliseconds, so a built event equals its
decoded round trip.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

#: Namespace for the hub's deterministic (UUIDv5) event ids. Never change it:
#: ids derived from content must stay the same across releases.
HUB_EVENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:se.regionerna.hub.v1:event")

HUB_PARTNER = "hub"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def utc_now() -> dt.datetime:
    """Now, in UTC, truncated to milliseconds (what timestamp-millis keeps)."""
    return to_datetime(dt.datetime.now(dt.timezone.utc))


def to_datetime(value: dt.datetime | int) -> dt.datetime:
    """An aware UTC datetime at millisecond precision from a datetime (naive = UTC) or epoch ms."""
    if isinstance(value, bool):
        raise TypeError("expected a datetime or epoch milliseconds, got bool")
    if isinstance(value, int):
        return _EPOCH + dt.timedelta(milliseconds=value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    value = value.astimezone(dt.timezone.utc)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def to_millis(value: dt.datetime | int) -> int:
    """Epoch milliseconds from a datetime (naive = UTC) or epoch ms."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return (to_datetime(value) - _EPOCH) // dt.timedelta(milliseconds=1)


def content_event_id(namespace_key: str) -> str:
    """A deterministic event id (UUIDv5) for an event derived from content.

    The same ``namespace_key`` always gives the same id, so a derived event
    that is recomputed (after a restart, or on replay) de-duplicates, e.g.
    ``content_event_id(f"alert:{hub_id}:{trigger_event_id}:{kind}")``.
    """
    return str(uuid.uuid5(HUB_EVENT_NAMESPACE, namespace_key))


def new_envelope(partner: str, occurred_at: dt.datetime | int | None = None,
                 event_id: str | uuid.UUID | None = None) -> dict[str, Any]:
    """The envelope fields of a new event: ``event_id`` (random UUID unless given),
    ``partner``, and ``occurred_at`` (now unless given), ready to ``**``-merge
    into a record."""
    if not partner:
        raise ValueError("partner is required (use 'hub' for events the hub derives)")
    return {
        "event_id": str(event_id) if event_id is not None else str(uuid.uuid4()),
        "partner": partner,
        "occurred_at": utc_now() if occurred_at is None else to_datetime(occurred_at),
    }


def hub_envelope(namespace_key: str | None = None, occurred_at: dt.datetime | int | None = None) -> dict[str, Any]:
    """Envelope for an event the hub derives; a ``namespace_key`` makes its id deterministic."""
    event_id = content_event_id(namespace_key) if namespace_key is not None else None
    return new_envelope(HUB_PARTNER, occurred_at, event_id)
