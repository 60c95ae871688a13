"""Errors of the contracts layer, and the translation of fastavro's errors into them.

Field values never appear in these messages: an event may carry confidential
text (finding descriptions, interview material), and error messages end up in
logs, DLQ headers and problem documents. A message names the schema, the field
path (``findings[2].severity``), the expected type and the kind of problem.

Translated errors are raised ``from None``: fastavro's own exceptions carry the
offending datum in their message and must not be chained into a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub.errors import HubError


class ContractError(HubError):
    """An event, schema or frame does not fit the hub's Avro contracts."""


@dataclass(frozen=True)
class Problem:
    """One reason a record does not fit its schema: where, what was expected, what is wrong."""

    path: str
    expected: str
    problem: str

    def __str__(self) -> str:
        where = self.path or "<record>"
        return f"{where}: expected {self.expected}, {self.problem}"


_SHOWN = 3


class ValidationError(ContractError):
    """A record does not fit its schema.

    ``path`` is the first failing field (``findings[2].severity``; ``""`` for the
    record itself), ``reason`` says what was expected and what is wrong, and
    ``problems`` lists every problem found. None of them contains a value.
    """

    def __init__(self, schema: str, problems: list[Problem]):
        if not problems:
            problems = [Problem("", f"record {schema}", "does not validate")]
        self.schema = schema
        self.problems = tuple(problems)
        first = self.problems[0]
        self.path = first.path
        self.expected = first.expected
        self.problem = first.problem
        self.reason = f"expected {first.expected}, {first.problem}"
        shown = "; ".join(str(p) for p in self.problems[:_SHOWN])
        more = f" (and {len(self.problems) - _SHOWN} more)" if len(self.problems) > _SHOWN else ""
        super().__init__(f"invalid {schema}: {shown}{more}")


class WireFormatError(ContractError):
    """Bytes that are not a Confluent-framed Avro value."""


class UnknownSchemaId(ContractError):
    """A value was written with a schema id the serde has not cached.

    The synchronous ``decode`` raises it; ``decode_async`` fetches the schema
    from the registry instead.
    """

    def __init__(self, schema_id: int, topic: str | None = None):
        self.schema_id = schema_id
        self.topic = topic
        where = f" on topic {topic}" if topic else ""
        super().__init__(f"writer schema id {schema_id}{where} is not cached; fetch it from the schema registry")


class DecodeError(ContractError):
    """Bytes that could not be decoded with the writer (and reader) schema."""


# --- translation of fastavro errors ----------------------------------------

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def fastavro_field_to_path(field: str | None, namespace: str | None = None) -> str:
    """Best-effort path from fastavro's dotted ``field`` (``ns.Record.field``).

    fastavro names the record type and the field, not array indices, so the
    result is the field name qualified by its record type, e.g. ``Finding.severity``.
    """
    if not field:
        return ""
    if namespace and field.startswith(namespace + "."):
        field = field[len(namespace) + 1:]
    parts = [p for p in field.split(".") if _NAME.match(p)]
    return ".".join(parts)


def from_fastavro_validation(exc: Exception, schema: str, namespace: str | None = None) -> ValidationError:
    """Translate a ``fastavro.validation.ValidationError`` without its datum."""
    problems: list[Problem] = []
    for err in getattr(exc, "errors", ()) or ():
        field = getattr(err, "field", None)
        sub = getattr(err, "schema", None)
        problems.append(Problem(
            fastavro_field_to_path(field, namespace),
            describe_schema(sub),
            "value does not fit",
        ))
    return ValidationError(schema, problems)


def describe_exception(exc: BaseException) -> str:
    """The kind of a decoding failure, never its message (which may quote data)."""
    import struct

    if isinstance(exc, EOFError):
        return "data ends before the record does (truncated or not Avro)"
    if isinstance(exc, struct.error):
        return "data is too short for a fixed-size value (truncated or not Avro)"
    if isinstance(exc, UnicodeDecodeError):
        return "a string is not valid UTF-8 (not Avro, or written with another schema)"
    if isinstance(exc, IndexError):
        return "an enum or union index is out of range (written with another schema?)"
    if isinstance(exc, MemoryError | OverflowError):
        return "a length prefix is absurdly large (not Avro, or written with another schema)"
    name = type(exc).__name__
    if name == "SchemaResolutionError":
        return "writer and reader schemas are not compatible"
    if isinstance(exc, ValueError):
        return "a value cannot be converted to its logical type"
    return f"{name} while decoding"


def describe_schema(schema) -> str:
    """A short human name for a (parsed) schema: ``string``, ``enum Severity``, ``[null, string]``."""
    if schema is None:
        return "a value of the schema's type"
    if isinstance(schema, str):
        return schema.rsplit(".", 1)[-1]
    if isinstance(schema, list):
        return "one of [" + ", ".join(describe_schema(s) for s in schema) + "]"
    if isinstance(schema, dict):
        t = schema.get("type")
        lt = schema.get("logicalType")
        if t in ("record", "error", "enum", "fixed"):
            return f"{'record' if t == 'error' else t} {str(schema.get('name', '')).rsplit('.', 1)[-1]}"
        if t == "array":
            return f"array of {describe_schema(schema.get('items'))}"
        if t == "map":
            return f"map of {describe_schema(schema.get('values'))}"
        if lt:
            return f"{t} ({lt})"
        return describe_schema(t)
    return str(schema)
