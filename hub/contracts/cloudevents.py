"""CloudEvents 1.0 binary-mode Kafka headers for the hub's events.

In binary mode the event data is the Kafka value (the framed Avro record) and
the attributes travel as headers: ``ce_specversion``, ``ce_id``, ``ce_source``,
``ce_type``, ``ce_time`` (RFC 3339) and ``content-type``. Header values are
UTF-8 bytes, as Kafka clients (aiokafka, kafka-python) take and give them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hub.contracts.errors import ContractError
from hub.contracts.schemas import NAMESPACE

SPECVERSION = "1.0"
CONTENT_TYPE = "application/avro"
HUB_SOURCE = "/hub"
HUB_PARTNER = "hub"

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True)
class CloudEventAttributes:
    """The CloudEvents context attributes of one Kafka record."""

    id: str
    source: str
    type: str
    time: dt.datetime | None = None
    specversion: str = SPECVERSION
    datacontenttype: str | None = CONTENT_TYPE
    subject: str | None = None
    #: Extension attributes (``ce_<name>`` headers beyond the standard ones).
    extensions: Mapping[str, str] = field(default_factory=dict)

    @property
    def partner(self) -> str | None:
        """The partner id from ``source`` (``/partners/<id>``), ``hub`` for ``/hub``."""
        return partner_of_source(self.source)

    @property
    def schema_name(self) -> str | None:
        """The record name from ``type`` (``se.regionerna.hub.v1.AuditOutcome`` -> ``AuditOutcome``)."""
        prefix = NAMESPACE + "."
        return self.type[len(prefix):] if self.type.startswith(prefix) else None


#: CloudEvents ``subject`` prefix of a person's match decision published by the
#: gateway (``review/<decision_id>``). Such decisions carry the hub's source like
#: the processors' own review items, but they are inputs, not derived output:
#: the archive keeps them (``hub.archive.derived``).
REVIEW_SUBJECT_PREFIX = "review/"


def source_for(partner: str) -> str:
    """``/hub`` for the hub's own events, ``/partners/<partner>`` otherwise."""
    return HUB_SOURCE if partner == HUB_PARTNER else f"/partners/{partner}"


def partner_of_source(source: str) -> str | None:
    if source == HUB_SOURCE:
        return HUB_PARTNER
    if source.startswith("/partners/") and len(source) > len("/partners/"):
        return source[len("/partners/"):]
    return None


def type_for(schema_name: str) -> str:
    """``se.regionerna.hub.v1.<schema_name>`` (a full name is returned as is)."""
    return schema_name if "." in schema_name else f"{NAMESPACE}.{schema_name}"


def format_time(value: dt.datetime | int) -> str:
    """RFC 3339 in UTC with milliseconds, e.g. ``2024-03-05T09:30:00.000Z``.

    ``value`` is a datetime (naive means UTC) or epoch milliseconds.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        value = dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc)
    if not isinstance(value, dt.datetime):
        raise ContractError(f"ce_time must be a datetime or epoch milliseconds, got {type(value).__name__}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    value = value.astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_time(text: str) -> dt.datetime:
    """Parse an RFC 3339 timestamp (``Z`` or an offset) to an aware datetime."""
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ContractError("ce_time is not an RFC 3339 timestamp") from None
    if value.tzinfo is None:
        raise ContractError("ce_time has no UTC offset (RFC 3339 requires one)")
    return value


def build_headers(attrs: CloudEventAttributes) -> Headers:
    """Kafka headers for ``attrs``, in binary content mode."""
    headers: Headers = [
        ("ce_specversion", attrs.specversion.encode()),
        ("ce_id", attrs.id.encode()),
        ("ce_source", attrs.source.encode()),
        ("ce_type", attrs.type.encode()),
    ]
    if attrs.time is not None:
        headers.append(("ce_time", format_time(attrs.time).encode()))
    if attrs.subject is not None:
        headers.append(("ce_subject", attrs.subject.encode()))
    for name, value in attrs.extensions.items():
        headers.append((f"ce_{name}", str(value).encode()))
    if attrs.datacontenttype is not None:
        headers.append(("content-type", attrs.datacontenttype.encode()))
    return headers


def headers_for_event(schema_name: str, record: Mapping[str, Any], subject: str | None = None) -> Headers:
    """Headers for an event record, from its envelope (``event_id``, ``partner``, ``occurred_at``)."""
    try:
        event_id, partner, occurred_at = record["event_id"], record["partner"], record["occurred_at"]
    except KeyError as exc:
        raise ContractError(f"event has no envelope field {exc.args[0]}") from None
    return build_headers(CloudEventAttributes(
        id=str(event_id),
        source=source_for(partner),
        type=type_for(schema_name),
        time=occurred_at,
        subject=subject,
    ))


def parse_headers(headers: Iterable[tuple[str, bytes | str | None]] | Mapping[str, bytes | str | None] | None,
                  ) -> CloudEventAttributes:
    """Read CloudEvents attributes back from Kafka headers.

    ContractError when a required attribute (specversion, id, source, type) is
    missing, the specversion is not 1.0, or ``ce_time`` is not RFC 3339. With a
    repeated header, the last one wins.
    """
    pairs = headers.items() if isinstance(headers, Mapping) else (headers or ())
    values: dict[str, str] = {}
    for name, raw in pairs:
        if raw is None:
            continue
        key = "content-type" if name.lower() == "content-type" else name
        try:
            values[key] = bytes(raw).decode("utf-8") if isinstance(raw, (bytes, bytearray, memoryview)) else str(raw)
        except UnicodeDecodeError:
            raise ContractError(f"header {name} is not UTF-8") from None
    missing = [n for n in ("ce_specversion", "ce_id", "ce_source", "ce_type") if not values.get(n)]
    if missing:
        raise ContractError(f"not a CloudEvent: missing header(s) {', '.join(missing)}")
    if values["ce_specversion"] != SPECVERSION:
        raise ContractError(f"unsupported CloudEvents specversion {values['ce_specversion']!r}; expected {SPECVERSION}")
    standard = {"ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject"}
    extensions = {n[3:]: v for n, v in values.items() if n.startswith("ce_") and n not in standard}
    time = parse_time(values["ce_time"]) if values.get("ce_time") else None
    return CloudEventAttributes(
        id=values["ce_id"],
        source=values["ce_source"],
        type=values["ce_type"],
        time=time,
        specversion=values["ce_specversion"],
        datacontenttype=values.get("content-type"),
        subject=values.get("ce_subject"),
        extensions=extensions,
    )
