"""Encode and decode the hub's events: fastavro + the Confluent wire format.

``HubSerde`` binds topics to the hub's schemas (TopicNameStrategy: subject
``<topic>-value``), registers them once at start-up, and then encodes and
decodes synchronously. The per-event path does no awaiting and no parsing:
schemas are parsed once, the 5-byte frame header is built once per topic, and
the (writer, reader) pair for each (topic, writer schema id) is resolved once
and cached.

Decoding resolves the writer's schema against the hub's reader schema for the
topic, so values written with an older (or newer, compatible) schema version
decode into the shape the hub's code expects. When the two schemas read bytes
alike (equal Parsing Canonical Form) resolution is skipped.

Decoded values: ``timestamp-millis`` fields are aware UTC datetimes, ``date``
fields ``datetime.date``, ``uuid`` fields ``str``. ``encode`` accepts those or
epoch millis / days since epoch, and ``str`` or ``uuid.UUID`` for uuids.
Extra keys in a record that the schema does not have are ignored, as fastavro
does; a missing field with a default gets the default.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from fastavro import schemaless_reader, schemaless_writer
from fastavro.validation import validate as _fastavro_validate

from hub.contracts.errors import (
    ContractError,
    DecodeError,
    Problem,
    UnknownSchemaId,
    ValidationError,
    WireFormatError,
    describe_exception,
    from_fastavro_validation,
)
from hub.contracts.schemas import ContractSchema, SchemaSet, parse_schema_text
from hub.contracts.validation import find_problems
from hub.contracts.wire import HEADER_SIZE, MAGIC, frame, unframe


@runtime_checkable
class SchemaRegistry(Protocol):
    """What the serde needs from a schema registry (``hub.registry.client.RegistryClient``)."""

    async def register(self, subject: str, schema: str) -> int:
        """Register ``schema`` (Avro JSON text) under ``subject``; return its global id.

        Idempotent: registering a schema the subject already has returns its id.
        """
        ...

    async def get_schema(self, schema_id: int) -> str:
        """The Avro JSON text of the schema with global id ``schema_id``."""
        ...


def subject_for(topic: str) -> str:
    """TopicNameStrategy subject for a topic's values."""
    return f"{topic}-value"


@dataclass(frozen=True, eq=False)
class TopicBinding:
    """A topic bound to the hub's schema for its values, with the registered id."""

    topic: str
    subject: str
    schema: ContractSchema
    schema_id: int
    header: bytes


@dataclass(frozen=True, eq=False)
class _DecodePlan:
    writer: dict
    reader: dict | None
    reader_name: str


