"""Avro schema compatibility, by the Apache ``avro`` package's checker.

``check_compatibility(reader, writer)`` answers: can a consumer using
``reader`` read every value written with ``writer``? That is BACKWARD
compatibility when ``reader`` is the new version and ``writer`` an old one
(and FORWARD when the roles are swapped). The schema-evolution guard in the
tests and the registry both use it.
"""

from __future__ import annotations

from collections.abc import Iterable

import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

from hub.contracts.errors import ContractError


def parse_avro(schema_str: str, what: str = "schema") -> avro.schema.Schema:
    """Parse with the ``avro`` package; ContractError if it does not parse."""
    try:
        return avro.schema.parse(schema_str)
    except Exception as exc:  # SchemaParseException, JSON errors, AvroException...
        raise ContractError(f"{what} does not parse: {type(exc).__name__}: {exc}") from None


def check_compatibility(reader_schema_str: str, writer_schema_str: str) -> list[str]:
    """Why ``reader`` cannot read data written with ``writer``; empty if it can.

    Each message names the kind of incompatibility, where it is (a path of
    field names in the reader schema, e.g. ``/findings[]/severity``) and
    detail from the checker. ContractError if either schema does not parse.
    """
    reader = parse_avro(reader_schema_str, "reader schema")
    writer = parse_avro(writer_schema_str, "writer schema")
    result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
    if result.compatibility is SchemaCompatibilityType.compatible:
        return []
    kinds = sorted({i.value for i in result.incompatibilities})
    locations = sorted({_readable_location(reader, loc) for loc in result.locations})
    if len(locations) > 1:
        # The checker's merge keeps the root of a compatible sub-result; drop it.
        locations = [loc for loc in locations if loc != "/"]
    messages = sorted(result.messages)
    if len(kinds) == len(locations) == len(messages) == 1:
        return [f"{kinds[0]} at {locations[0]}: {messages[0]}"]
    # The checker merges several incompatibilities into sets, losing which
    # message belongs to which location; report them side by side.
    return [f"{', '.join(kinds)} at {loc}" for loc in locations] + [f"detail: {m}" for m in messages]


def check_backward_transitive(reader_schema_str: str, writer_schema_strs: Iterable[str]) -> list[str]:
    """Problems reading data of every earlier version with ``reader``; empty if none."""
    problems: list[str] = []
    for i, writer in enumerate(writer_schema_strs):
        problems.extend(f"version {i}: {m}" for m in check_compatibility(reader_schema_str, writer))
    return problems


def _readable_location(schema: avro.schema.Schema, location: str) -> str:
    """Turn the checker's JSON-pointer-ish ``/fields/7/type/items/fields/3/type`` into
    ``/findings[]/severity`` by walking the reader schema; the raw location if the walk fails."""
    tokens = [t for t in location.split("/") if t]
    out: list[str] = []
    node = schema
    try:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok == "fields" and i + 1 < len(tokens):
                while node.type == "union":  # a location may skip over a ["null", record] union
                    node = next(s for s in node.schemas if s.type != "null")
                field = node.fields[int(tokens[i + 1])]
                out.append("/" + field.name)
                node = field.type
                i += 2
                continue
            if tok == "type":
                pass
            elif tok == "items":
                out.append("[]")
                node = node.items
            elif tok == "values":
                out.append("{}")
                node = node.values
            elif tok in ("symbols", "name", "size"):
                out.append(f" ({tok})")
            elif tok.isdigit() and node.type == "union":
                out.append(f" (union branch {tok})")
            else:
                return location
            i += 1
    except (AttributeError, IndexError, ValueError, StopIteration):
        return location or "/"
    return "".join(out) or "/"


def removed_enum_symbols(reader_schema_str: str, writer_schema_str: str) -> list[str]:
    """Hub policy on top of Avro's rules: enum symbols are never removed.

    Avro lets a reader whose enum has a default drop a writer's symbol (old
    data then reads as the default, e.g. ``unknown``), so ``check_compatibility``
    accepts it. For the hub that would silently turn old ``critical`` findings
    into ``unknown``; this reports each enum (by full name) that lost symbols.
    """
    reader = _enums(parse_avro(reader_schema_str, "reader schema"))
    writer = _enums(parse_avro(writer_schema_str, "writer schema"))
    problems = []
    for name, symbols in sorted(writer.items()):
        if name in reader:
            lost = [s for s in symbols if s not in reader[name]]
            if lost:
                problems.append(f"enum {name} lost symbol(s) {', '.join(lost)}")
    return problems


def _enums(schema: avro.schema.Schema) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    seen: set[int] = set()

    def walk(node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        t = getattr(node, "type", None)
        if t == "enum":
            found[node.fullname] = list(node.symbols)
        elif t in ("record", "error"):
            for f in node.fields:
                walk(f.type)
        elif t == "array":
            walk(node.items)
        elif t == "map":
            walk(node.values)
        elif t == "union":
            for s in node.schemas:
                walk(s)

    walk(schema)
    return found
