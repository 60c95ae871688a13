"""Load the hub's Avro contracts (``schemas/avro/*.avsc``) once, parsed for fastavro.

Every top-level ``.avsc`` is self-contained, so each parses on its own and can
be registered without schema references. A file's stem must equal its record's
name (``AuditOutcome.avsc`` holds record ``se.regionerna.hub.v1.AuditOutcome``).

Each schema is kept in three forms:

* ``parsed``: fastavro's parsed schema, for validating and writing;
* ``decode_view``: the same with the ``uuid`` logical type dropped, for reading,
  so an ``event_id`` decodes as the ``str`` it was written as (the bytes are the
  same; fastavro would otherwise return ``uuid.UUID``, and fail outright on a
  foreign writer's non-UUID string);
* ``canonical``: the compact JSON text that is registered. This is the full
  schema (docs, defaults, logical types), not the Avro Parsing Canonical Form,
  which drops defaults and so would lose what schema evolution depends on.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastavro
from fastavro.schema import to_parsing_canonical_form

from hub.contracts.errors import ContractError

NAMESPACE = "se.regionerna.hub.v1"


@dataclass(frozen=True, eq=False)
class ContractSchema:
    """One Avro record schema, parsed once."""

    name: str
    fullname: str
    raw: Mapping[str, Any] = field(repr=False)
    parsed: dict = field(repr=False)
    decode_view: dict = field(repr=False)
    canonical: str = field(repr=False)
    #: Avro Parsing Canonical Form: equal for schemas that read the same bytes alike.
    parsing_canonical_form: str = field(repr=False)
    #: Top-level fields with logicalType uuid, checked on encode (fastavro does not).
    uuid_fields: tuple[str, ...] = ()
    origin: str = ""


def parse_schema_text(text: str, origin: str = "<schema>") -> ContractSchema:
    """Parse one Avro schema from its JSON text; ``origin`` names it in errors."""
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise ContractError(f"schema {origin} is not valid JSON: {exc}") from None
    return parse_schema_json(raw, origin)


def parse_schema_json(raw: Any, origin: str = "<schema>") -> ContractSchema:
    """Parse one Avro schema from its JSON structure (a record schema)."""
    if not isinstance(raw, dict) or raw.get("type") != "record":
        raise ContractError(f"schema {origin} must be an Avro record schema")
    try:
        parsed = fastavro.parse_schema(copy.deepcopy(raw))
        decode_view = fastavro.parse_schema(_strip_uuid(copy.deepcopy(raw)))
        pcf = to_parsing_canonical_form(raw)
    except Exception as exc:  # fastavro raises SchemaParseException, UnknownType, ValueError, KeyError...
        raise ContractError(f"schema {origin} does not parse: {type(exc).__name__}: {exc}") from None
    fullname = parsed["name"]
    uuid_fields = tuple(
        f["name"] for f in raw.get("fields", [])
        if isinstance(f.get("type"), dict) and f["type"].get("logicalType") == "uuid"
    )
    return ContractSchema(
        name=fullname.rsplit(".", 1)[-1],
        fullname=fullname,
        raw=raw,
        parsed=parsed,
        decode_view=decode_view,
        canonical=json.dumps(raw, separators=(",", ":"), ensure_ascii=False),
        parsing_canonical_form=pcf,
        uuid_fields=uuid_fields,
        origin=origin,
    )


def _strip_uuid(node: Any) -> Any:
    """Drop ``logicalType: uuid`` everywhere (the bytes are a plain Avro string)."""
    if isinstance(node, dict):
        if node.get("logicalType") == "uuid":
            node.pop("logicalType")
        for v in node.values():
            _strip_uuid(v)
    elif isinstance(node, list):
        for v in node:
            _strip_uuid(v)
    return node


class SchemaSet:
    """The hub's schemas by name (``SupplierRecord`` or its full name)."""

    def __init__(self, schemas: Mapping[str, ContractSchema], schema_dir: Path | None = None):
        self._by_name = dict(schemas)
        self._by_fullname = {s.fullname: s for s in schemas.values()}
        self.schema_dir = schema_dir

    @classmethod
    def load(cls, schema_dir: Path | str | None = None) -> "SchemaSet":
        """Load and parse every ``*.avsc`` in ``schema_dir`` (default: the repo's ``schemas/avro``)."""
        if schema_dir is None:
            from hub.settings import DEFAULT_SCHEMA_DIR

            schema_dir = DEFAULT_SCHEMA_DIR
        schema_dir = Path(schema_dir)
        if not schema_dir.is_dir():
            raise ContractError(f"schema directory {schema_dir} does not exist")
        files = sorted(schema_dir.glob("*.avsc"))
        if not files:
            raise ContractError(f"schema directory {schema_dir} holds no .avsc files")
        schemas: dict[str, ContractSchema] = {}
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ContractError(f"schema {path.name} cannot be read: {exc}") from None
            schema = parse_schema_text(text, path.name)
            if schema.name != path.stem:
                raise ContractError(f"schema {path.name} defines record {schema.fullname}; "
                                    f"the file must be named {schema.name}.avsc")
            schemas[schema.name] = schema
        return cls(schemas, schema_dir)

    def get(self, name: str) -> ContractSchema:
        """The schema named ``name`` (simple or full name); ContractError if there is none."""
        schema = self._by_name.get(name) or self._by_fullname.get(name)
        if schema is None:
            raise ContractError(f"no schema named {name!r}; known: {', '.join(self.names())}")
        return schema

    def canonical(self, name: str) -> str:
        """The JSON text to register for ``name``."""
        return self.get(name).canonical

    def names(self) -> list[str]:
        """Simple names of all schemas, sorted."""
        return sorted(self._by_name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name or name in self._by_fullname

    def __iter__(self) -> Iterator[ContractSchema]:
        return iter(self._by_name[n] for n in self.names())

    def __len__(self) -> int:
        return len(self._by_name)


def load_schema_set(schema_dir: Path | str | None = None) -> SchemaSet:
    """Shorthand for ``SchemaSet.load(schema_dir)``."""
    return SchemaSet.load(schema_dir)