class HubSerde:
    """Avro serde for the hub's topics. Build once per process, share everywhere."""

    def __init__(self, schema_set: SchemaSet, registry: SchemaRegistry | None):
        self.schema_set = schema_set
        self.registry = registry
        self._topics: dict[str, TopicBinding] = {}
        self._writers: dict[int, ContractSchema] = {}
        self._plans: dict[tuple[str, int], _DecodePlan] = {}
        self._inflight: dict[int, asyncio.Future[ContractSchema]] = {}

    # --- start-up ---------------------------------------------------------

    async def register_topics(self, topics: Mapping[str, str]) -> dict[str, int]:
        """Register the schema for each ``{topic: schema_name}`` under ``<topic>-value``.

        Idempotent, and safe to call again with more topics. Returns the
        schema id of each topic. Errors from the registry (e.g. an
        incompatible change) propagate unchanged.
        """
        if self.registry is None:
            raise ContractError("this serde has no schema registry to register with")
        todo: list[tuple[str, ContractSchema]] = []
        for topic, name in topics.items():
            schema = self.schema_set.get(name)
            bound = self._topics.get(topic)
            if bound is not None:
                if bound.schema.fullname != schema.fullname:
                    raise ContractError(f"topic {topic} is already bound to {bound.schema.name}, not {schema.name}")
                continue
            todo.append((topic, schema))
        ids = await asyncio.gather(*(self.registry.register(subject_for(t), s.canonical) for t, s in todo))
        for (topic, schema), schema_id in zip(todo, ids):
            self.bind(topic, schema.name, int(schema_id))
        return {topic: self._topics[topic].schema_id for topic in topics}

    def bind(self, topic: str, schema_name: str, schema_id: int) -> TopicBinding:
        """Bind ``topic`` to a schema already registered with ``schema_id`` (no registry call).

        ``register_topics`` uses this; tools that know the ids may call it directly.
        """
        schema = self.schema_set.get(schema_name)
        binding = TopicBinding(topic, subject_for(topic), schema, schema_id, frame(schema_id, b""))
        self._topics[topic] = binding
        self._writers.setdefault(schema_id, schema)
        # Cached plans for this topic were made against the previous reader, if any.
        for key in [k for k in self._plans if k[0] == topic]:
            del self._plans[key]
        return binding

    def binding(self, topic: str) -> TopicBinding:
        b = self._topics.get(topic)
        if b is None:
            raise ContractError(f"topic {topic} has no schema bound; call register_topics first")
        return b

    def schema_id(self, topic: str) -> int:
        """The id the hub's schema for ``topic`` was registered with."""
        return self.binding(topic).schema_id

    @property
    def topics(self) -> dict[str, str]:
        """``{topic: schema_name}`` of the bound topics."""
        return {t: b.schema.name for t, b in self._topics.items()}

    # --- encode ------------------------------------------------------------

    def encode(self, topic: str, record: Mapping[str, Any]) -> bytes:
        """Validate ``record`` against the topic's schema and frame it with the schema id.

        ValidationError (with the field path, never the value) if it does not fit.
        """
        binding = self._topics.get(topic)
        if binding is None:
            raise ContractError(f"topic {topic} has no schema bound; call register_topics first")
        schema = binding.schema
        if not isinstance(record, Mapping) or not _fastavro_validate(record, schema.parsed, raise_errors=False):
            raise self._validation_error(schema, record)
        for name in schema.uuid_fields:
            value = record.get(name)
            if isinstance(value, str):
                try:
                    uuid.UUID(value)
                except ValueError:
                    raise ValidationError(schema.name, [Problem(name, "string (uuid)", "got a string that is not a UUID")]) from None
        buf = io.BytesIO()
        buf.write(binding.header)
        try:
            schemaless_writer(buf, schema.parsed, record)
        except Exception as exc:  # validated, so unexpected; never chain fastavro's message (it may quote data)
            raise ContractError(f"cannot encode {schema.name} for {topic}: {type(exc).__name__}") from None
        return buf.getvalue()

    def validate(self, schema_name: str, record: Mapping[str, Any]) -> None:
        """Raise ValidationError if ``record`` does not fit ``schema_name`` (no topic needed)."""
        schema = self.schema_set.get(schema_name)
        problems = find_problems(schema.parsed, record)
        if problems:
            raise ValidationError(schema.name, problems)

    @staticmethod
    def _validation_error(schema: ContractSchema, record: Any) -> ValidationError:
        problems = find_problems(schema.parsed, record)
        if problems:
            return ValidationError(schema.name, problems)
        # fastavro rejected what the walker accepts: report fastavro's field, not its datum.
        try:
            _fastavro_validate(record, schema.parsed, raise_errors=True)
        except Exception as exc:  # fastavro.validation.ValidationError
            return from_fastavro_validation(exc, schema.name, schema.fullname.rsplit(".", 1)[0])
        return ValidationError(schema.name, [])

    # --- decode ------------------------------------------------------------

    def decode(self, topic: str, data: bytes) -> dict[str, Any]:
        """Decode a framed value into the hub's current shape for ``topic``.

        UnknownSchemaId if the writer schema id is not cached (use
        ``decode_async``), WireFormatError for unframed bytes, DecodeError for
        bytes that do not decode with the writer schema.
        """
        if data is None or len(data) < HEADER_SIZE or data[0] != MAGIC:
            unframe(data)  # raises the precise WireFormatError
            raise WireFormatError("not a framed Avro value")  # pragma: no cover
        schema_id = int.from_bytes(data[1:HEADER_SIZE], "big")
        plan = self._plans.get((topic, schema_id))
        if plan is None:
            plan = self._plan(topic, schema_id)
        buf = io.BytesIO(data)
        buf.seek(HEADER_SIZE)
        try:
            record = schemaless_reader(buf, plan.writer, plan.reader)
        except Exception as exc:
            raise DecodeError(f"cannot decode a value on {topic} written with schema id {schema_id} "
                              f"as {plan.reader_name}: {describe_exception(exc)}") from None
        if buf.tell() != len(data):
            raise DecodeError(f"value on {topic} written with schema id {schema_id} has "
                              f"{len(data) - buf.tell()} byte(s) after the record (wrong schema id?)")
        return record

    async def decode_async(self, topic: str, data: bytes) -> dict[str, Any]:
        """Like ``decode``, fetching an unknown writer schema from the registry first."""
        try:
            return self.decode(topic, data)
        except UnknownSchemaId as exc:
            await self.fetch_writer_schema(exc.schema_id)
        return self.decode(topic, data)

    def is_cached(self, schema_id: int) -> bool:
        return schema_id in self._writers

    def add_writer_schema(self, schema_id: int, schema_text: str) -> ContractSchema:
        """Cache a writer schema known by other means (e.g. read from the registry's log)."""
        schema = self._writers.get(schema_id)
        if schema is None:
            schema = parse_schema_text(schema_text, f"with id {schema_id}")
            self._writers[schema_id] = schema
        return schema

    async def fetch_writer_schema(self, schema_id: int) -> ContractSchema:
        """The writer schema with ``schema_id``, fetched from the registry once.

        Concurrent callers for the same id share one request. Errors from the
        registry (e.g. no such id) propagate unchanged.
        """
        cached = self._writers.get(schema_id)
        if cached is not None:
            return cached
        if self.registry is None:
            raise UnknownSchemaId(schema_id)
        pending = self._inflight.get(schema_id)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch(schema_id))
            self._inflight[schema_id] = pending
            pending.add_done_callback(lambda _f: self._inflight.pop(schema_id, None))
        return await asyncio.shield(pending)

    async def _fetch(self, schema_id: int) -> ContractSchema:
        text = await self.registry.get_schema(schema_id)
        return self.add_writer_schema(schema_id, text)

    def _plan(self, topic: str, schema_id: int) -> _DecodePlan:
        binding = self._topics.get(topic)
        if binding is None:
            raise ContractError(f"topic {topic} has no schema bound; call register_topics first")
        writer = self._writers.get(schema_id)
        if writer is None:
            raise UnknownSchemaId(schema_id, topic)
        reader = binding.schema
        if writer.parsing_canonical_form == reader.parsing_canonical_form:
            # Same bytes, same shape: read with the reader's own schema, no resolution.
            plan = _DecodePlan(reader.decode_view, None, reader.name)
        else:
            plan = _DecodePlan(writer.decode_view, reader.decode_view, reader.name)
        self._plans[(topic, schema_id)] = plan
        return plan
